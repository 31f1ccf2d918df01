# The two commands a new machine needs: `make run` and `make test`.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test seed clean

setup:
	EXTRAS=$${EXTRAS:-test} scripts/setup.sh

## Serve the portal on http://$(HOST):$(PORT) with the seed data, on SpatiaLite by default.
run: setup seed
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

## Create the tables and load the seed data and postcodes when they are missing.
seed:
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_seed --if-empty
	DEBUG=$${DEBUG:-true} $(PY) manage.py import_postcodes --if-empty

## Run the whole test suite (set DATABASE_URL=postgis://... to run it on PostGIS).
## The browser tests need Debian's Chromium, so the test setup installs it.
test:
	EXTRA_APT_PACKAGES="chromium fonts-dejavu-core $${EXTRA_APT_PACKAGES:-}" EXTRAS=$${EXTRAS:-test} scripts/setup.sh
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf .venv db.sqlite3 staticfiles .pytest_cache

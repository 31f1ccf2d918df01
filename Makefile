# The two commands a new machine needs: `make run` and `make test`.
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test seed clean lock audit

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

## Pin every package, with its hashes, in requirements.lock: run after adding or changing a dependency
## in pyproject.toml (UPGRADE=1 also moves every pin to its newest allowed release). The lock is for
## Debian 12's Python 3.11 on x86_64, what setup.sh picks first. pip-tools runs from a throwaway
## virtual environment, so it never becomes one of the portal's packages.
LOCK_PYTHON ?= /usr/bin/python3
lock:
	@$(LOCK_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "The lock is for Python 3.11 (Debian 12): set LOCK_PYTHON=/path/to/python3.11")'
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(LOCK_PYTHON) -m venv "$$tmp" \
	  && "$$tmp/bin/pip" install -q pip-tools \
	  && CUSTOM_COMPILE_COMMAND="make lock" "$$tmp/bin/pip-compile" -q $(if $(UPGRADE),--upgrade) --generate-hashes \
	     --extra test --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

## Check the locked packages against the known vulnerabilities, from PyPI's vulnerability service.
## --strict fails when a package cannot be looked up, rather than report "no known vulnerabilities".
audit:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(LOCK_PYTHON) -m venv "$$tmp" \
	  && "$$tmp/bin/pip" install -q pip-audit && "$$tmp/bin/pip-audit" --strict --disable-pip -r requirements.lock

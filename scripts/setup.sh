#!/usr/bin/env bash
# Take a Debian/Ubuntu machine to a ready virtual environment in .venv:
# system libraries (GDAL, GEOS, PROJ, SpatiaLite), a Python that can load
# SQLite extensions, and the project's Python packages.
#   EXTRAS=test,geodata scripts/setup.sh   chooses optional dependency groups
#   PYTHON=/path/to/python3 scripts/setup.sh   tries that interpreter first
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS="${EXTRAS:-test}"
VENV=".venv"
APT_PACKAGES=(python3 python3-venv python3-dev build-essential libpq-dev gdal-bin libsqlite3-mod-spatialite gettext)

say() { printf '==> %s\n' "$*"; }

missing_apt_packages() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}" ${EXTRA_APT_PACKAGES:-}; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_system_packages() {
  command -v dpkg-query >/dev/null || { say "Not a Debian/Ubuntu system: install GDAL, SpatiaLite and python3-venv yourself."; return; }
  local missing
  missing=$(missing_apt_packages | tr '\n' ' ')
  [ -z "${missing// }" ] && return
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"
    else
      say "These system packages are missing and I cannot install them without root or sudo: $missing"
      say "Run: sudo apt-get install -y $missing"
      exit 1
    fi
  fi
  say "Installing system packages: $missing"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# SpatiaLite is a SQLite extension, so the interpreter's sqlite3 module must be
# built with extension loading. Some Pythons (pyenv's default build, for one)
# are not, and cannot use the embedded database at all.
can_load_spatialite() {
  "$1" - <<'PY' >/dev/null 2>&1
import sqlite3, sys, venv, ensurepip
assert sys.version_info >= (3, 11)
conn = sqlite3.connect(":memory:")
conn.enable_load_extension(True)
conn.load_extension("mod_spatialite")
PY
}

pick_python() {
  local candidate
  for candidate in ${PYTHON:-} /usr/bin/python3 /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.11 \
                   "$(command -v python3 || true)" "$(command -v python3.13 || true)" \
                   "$(command -v python3.12 || true)" "$(command -v python3.11 || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if can_load_spatialite "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

install_system_packages

if [ -x "$VENV/bin/python" ] && can_load_spatialite "$VENV/bin/python"; then
  say "Using the existing virtual environment $VENV"
else
  rm -rf "$VENV"
  if ! python_bin=$(pick_python); then
    say "No Python 3.11+ here can load the SpatiaLite extension (sqlite3 needs extension loading, and"
    say "the venv module must be present). Install Debian's python3 and python3-venv, or set PYTHON=/path."
    exit 1
  fi
  say "Creating $VENV with $python_bin ($("$python_bin" --version))"
  "$python_bin" -m venv "$VENV"
fi

# Every package, the test extra's included, is pinned with its hashes in requirements.lock
# (made by `make lock` from pyproject.toml, for Debian 12's Python 3.11 on x86_64), so every
# machine installs the same files and pip refuses any that differ. The project goes on top
# without dependencies. The geodata extra (only derive_boundaries needs it) is not locked:
# when EXTRAS asks for it, it is installed on top, at whatever versions pip resolves.
stamp="$VENV/.installed-$EXTRAS"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  say "Installing Python packages from requirements.lock (extras: $EXTRAS)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements.lock
  "$VENV/bin/python" -m pip install -q --no-deps -e .
  unlocked=$(tr ',' '\n' <<<"$EXTRAS" | grep -vx -e test -e '' | paste -sd, - || true)
  if [ -n "$unlocked" ]; then
    say "Installing the extras that are not locked, unpinned: $unlocked"
    "$VENV/bin/python" -m pip install -q -e ".[$unlocked]"
  fi
  # A dependency added to pyproject.toml but not to the lock would be missing: say so now.
  if ! broken=$("$VENV/bin/python" -m pip check 2>&1); then
    printf '%s\n' "$broken"
    say "The installed packages do not meet pyproject.toml: run \`make lock\` to update requirements.lock."
    exit 1
  fi
  touch "$stamp"
fi

# The Welsh interface text: compile locale/*/django.po into the .mo files Django reads.
# DEBUG=1 only so that settings load without a SECRET_KEY.
# Only when a catalogue is newer than its compiled file: two test runs at once (CI) must not both write it.
stale_catalogues=$(find locale -name '*.po' | while read -r po; do if [ "$po" -nt "${po%.po}.mo" ]; then echo "$po"; fi; done)
if [ -z "$stale_catalogues" ]; then
  :
elif command -v msgfmt >/dev/null; then
  DEBUG=1 "$VENV/bin/python" manage.py compilemessages --ignore=.venv -v0
else
  say "msgfmt (gettext) is missing: using the committed .mo files as they are."
fi
say "Environment ready: $VENV"

#!/usr/bin/env bash
# hsconsole's one entry point for a fresh machine:
#   ./dev.sh demo [args...]  set everything up, start the console on the demo simulator
#   ./dev.sh test [args...]  set everything up, run lint, type checks, the import layers and the whole test suite
#   ./dev.sh setup           only set everything up
#   ./dev.sh translations    gather the window's words into resources/i18n/*.ts and compile them to .qm
# Setting up means: the system libraries Qt needs (Debian/Ubuntu, when missing),
# a virtualenv in .venv, and the Python packages (again only when pyproject.toml changed).
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
QT_DEBS=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0
  libxcb-util1 libgssapi-krb5-2 fonts-dejavu-core)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian-like: nothing we can do here
  local missing=() pkg
  for pkg in "${QT_DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=("python3-venv")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  if ! { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    say "could not install ${missing[*]} (need root or sudo); Qt may fail to start without them"
  fi
}

python_packages() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.hsconsole-installed" want
  want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing Python packages into $VENV"
    if ! { "$VENV/bin/python" -m pip install -q --upgrade pip &&
           "$VENV/bin/python" -m pip install -q -e '.[dev]'; } >"$VENV/pip.log" 2>&1; then
      tail -n 40 "$VENV/pip.log" >&2
      say "installing the Python packages failed (whole log: $VENV/pip.log)"
      exit 1
    fi
    echo "$want" >"$stamp"
  fi
}

setup() {
  system_packages
  python_packages
}

# Each .ts (the translators' source, committed) gets the words marked in hsconsole/ui; the .qm (what the
# console loads, committed too so a checkout and the bundle need no Qt tools) is compiled from it.
translations() {
  local ts
  for ts in resources/i18n/hsconsole_*.ts; do
    "$VENV/bin/pyside6-lupdate" -locations none -no-obsolete hsconsole/*.py hsconsole/ui/*.py hsconsole/services/*.py hsconsole/domain/*.py hsconsole/store/*.py hsconsole/api/*.py hsconsole/api/*/*.py -ts "$ts"
  done
  "$VENV/bin/python" packaging/city_names.py  # the zones' city names, from CLDR (babel)
  for ts in resources/i18n/hsconsole_*.ts resources/i18n/cities_*.ts; do
    "$VENV/bin/pyside6-lrelease" -removeidentical "$ts" -qm "${ts%.ts}.qm"
  done
}

cmd=${1:-demo}
shift || true
case "$cmd" in
  setup) setup ;;
  translations)
    setup
    translations
    ;;
  demo)
    setup
    exec "$VENV/bin/hsconsole" --demo "$@"
    ;;
  test)
    setup
    say "ruff"
    "$VENV/bin/ruff" check .
    "$VENV/bin/ruff" format --check .
    say "mypy"
    "$VENV/bin/mypy"
    say "import layers"
    "$VENV/bin/lint-imports"
    say "pytest"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh demo|test|setup|translations [args...]" >&2
    exit 2
    ;;
esac

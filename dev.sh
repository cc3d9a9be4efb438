#!/bin/sh
# Safepath's two commands:
#   ./dev.sh run    the whole system on SQLite with demo data, at http://127.0.0.1:8000
#   ./dev.sh test   the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)
# Both make .venv and install the pinned dependencies on first use.
set -eu
cd "$(dirname "$0")"

python=${PYTHON:-python3}

venv() {
    extras=$1
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "Safepath needs Python 3.11 or newer ($python is older or missing)." >&2
        exit 1
    fi
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    stamp=".venv/.installed-$extras-$(cksum pyproject.toml | cut -d' ' -f1)"
    if [ ! -f "$stamp" ]; then
        echo "Installing dependencies into .venv (log: .venv/pip.log) ..."
        if ! { .venv/bin/python -m pip install --upgrade pip &&
               .venv/bin/python -m pip install -e ".$extras"; } >.venv/pip.log 2>&1; then
            tail -n 30 .venv/pip.log >&2
            echo "Installing the dependencies failed; see .venv/pip.log." >&2
            exit 1
        fi
        touch "$stamp"
    fi
}

case "${1:-}" in
run)
    venv ""
    export SAFEPATH_DEMO=1
    mkdir -p var/static
    .venv/bin/python manage.py migrate --verbosity 0
    .venv/bin/python manage.py seed_demo
    exec .venv/bin/python manage.py runserver 127.0.0.1:8000
    ;;
test)
    shift
    venv "[test]"
    .venv/bin/python -m ruff check .
    .venv/bin/python -m ruff format --check .
    exec .venv/bin/python -m pytest "$@"
    ;;
*)
    echo "usage: ./dev.sh run | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac

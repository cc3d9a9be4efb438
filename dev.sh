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
    # The background jobs' worker (docs/jobs.md): the database is the queue,
    # so no other server is needed. It stops when runserver does.
    .venv/bin/python manage.py jobs_worker --no-reload --verbosity 0 &
    worker=$!
    trap 'kill "$worker" 2>/dev/null || true' EXIT
    trap 'exit 130' INT TERM
    .venv/bin/python manage.py runserver 127.0.0.1:8000
    ;;
test)
    shift
    venv "[test]"
    .venv/bin/python -m ruff check .
    .venv/bin/python -m ruff format --check .
    .venv/bin/python -m bandit --quiet -r safepath -c pyproject.toml
    # The dependency audit asks PyPI about every installed package, so it
    # needs the network: CI turns it on (.ci/run), a plain test run does not.
    # --strict: a package it could not check fails the run. Where PyPI's
    # vulnerability data cannot be reached at all (a mirror without its JSON
    # API), the audit cannot run: it says so loudly instead of passing.
    if [ "${SAFEPATH_AUDIT:-}" = 1 ]; then
        if .venv/bin/python -c 'import django, urllib.request
urllib.request.urlopen(f"https://pypi.org/pypi/Django/{django.__version__}/json", timeout=30)' 2>/dev/null; then
            .venv/bin/python -m pip_audit --vulnerability-service pypi --strict \
                --skip-editable --progress-spinner off
        else
            echo "*** DEPENDENCY AUDIT NOT RUN: PyPI's vulnerability data" \
                "(https://pypi.org/pypi/<package>/<version>/json) does not answer" \
                "from this machine; see docs/security.md. ***" >&2
        fi
    fi
    exec .venv/bin/python -m pytest "$@"
    ;;
*)
    echo "usage: ./dev.sh run | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac

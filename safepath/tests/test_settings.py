"""Safe by default: without keys Safepath refuses to touch data."""

import os
import subprocess
import sys

from django.conf import settings


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAFEPATH_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_open_data_without_a_secret_key(tmp_path):
    result = manage("migrate", SAFEPATH_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set SAFEPATH_SECRET_KEY" in result.stderr
    assert not list(tmp_path.iterdir())  # no database, no keys made


def test_it_refuses_to_open_data_without_encryption_keys(tmp_path):
    result = manage(
        "migrate", SAFEPATH_SECRET_KEY="x" * 50, SAFEPATH_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "SAFEPATH_ENCRYPTION_KEYS" in result.stderr


def test_it_checks_migrations_on_a_bare_checkout(tmp_path):
    result = manage(
        "makemigrations", "--check", "--dry-run", SAFEPATH_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout

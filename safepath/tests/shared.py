"""Third-party reference files are read from ../shared, never copied here."""

import os
from pathlib import Path

import pytest
from django.conf import settings

SHARED = Path(os.environ.get("SAFEPATH_SHARED", settings.BASE_DIR.parent / "shared"))


def shared_file(relative: str) -> Path:
    """The file, or a skip on a fresh clone without ../shared (a failure in CI)."""
    path = SHARED / relative
    if path.exists():
        return path
    message = f"{path} is absent: reference files are not part of a fresh clone"
    if os.environ.get("SAFEPATH_CI"):
        pytest.fail(message)
    pytest.skip(message)

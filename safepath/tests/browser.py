"""Playwright driving Debian's Chromium; never a downloaded browser."""

import os
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("SAFEPATH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def browser_status() -> str:
    if not CHROMIUM.exists():
        return f"skipped: {CHROMIUM} is missing (apt-get install chromium)"
    version = subprocess.run(  # noqa: S603 - a fixed local binary
        [str(CHROMIUM), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{version or CHROMIUM}"


def require_chromium() -> None:
    """Skip without Chromium on a developer's machine; fail in CI."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: apt-get install chromium"
    if os.environ.get("SAFEPATH_CI"):
        pytest.fail(message)
    pytest.skip(message)

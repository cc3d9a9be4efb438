"""A plain (non-editable) install must hold everything Safepath needs at run
time: templates, static files, compiled catalogues and data files, not only
Python modules (docs/deployment.md installs the wheel)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_holds_every_file_of_the_package(tmp_path):
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("needs the git checkout, to know which files are the project's")
    pytest.importorskip("setuptools")
    tracked = subprocess.run(  # noqa: S603
        [shutil.which("git"), "ls-files"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # Built from a copy of the checkout: a build/ directory left by an
    # earlier build would otherwise lend the wheel its files.
    source = tmp_path / "source"
    for name in tracked:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    needed = {
        name
        for name in tracked
        if name.startswith("safepath/")
        and not name.endswith(".py")
        and "/tests/" not in name
        and (ROOT / name).exists()
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("safepath-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())
    assert needed, "no data files found: the test would prove nothing"
    assert needed - packaged == set()

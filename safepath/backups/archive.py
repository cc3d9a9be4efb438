"""The backup file: a gzipped tar of a manifest, the database dump and the
uploaded files, encrypted with age (https://age-encryption.org/v1) to one or
more public keys, through pyrage.

age authenticates every 64 KiB chunk and the end of the stream, so a changed
byte or a truncated file fails decryption as a whole. After decrypting, the
SHA-256 of every part is checked again against the manifest, and nothing but
the manifest's parts may be in the archive.

Nothing here touches the database; every message is free of personal data.
"""

import hashlib
import io
import json
import re
import tarfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pyrage

FORMAT = "safepath-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
EXTENSION = ".tar.gz.age"
AGE_MAGIC = b"age-encryption.org/v1\n"
NAME = re.compile(r"^safepath-(\d{8}-\d{6})\.tar\.gz\.age$")
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup that cannot be made, read or restored. The message says why
    and what to do, and never quotes data."""


def backup_name(at: datetime) -> str:
    """safepath-YYYYMMDD-HHMMSS.tar.gz.age, in UTC."""
    return f"safepath-{at.astimezone(UTC):%Y%m%d-%H%M%S}{EXTENSION}"


def backup_time(name: str) -> datetime | None:
    """When a backup was made, from its file name; None for other files."""
    match = NAME.match(name)
    if not match:
        return None
    try:
        return datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_recipients(values: Iterable[str]) -> list[pyrage.x25519.Recipient]:
    recipients = []
    for value in values:
        try:
            recipients.append(pyrage.x25519.Recipient.from_str(value.strip()))
        except pyrage.RecipientError:
            raise BackupError(
                "A backup recipient is not an age public key (age1...): check "
                "SAFEPATH_BACKUP_RECIPIENTS or the key file's backup-recipient "
                "lines."
            ) from None
    if not recipients:
        raise BackupError(
            "No backup recipient: set SAFEPATH_BACKUP_RECIPIENTS to the age public "
            "key (age1...) of the identity kept offline, or add a "
            "'backup-recipient: age1...' line to the key file (docs/backups.md)."
        )
    return recipients


def read_identities(path: Path) -> list[pyrage.x25519.Identity]:
    """The age identities (AGE-SECRET-KEY-1...) in a file, as age-keygen and
    `manage.py backup_keygen` write it; lines starting with # are comments."""
    try:
        lines = path.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Cannot read the identity file {path}: {error}") from None
    identities = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            identities.append(pyrage.x25519.Identity.from_str(line.strip()))
        except pyrage.IdentityError:
            raise BackupError(
                f"{path} is not an age identity file (lines AGE-SECRET-KEY-1...)."
            ) from None
    if not identities:
        raise BackupError(f"{path} holds no age identity (AGE-SECRET-KEY-1...).")
    return identities


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_part_name(name: str) -> bool:
    """A part lands under the extraction directory: the database dump, or a
    relative path under media/ without '..'."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name != str(path):
        return False
    return name in ("database.dump", "database.sqlite3") or (
        path.parts[0] == "media" and len(path.parts) > 1
    )


def archive_write(
    *,
    manifest: dict,
    parts: dict[str, Path],
    recipients: list[pyrage.x25519.Recipient],
    work_dir: Path,
    output: Path,
    progress: Progress,
) -> None:
    """Write the encrypted archive to `output`, by way of `output`.partial, so
    that a crash never leaves a file that looks like a whole backup."""
    manifest = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION}
    manifest["parts"] = {}
    for name, path in parts.items():
        if not _safe_part_name(name):
            raise BackupError(f"Cannot store a part named {name!r}.")
        manifest["parts"][name] = {
            "sha256": sha256_file(path),
            "size": path.stat().st_size,
        }
    plain = work_dir / "archive.tar.gz"
    started = time.monotonic()
    progress(f"Archiving {len(parts)} part(s)...")
    with tarfile.open(plain, "w:gz", compresslevel=6) as tar:
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        _add(tar, MANIFEST, data=data)
        for name, path in parts.items():
            _add(tar, name, path=path)
    progress(f"  archive {size_text(plain.stat().st_size)} in {_since(started)}")
    started = time.monotonic()
    progress("Encrypting...")
    partial = output.with_name(output.name + ".partial")
    try:
        pyrage.encrypt_file(str(plain), str(partial), recipients)
        partial.chmod(0o600)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    progress(f"  encrypted in {_since(started)}")


def _add(
    tar: tarfile.TarFile,
    name: str,
    *,
    data: bytes | None = None,
    path: Path | None = None,
) -> None:
    info = tarfile.TarInfo(name)
    info.mode, info.mtime = 0o600, int(time.time())
    if data is not None:
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        return
    if path is None:
        raise ValueError("an archive entry needs data or a path")
    info.size = path.stat().st_size
    with path.open("rb") as file:
        tar.addfile(info, file)


@dataclass
class OpenedBackup:
    """A decrypted backup whose parts all match the manifest."""

    file: Path
    manifest: dict
    parts: dict[str, Path]

    @property
    def vendor(self) -> str:
        return self.manifest["database"]["vendor"]

    @property
    def database_part(self) -> Path:
        return self.parts[self.manifest["database"]["part"]]

    @property
    def media_parts(self) -> dict[str, Path]:
        return {k: v for k, v in self.parts.items() if k.startswith("media/")}


def archive_open(
    *,
    path: Path,
    identities: list[pyrage.x25519.Identity],
    work_dir: Path,
    progress: Progress,
) -> OpenedBackup:
    """Decrypt and unpack a backup into `work_dir`, checking every part.

    Raises BackupError on a file that is not an age file, cannot be opened
    with the identities, was altered or truncated, or does not match its
    manifest."""
    try:
        with path.open("rb") as file:
            magic = file.read(len(AGE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error}") from None
    if magic != AGE_MAGIC:
        raise BackupError(f"{path.name} is not an age-encrypted Safepath backup.")
    work_dir.mkdir(parents=True, exist_ok=True)
    plain = work_dir / "archive.tar.gz"
    started = time.monotonic()
    progress("Decrypting...")
    try:
        pyrage.decrypt_file(str(path), str(plain), identities)
    except (pyrage.DecryptError, OSError) as error:
        # pyrage reports a failed chunk as an OSError without an errno.
        if isinstance(error, OSError) and error.errno is not None:
            raise BackupError(f"Cannot decrypt {path.name}: {error}") from None
        if "no matching keys" in str(error).lower():
            raise BackupError(
                f"{path.name} cannot be opened with this identity: it was "
                "encrypted to another key (or its header is damaged)."
            ) from None
        raise BackupError(
            f"{path.name} is damaged: decryption failed ({error}). It was altered "
            "or truncated after it was written. Use another copy."
        ) from None
    progress(f"  decrypted in {_since(started)}")
    progress("Checking the archive...")
    try:
        return _unpack(path, plain, work_dir / "parts")
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as error:
        raise BackupError(f"{path.name} is not a readable backup: {error}") from None


def _unpack(file: Path, plain: Path, into: Path) -> OpenedBackup:
    with tarfile.open(plain, "r:gz") as tar:
        member = tar.next()
        if member is None or member.name != MANIFEST or not member.isfile():
            raise BackupError(f"{file.name} has no manifest first.")
        manifest = json.load(tar.extractfile(member))
        _check_manifest(file, manifest)
        expected = manifest["parts"]
        parts: dict[str, Path] = {}
        for index, member in enumerate(tar):
            if index == 0:  # the manifest, read above
                continue
            name = member.name
            if name not in expected or name in parts or not member.isfile():
                raise BackupError(f"{file.name} holds an unexpected entry {name!r}.")
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, target.open("xb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected[name]["sha256"]:
                raise BackupError(f"{file.name}: {name} does not match its SHA-256.")
            if target.stat().st_size != expected[name]["size"]:
                raise BackupError(f"{file.name}: {name} does not have its size.")
            parts[name] = target
    missing = sorted(set(expected) - set(parts))
    if missing:
        raise BackupError(f"{file.name} lacks {', '.join(missing)}.")
    return OpenedBackup(file=file, manifest=manifest, parts=parts)


def _check_manifest(file: Path, manifest: dict) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{file.name} is not a Safepath backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{file.name} has backup format {manifest.get('format_version')}; this "
            f"Safepath reads format {FORMAT_VERSION}."
        )
    parts = manifest.get("parts")
    database = manifest.get("database")
    if not isinstance(parts, dict) or not isinstance(database, dict):
        raise BackupError(f"{file.name} has an incomplete manifest.")
    if any(not _safe_part_name(name) for name in parts):
        raise BackupError(f"{file.name} names a part outside the archive.")
    if database.get("part") not in parts:
        raise BackupError(f"{file.name} has no database dump.")
    if not isinstance(manifest.get("tables"), dict):
        raise BackupError(f"{file.name} has no table counts.")


def size_text(size: float) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"

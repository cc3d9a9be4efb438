"""Writing, pruning and restoring backups (docs/backups.md)."""

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safepath.audit.selectors import ChainReport, audit_chain_verify
from safepath.audit.services import audit_record
from safepath.backups.archive import (
    BackupError,
    OpenedBackup,
    Progress,
    archive_write,
    backup_name,
    parse_recipients,
    sha256_file,
    size_text,
)
from safepath.backups.database import current_counts, database_dump, database_restore
from safepath.backups.models import BackupRecord
from safepath.backups.retention import RetentionPlan, retention_plan
from safepath.backups.selectors import restore_refusals


def _safepath_version() -> str:
    try:
        return version("safepath")
    except PackageNotFoundError:
        return "unknown"


def _media_files() -> dict[str, Path]:
    """The uploaded files under MEDIA_ROOT, if it is set. Safepath keeps
    everything in the database today (attachments too, encrypted), so this is
    usually empty; symbolic links are not followed."""
    if not settings.MEDIA_ROOT:
        return {}
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        f"media/{path.relative_to(root).as_posix()}": path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def backup_create(
    *, output_dir: Path, recipients: list[str], progress: Progress
) -> BackupRecord:
    """Write one encrypted backup file into `output_dir` and record it."""
    parsed = parse_recipients(recipients)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    created_at = timezone.now().replace(microsecond=0)
    output = output_dir / backup_name(created_at)
    if output.exists():
        raise BackupError(f"{output} exists already; try again in a second.")
    # The plain dump lives only in this private directory (mode 700), as
    # sensitive as the database itself (personal fields stay ciphertext).
    with tempfile.TemporaryDirectory(prefix="safepath-backup-") as work:
        work_dir = Path(work)
        dump = database_dump(into=work_dir, progress=progress)
        progress(f"  dump {size_text(dump.path.stat().st_size)}")
        media = _media_files()
        if media:
            progress(f"Adding {len(media)} uploaded file(s) from MEDIA_ROOT...")
        manifest = {
            "safepath_version": _safepath_version(),
            "created_at": created_at.isoformat(),
            "database": {
                "vendor": dump.vendor,
                "part": dump.part,
                "server_version": dump.server_version,
            },
            "migrations": dump.migrations,
            "tables": dump.tables,
        }
        archive_write(
            manifest=manifest,
            parts={dump.part: dump.path, **media},
            recipients=parsed,
            work_dir=work_dir,
            output=output,
            progress=progress,
        )
    return _record(
        action="backup.create",
        file_name=output.name,
        size=output.stat().st_size,
        sha256=sha256_file(output),
        created_at=created_at,
    )


@transaction.atomic
def _record(*, action: str, **fields) -> BackupRecord:
    record = BackupRecord.objects.create(**fields)
    audit_record(actor=None, action=action, target=record)
    return record


def backup_prune(
    *, output_dir: Path, daily: int, weekly: int, monthly: int
) -> RetentionPlan:
    """Delete the backups in `output_dir` that the retention rules let go."""
    names = [p.name for p in output_dir.iterdir() if p.is_file()]
    plan = retention_plan(names, daily=daily, weekly=weekly, monthly=monthly)
    for name in plan.delete:
        (output_dir / name).unlink()
        _pruned(name)
    return plan


@transaction.atomic
def _pruned(name: str) -> None:
    now = timezone.now()
    records = list(BackupRecord.objects.filter(file_name=name, pruned_at=None))
    for record in records:
        record.pruned_at = now
        record.save(update_fields=["pruned_at"])
        audit_record(actor=None, action="backup.prune", target=record)


@dataclass
class RestoreReport:
    counts: list[tuple[str, int, int | None]]  # table, in the manifest, restored
    chain: ChainReport
    record: BackupRecord

    @property
    def mismatches(self) -> list[tuple[str, int, int | None]]:
        return [row for row in self.counts if row[1] != row[2]]


def backup_restore(*, backup: OpenedBackup, progress: Progress) -> RestoreReport:
    """Restore a verified backup into this (empty) installation: the database,
    then the uploaded files; then check the audit chain and the row counts.

    Refuses, changing nothing, where restore_refusals() finds a reason."""
    refusals = restore_refusals(backup=backup)
    if refusals:
        raise BackupError(" ".join(refusals))
    database_restore(path=backup.database_part, vendor=backup.vendor, progress=progress)
    if backup.media_parts:
        progress(f"Restoring {len(backup.media_parts)} uploaded file(s)...")
        root = Path(settings.MEDIA_ROOT)
        for name, path in backup.media_parts.items():
            target = root / name.removeprefix("media/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    progress("Counting rows...")
    restored = current_counts()
    expected = backup.manifest["tables"]
    counts = [
        (table, expected.get(table, 0), restored.get(table))
        for table in sorted(set(expected) | set(restored))
    ]
    progress("Checking the audit trail...")
    chain = audit_chain_verify()
    record = _record(
        action="backup.restore",
        file_name=backup.file.name,
        size=backup.file.stat().st_size,
        sha256=sha256_file(backup.file),
        created_at=datetime.fromisoformat(backup.manifest["created_at"]),
        restored_at=timezone.now(),
    )
    return RestoreReport(counts=counts, chain=chain, record=record)

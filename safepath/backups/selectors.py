from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from safepath.backups.archive import (
    BackupError,
    OpenedBackup,
    Progress,
    archive_open,
    read_identities,
)
from safepath.backups.database import (
    current_tables,
    database_dump_check,
    database_vendor,
    tables_with_data,
)


@dataclass
class Verified:
    backup: OpenedBackup
    summary: list[str]


def backup_verify(
    *,
    path: Path,
    identity_file: Path,
    work_dir: Path,
    progress: Progress,
    vendor: str | None = None,
) -> Verified:
    """Decrypt a backup into `work_dir` and check every part and the dump;
    with `vendor`, first that it was made from that database system.

    Needs no database: it runs on the offline machine that holds the identity.
    Raises BackupError on any problem."""
    backup = archive_open(
        path=path,
        identities=read_identities(identity_file),
        work_dir=work_dir,
        progress=progress,
    )
    if vendor and backup.vendor != vendor:
        raise BackupError(_other_vendor(backup.vendor, vendor))
    manifest = backup.manifest
    progress("Checking the database dump...")
    dump = database_dump_check(
        path=backup.database_part, vendor=backup.vendor, tables=manifest["tables"]
    )
    rows = sum(manifest["tables"].values())
    summary = [
        f"{path.name}: made {manifest.get('created_at')} by Safepath "
        f"{manifest.get('safepath_version')} from {backup.vendor} "
        f"{manifest['database'].get('server_version', '')}".rstrip(),
        f"  {len(backup.parts)} part(s), every SHA-256 matches the manifest",
        f"  {len(manifest['tables'])} tables, {rows} rows",
        f"  {len(backup.media_parts)} uploaded file(s)",
        f"  {dump}",
        f"  migrations: {_migrations(manifest)}",
    ]
    return Verified(backup=backup, summary=summary)


def _migrations(manifest: dict) -> str:
    state = manifest.get("migrations", {})
    return f"{sum(len(v) for v in state.values())} applied in {len(state)} apps"


def _other_vendor(made: str, here: str) -> str:
    return (
        f"The backup was made from a {made} database; this installation uses "
        f"{here}. Restore it into a {made} installation."
    )


def restore_refusals(*, backup: OpenedBackup) -> list[str]:
    """Why this backup may not be restored into this installation; empty when
    it may. Nothing is changed."""
    vendor = database_vendor()
    if backup.vendor != vendor:
        return [_other_vendor(backup.vendor, vendor)]
    refusals = []
    data = tables_with_data()
    if data:
        refusals.append(
            f"The database is not empty: {len(data)} table(s) hold data "
            f"({', '.join(sorted(data)[:5])}{', ...' if len(data) > 5 else ''}). "
            "Restore only into an empty installation: a new database, or one "
            "where only `migrate` has run."
        )
    extra = current_tables() - set(backup.manifest["tables"])
    if extra and vendor == "postgresql":
        refusals.append(
            f"The database has {len(extra)} table(s) the backup does not know "
            "(a newer Safepath migrated it). Restore into a new, empty database "
            "and run `manage.py migrate` after."
        )
    if backup.media_parts:
        media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
        if media is None:
            refusals.append("The backup has uploaded files but MEDIA_ROOT is not set.")
        elif media.exists() and any(p.is_file() for p in media.rglob("*")):
            refusals.append(f"MEDIA_ROOT ({media}) already holds files.")
    return refusals

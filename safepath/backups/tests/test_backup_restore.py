"""Backup → wipe → restore gives back the same rows, byte for byte; a damaged,
foreign or misdirected backup is refused and changes nothing.

The tests are transactional: pg_dump reads the database from another
process, and the backup takes its own snapshot transaction. serialized_rollback
brings back the places and picklists that the data migrations made.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pyrage
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safepath.audit.models import AuditChainHead, AuditEvent
from safepath.backups.archive import archive_open, archive_write, parse_recipients
from safepath.backups.database import tables_with_data
from safepath.backups.models import BackupRecord
from safepath.conftest import build_world
from safepath.demo.services import demo_seed
from safepath.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Rows the restore itself adds to the restored database: its record, its audit
# entry, and the chain's head that moves with it.
RESTORE_TABLES = {"backups_backuprecord", "audit_auditevent", "audit_auditchainhead"}


def table_rows(table: str) -> list[tuple]:
    """The rows as stored (ciphertext stays ciphertext), by primary key."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        keys = connection.introspection.get_primary_key_columns(cursor, table)
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
        columns = [c[0] for c in cursor.description]
        order = (
            ", ".join(quote(k) for k in keys)
            if keys
            else ", ".join(quote(c) for c in columns)
        )
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]


def snapshot() -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and a SHA-256 of their raw values."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    result = {}
    for table in tables:
        if table.startswith("sqlite_"):
            continue
        rows = table_rows(table)
        result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def drop_everything() -> None:
    """A new, empty database: no tables at all."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE {quote(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
        else:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS safepath_audit_append_only()")
        assert not connection.introspection.table_names(cursor)


def migrated_only() -> None:
    """An installation where only `migrate` has run: every table, holding
    just the rows of the data migrations."""
    # Sequences are left where they are, as after a migrate: the reloaded
    # rows keep their ids and new rows must not collide with them.
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False,
        verbosity=0,
    )  # fmt: skip
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def identity(settings, tmp_path) -> Path:
    """An age key pair: the server gets the public key, the test keeps the
    identity as an operator keeps it offline."""
    key = pyrage.x25519.Identity.generate()
    path = tmp_path / "identity.txt"
    path.write_text(f"# test identity\n{key}\n")
    settings.BACKUP_RECIPIENTS = [str(key.to_public())]
    settings.MEDIA_ROOT = ""
    return path


def backup(tmp_path: Path, **options) -> Path:
    out = io.StringIO()
    call_command(
        "backup", output=tmp_path / "backups", stdout=out, stderr=io.StringIO(),
        **options,
    )  # fmt: skip
    name = out.getvalue().split("Backup written: ", 1)[1].split(" ", 1)[0]
    return Path(name)


def restore(path: Path, identity: Path) -> str:
    out = io.StringIO()
    call_command(
        "restore", str(path), identity=identity, yes=True, stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    return out.getvalue()


def verify(path: Path, identity: Path) -> str:
    out = io.StringIO()
    call_command(
        "verify_backup", str(path), identity=identity, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def assert_restored(before: dict, after: dict) -> None:
    assert set(after) == set(before)
    for table in set(before) - RESTORE_TABLES:
        assert after[table] == before[table], table
    # The restore adds its own audit entry and record after the restored rows.
    for table in ("audit_auditevent", "backups_backuprecord"):
        assert after[table][0] == before[table][0] + 1, table
    restored_events = table_rows("audit_auditevent")[: before["audit_auditevent"][0]]
    digest = hashlib.sha256(repr(restored_events).encode()).hexdigest()
    assert digest == before["audit_auditevent"][1]
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.target_type) == (
        "backup.restore",
        "backups.backuprecord",
    )
    assert AuditChainHead.objects.get().seq == event.seq
    assert BackupRecord.objects.get(pk=event.target_id).restored_at is not None


def test_it_restores_identical_data_into_a_new_database(identity, tmp_path):
    demo_seed(cases=6, seed=11)
    before = snapshot()
    assert before["people_person"][0] >= 6
    assert before["audit_auditevent"][0] > 0
    path = backup(tmp_path)

    drop_everything()
    report = restore(path, identity)

    assert "every row count matches" in report
    assert "Audit trail intact" in report
    assert_restored(before, snapshot())
    # The same keys read the restored ciphertext.
    assert all(p.prs_FirstName for p in Person.objects.all())
    call_command("verify_audit", stdout=io.StringIO())


def test_it_restores_into_an_installation_where_only_migrate_ran(
    identity, tmp_path, settings
):
    build_world()
    media = tmp_path / "media"
    (media / "uploads").mkdir(parents=True)
    (media / "uploads" / "scan.bin").write_bytes(bytes(range(256)) * 10)
    settings.MEDIA_ROOT = str(media)
    before = snapshot()
    path = backup(tmp_path)

    migrated_only()
    assert not tables_with_data()
    settings.MEDIA_ROOT = str(tmp_path / "new-media")
    restore(path, identity)

    assert_restored(before, snapshot())
    restored = tmp_path / "new-media" / "uploads" / "scan.bin"
    assert restored.read_bytes() == bytes(range(256)) * 10


def test_it_writes_a_manifest_that_describes_the_dump(identity, tmp_path):
    build_world()
    counts = {table: rows for table, (rows, _) in snapshot().items()}
    path = backup(tmp_path)

    assert path.name.startswith("safepath-") and path.name.endswith(".tar.gz.age")
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"SQLite format 3" not in path.read_bytes()
    backup_opened = archive_open(
        path=path,
        identities=[pyrage.x25519.Identity.from_str(identity.read_text().split()[-1])],
        work_dir=tmp_path / "open",
        progress=lambda message: None,
    )
    manifest = backup_opened.manifest
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == counts
    assert "0001_initial" in manifest["migrations"]["backups"]
    assert set(manifest["parts"]) == {manifest["database"]["part"]}
    part = backup_opened.database_part
    assert manifest["parts"][part.name]["sha256"] == (
        hashlib.sha256(part.read_bytes()).hexdigest()
    )
    record = BackupRecord.objects.get()
    assert record.file_name == path.name
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.target_id) == ("backup.create", str(record.pk))
    assert event.actor is None
    assert "Backup verified." in verify(path, identity)


def damaged(path: Path, how: str) -> Path:
    data = bytearray(path.read_bytes())
    if how == "flipped":
        data[len(data) // 2] ^= 0x01
    else:
        data = data[: len(data) - 1000]
    copy = path.with_name(f"{how}-{path.name}")
    copy.write_bytes(bytes(data))
    return copy


@pytest.mark.parametrize("how", ["flipped", "truncated"])
def test_it_detects_and_refuses_a_damaged_backup(identity, tmp_path, how):
    build_world()
    path = damaged(backup(tmp_path), how)
    migrated_only()
    before = snapshot()

    with pytest.raises(CommandError, match="damaged"):
        verify(path, identity)
    with pytest.raises(CommandError, match="Restore refused: .* damaged"):
        restore(path, identity)
    assert snapshot() == before


def test_it_refuses_a_backup_for_another_identity(identity, tmp_path):
    build_world()
    path = backup(tmp_path)
    migrated_only()
    before = snapshot()
    other = tmp_path / "other.txt"
    other.write_text(f"{pyrage.x25519.Identity.generate()}\n")

    with pytest.raises(CommandError, match="cannot be opened with this identity"):
        verify(path, other)
    with pytest.raises(CommandError, match="cannot be opened with this identity"):
        restore(path, other)
    assert snapshot() == before


def test_it_refuses_to_restore_over_data(identity, tmp_path):
    build_world()
    path = backup(tmp_path)
    before = snapshot()

    with pytest.raises(CommandError, match="The database is not empty"):
        restore(path, identity)
    assert snapshot() == before


def test_it_refuses_a_backup_of_another_database_system(identity, tmp_path):
    build_world()
    path = backup(tmp_path)
    work = tmp_path / "repack"
    key = pyrage.x25519.Identity.from_str(identity.read_text().split()[-1])
    opened = archive_open(
        path=path, identities=[key], work_dir=work, progress=lambda message: None
    )
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = {**opened.manifest, "database": {**opened.manifest["database"]}}
    manifest["database"]["vendor"] = other
    foreign = tmp_path / "foreign.tar.gz.age"
    archive_write(
        manifest=manifest,
        parts=opened.parts,
        recipients=parse_recipients([str(key.to_public())]),
        work_dir=work,
        output=foreign,
        progress=lambda message: None,
    )
    migrated_only()
    before = snapshot()

    with pytest.raises(CommandError, match=f"made from a {other} database"):
        restore(foreign, identity)
    assert snapshot() == before


def test_it_refuses_an_archive_with_a_part_that_is_not_in_the_manifest(
    identity, tmp_path
):
    """An attacker who holds the public key can encrypt anything to it: the
    archive still has to match its manifest."""
    key = pyrage.x25519.Identity.from_str(identity.read_text().split()[-1])
    plain = tmp_path / "plain.tar"
    manifest = {
        "format": "safepath-backup",
        "format_version": 1,
        "database": {"vendor": connection.vendor, "part": "database.dump"},
        "tables": {},
        "parts": {"database.dump": {"sha256": "0" * 64, "size": 1}},
    }
    with tarfile.open(plain, "w:gz") as tar:
        for name, data in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("../evil", b"x"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path = tmp_path / "forged.tar.gz.age"
    pyrage.encrypt_file(str(plain), str(path), [key.to_public()])

    with pytest.raises(CommandError, match="unexpected entry"):
        verify(path, identity)
    assert not (tmp_path / "evil").exists()


def test_it_refuses_to_back_up_without_a_recipient(settings, tmp_path):
    settings.BACKUP_RECIPIENTS = []
    with pytest.raises(CommandError, match="No backup recipient"):
        backup(tmp_path)
    assert not list((tmp_path).glob("backups/*"))


def test_it_prunes_old_backups_after_writing_one(identity, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [
        "safepath-20200101-010000.tar.gz.age",
        "safepath-20200102-010000.tar.gz.age",
    ]
    for name in [*old, "keep-me.txt"]:
        (folder / name).write_bytes(b"x")
    path = backup(tmp_path, keep_daily=2, keep_weekly=0, keep_monthly=0)

    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [path.name, old[1], "keep-me.txt"]
    )


def test_it_counts_a_freshly_migrated_database_as_empty():
    """When a data migration fills a new table, add its model to
    database.REFERENCE_MODELS."""
    assert not tables_with_data()

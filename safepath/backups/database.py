"""The database, dumped and restored at the database level: encrypted columns
stay the ciphertext they are, and the keys are not needed (nor included).

PostgreSQL: pg_dump --format=custom and pg_restore, the password (if any) in
PGPASSWORD, never on a command line. The row counts of the manifest are taken
in the same snapshot as the dump (pg_export_snapshot). SQLite: the online
backup API, a consistent copy while the application runs.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # runs pg_dump and pg_restore with argument lists, no shell
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction

from safepath.backups.archive import BackupError, Progress

SUPPORTED = ("postgresql", "sqlite")
# Rows a fresh `manage.py migrate` writes: an installation holding only these
# is empty (test_it_counts_a_freshly_migrated_database_as_empty keeps this
# list true when a data migration is added).
REFERENCE_MODELS = (
    "contenttypes.ContentType",
    "auth.Permission",
    "htcds.PicklistValue",
    "places.Location",
    "prevention.Module",
    "prevention.Question",
    "screening.AssessmentTemplate",
    "screening.IndicatorSet",
)


@dataclass
class Dump:
    path: Path
    part: str
    tables: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str

    @property
    def vendor(self) -> str:
        return "postgresql" if self.part == "database.dump" else "sqlite"


def database_vendor() -> str:
    vendor = connection.vendor
    if vendor not in SUPPORTED:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def table_counts(cursor) -> dict[str, int]:
    """Rows per table, every table of the database (not views)."""
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        if table.startswith("sqlite_"):
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name from the catalogue  # nosec B608  # a quoted table name from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def migration_state(cursor) -> dict[str, list[str]]:
    """The migrations applied, per app, in the order they were applied."""
    if "django_migrations" not in connection.introspection.table_names(cursor):
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


def reference_tables() -> set[str]:
    tables = {"django_migrations"}
    for label in REFERENCE_MODELS:
        tables.add(apps.get_model(label)._meta.db_table)
    return tables


def tables_with_data() -> dict[str, int]:
    """The tables holding rows beyond what `migrate` writes: an installation
    where this is empty has nothing to lose."""
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    skip = reference_tables()
    return {t: n for t, n in counts.items() if n and t not in skip}


def current_tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return table_counts(cursor)


def database_dump(*, into: Path, progress: Progress) -> Dump:
    vendor = database_vendor()
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    if vendor == "postgresql":
        return _pg_dump(into, progress)
    progress("Copying the SQLite database (online backup)...")
    return _sqlite_dump(into)


def database_dump_check(*, path: Path, vendor: str, tables: dict[str, int]) -> str:
    """Whether the dump can be read back; a one-line summary, or BackupError."""
    if vendor == "postgresql":
        command, env = _pg_command("pg_restore", {}, ["--list", str(path)])
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603  # pg_restore with an argument list, no shell
        if result.returncode:
            raise BackupError(f"pg_restore cannot read the dump: {_first(result)}")
        data = {
            line.split()[-2]
            for line in result.stdout.splitlines()
            if " TABLE DATA " in line and not line.startswith(";")
        }
        missing = [t for t, n in tables.items() if n and t not in data]
        if missing:
            raise BackupError(f"The dump lacks the data of {len(missing)} table(s).")
        return f"pg_restore reads the dump: {len(data)} tables with data"
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
            names = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = {
                name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608 - names from the file's own catalogue  # nosec B608  # a quoted table name from the file's catalogue
                for name in names
            }
        except sqlite3.DatabaseError as error:
            raise BackupError(f"The SQLite dump is not readable: {error}") from None
    if result != [("ok",)]:
        raise BackupError("The SQLite dump fails its integrity check.")
    if counts != tables:
        raise BackupError("The SQLite dump's row counts differ from the manifest's.")
    return f"SQLite integrity check ok, {len(counts)} tables counted"


def database_restore(*, path: Path, vendor: str, progress: Progress) -> None:
    """Load the dump into the configured database, replacing what migrate
    put there. The caller has checked that the database holds no data."""
    connection.close()
    if vendor == "postgresql":
        _pg_restore(path, progress)
    else:
        _sqlite_restore(path)
    connection.close()


# --- PostgreSQL -----------------------------------------------------------------


def _pg_command(
    program: str, db: dict, arguments: list[str]
) -> tuple[list[str], dict[str, str]]:
    executable = shutil.which(program)
    if not executable:
        raise BackupError(
            f"{program} is missing: install the PostgreSQL client tools of the "
            "server's major version (apt-get install postgresql-client)."
        )
    command = [executable, "--no-password"]
    if db.get("HOST"):
        command += ["--host", db["HOST"]]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    if db.get("USER"):
        command += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
    ):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return command + arguments, env


def _pg_dump(into: Path, progress: Progress) -> Dump:
    db = connection.settings_dict
    path = into / "database.dump"
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and the dump, so the manifest describes
        # exactly what is in the dump while the application keeps writing.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        tables = table_counts(cursor)
        migrations = migration_state(cursor)
        progress(f"Dumping PostgreSQL ({len(tables)} tables)...")
        command, env = _pg_command(
            "pg_dump",
            db,
            ["--format=custom", f"--snapshot={snapshot}", f"--file={path}",
             f"--dbname={db['NAME']}"],
        )  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603  # pg_dump with an argument list of settings, no shell
        if result.returncode:
            raise BackupError(f"pg_dump failed: {_first(result)}")
    return Dump(path, "database.dump", tables, migrations, server_version)


def _pg_restore(path: Path, progress: Progress) -> None:
    db = connection.settings_dict
    progress("Restoring into PostgreSQL (one transaction)...")
    # --clean --if-exists replaces the tables a `migrate` may have made, all in
    # one transaction: a failure leaves the database as it was.
    command, env = _pg_command(
        "pg_restore",
        db,
        ["--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={db['NAME']}",
         str(path)],
    )  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603  # pg_restore with an argument list of settings, no shell
    if result.returncode:
        raise BackupError(f"pg_restore failed, nothing was restored: {_first(result)}")


def _first(result: subprocess.CompletedProcess) -> str:
    """The first error line of a client tool: it names objects, not values."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[0] if lines else f"exit status {result.returncode}"


# --- SQLite -----------------------------------------------------------------------


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(name)


def _sqlite_dump(into: Path) -> Dump:
    source = _sqlite_path()
    if not source.exists():
        raise BackupError("The SQLite database file does not exist.")
    path = into / "database.sqlite3"
    with (
        closing(sqlite3.connect(source, timeout=60)) as src,
        closing(sqlite3.connect(path)) as dst,
    ):
        # All pages in one step: a consistent copy, whatever else writes.
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    server_version = sqlite3.sqlite_version
    # Count and read the migrations in the copy, so they describe it exactly.
    with closing(sqlite3.connect(path)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        tables = {
            name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608 - names from the catalogue  # nosec B608  # a quoted table name from the file's catalogue
            for name in names
        }
        migrations: dict[str, list[str]] = {}
        if "django_migrations" in tables:
            for app, name in db.execute(
                "SELECT app, name FROM django_migrations ORDER BY id"
            ):
                migrations.setdefault(app, []).append(name)
    return Dump(path, "database.sqlite3", tables, migrations, server_version)


def _sqlite_restore(path: Path) -> None:
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target, timeout=60)) as dst,
    ):
        # Replaces every page of the target in one step: all or nothing.
        src.backup(dst)

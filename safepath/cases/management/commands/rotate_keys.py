from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from safepath.lib import crypto
from safepath.lib.fields import EncryptedMixin
from safepath.people.models import Person
from safepath.people.services import person_reindex

BATCH = 1000


def encrypted_columns():
    """(model, [column, ...]) for every model with encrypted fields."""
    for model in apps.get_models():
        columns = [
            f.column
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedMixin)
        ]
        if columns:
            yield model, columns


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the current (first) key of "
        "SAFEPATH_ENCRYPTION_KEYS, so that older keys can then be removed. "
        "Rotation: put the new key first, keep the old ones after it, run this, "
        "then remove the old keys. With --reindex, also recompute every blind "
        "index with the current SAFEPATH_BLIND_INDEX_KEY (needed after changing "
        "that key; searches miss people until it has run). Safe to interrupt and "
        "run again: it works in batches and skips values already current."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reindex", action="store_true")

    def handle(self, *args, reindex: bool, **options):
        for model, columns in encrypted_columns():
            self._reencrypt(model, columns)
        if reindex:
            self._reindex()

    def _reencrypt(self, model, columns: list[str]) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        total = model.objects.count()
        done = changed = 0
        last = None
        while True:
            with transaction.atomic():
                rows = self._batch(table, pk, columns, last)
                for row in rows:
                    changed += self._rewrite(table, pk, columns, row)
            if not rows:
                break
            last, done = rows[-1][0], done + len(rows)
            self.stdout.write(f"{model._meta.label}: {done}/{total} rows")
        self.stdout.write(
            f"{model._meta.label}: {changed} values re-encrypted in {done} rows"
        )

    def _batch(self, table: str, pk: str, columns: list[str], after) -> list[tuple]:
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        where = f"WHERE {pk} > %s " if after is not None else ""
        sql = f"SELECT {pk}, {quoted} FROM {table} {where}ORDER BY {pk} LIMIT {BATCH}"  # noqa: S608  # nosec B608  # quoted names, bound values
        with connection.cursor() as cursor:
            cursor.execute(sql, [after] if after is not None else [])
            return cursor.fetchall()

    def _rewrite(self, table: str, pk: str, columns: list[str], row: tuple) -> int:
        updates = {
            column: crypto.reencrypt(value)
            for column, value in zip(columns, row[1:], strict=True)
            if value and not crypto.is_current(value)
        }
        if updates:
            assignments = ", ".join(
                f"{connection.ops.quote_name(c)} = %s" for c in updates
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608  # nosec B608  # quoted names, bound values
                    [*updates.values(), row[0]],
                )
        return len(updates)

    def _reindex(self) -> None:
        total = Person.objects.count()
        for done, person in enumerate(Person.objects.iterator(chunk_size=BATCH), 1):
            person_reindex(person)
            if done % BATCH == 0 or done == total:
                self.stdout.write(f"search index: {done}/{total} people")

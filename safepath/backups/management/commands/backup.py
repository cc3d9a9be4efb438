from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safepath.backups.archive import BackupError, size_text
from safepath.backups.services import backup_create, backup_prune


class Command(BaseCommand):
    help = (
        "Write one encrypted backup of the database and of the uploaded files "
        "(MEDIA_ROOT) to --output (default var/backups), named "
        "safepath-YYYYMMDD-HHMMSS.tar.gz.age (UTC). It is encrypted with age to "
        "the public keys in SAFEPATH_BACKUP_RECIPIENTS, so this server cannot "
        "read it; the keys of personal data are not in it. With --keep-daily, "
        "--keep-weekly or --keep-monthly, then keeps the newest backup of each "
        "of the last N days, ISO weeks and months in that directory and deletes "
        "the other backups there (docs/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument("--keep-daily", type=int, default=None)
        parser.add_argument("--keep-weekly", type=int, default=None)
        parser.add_argument("--keep-monthly", type=int, default=None)

    def handle(self, *args, output, keep_daily, keep_weekly, keep_monthly, **options):
        output_dir = output or settings.VAR_DIR / "backups"
        keeps = (keep_daily, keep_weekly, keep_monthly)
        if any(k is not None and k < 0 for k in keeps):
            raise CommandError("--keep-* take a number of backups, 0 or more.")
        try:
            record = backup_create(
                output_dir=output_dir,
                recipients=settings.BACKUP_RECIPIENTS,
                progress=self.stderr.write,
            )
        except BackupError as error:
            raise CommandError(f"No backup written: {error}") from None
        self.stdout.write(
            f"Backup written: {output_dir / record.file_name} "
            f"({size_text(record.size)}, SHA-256 {record.sha256})"
        )
        if all(k is None for k in keeps):
            return
        daily, weekly, monthly = (k or 0 for k in keeps)
        plan = backup_prune(
            output_dir=output_dir, daily=daily, weekly=weekly, monthly=monthly
        )
        self.stdout.write(
            f"Retention ({daily} daily, {weekly} weekly, {monthly} monthly): "
            f"kept {len(plan.keep)}, deleted {len(plan.delete)}."
        )
        for name, rules in sorted(plan.keep.items(), reverse=True):
            self.stdout.write(f"  keep    {name}  ({', '.join(rules)})")
        for name in plan.delete:
            self.stdout.write(f"  deleted {name}")

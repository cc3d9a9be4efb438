from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupRecord(models.Model):
    """A backup file this installation wrote, or was restored from.

    It names the file, its size and the SHA-256 of the encrypted file (to
    check an off-site copy without opening it), never its content. A backup
    cannot hold its own record (it is written after the dump), so a restore
    adds one with `restored_at`. Backup, restore and pruning are audited with
    this row as the target.
    """

    file_name = models.CharField(_("file name"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    created_at = models.DateTimeField(_("backup made at"))
    restored_at = models.DateTimeField(_("restored at"), null=True, blank=True)
    pruned_at = models.DateTimeField(
        _("deleted by retention at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

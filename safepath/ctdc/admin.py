from django.contrib import admin
from django.http import HttpRequest

from safepath.ctdc.models import CtdcRecord


@admin.register(CtdcRecord)
class CtdcRecordAdmin(admin.ModelAdmin):
    """Browse only: the records change by re-importing the release
    (manage.py import_ctdc), never one by one."""

    list_display = ["id", "dataset", "registration_period", "gender", "age_band",
                    "majority_status", "citizenship", "citizenship_region",
                    "country_of_exploitation", "exploitation_region",
                    "is_forced_labour", "is_sexual_exploit"]  # fmt: skip
    list_filter = ["dataset", "registration_period", "gender", "majority_status",
                   "citizenship_region", "exploitation_region", "is_forced_labour",
                   "is_sexual_exploit"]  # fmt: skip
    show_full_result_count = False  # a count(*) per page over 70,000 rows

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: CtdcRecord | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: CtdcRecord | None = None
    ) -> bool:
        return False

from django.contrib import admin

from safepath.public.models import ResourceCentre
from safepath.public.services import resource_centre_save


@admin.register(ResourceCentre)
class ResourceCentreAdmin(admin.ModelAdmin):
    """The centre's public details. The anonymous reports are not here: only
    the centre's own operators read them, in the triage queue."""

    list_display = ["name_mn", "organisation", "hotline_number", "is_active"]
    list_filter = ["is_active"]
    fieldsets = [
        (None, {"fields": ["organisation", "hotline_number", "is_active"]}),
        (None, {"fields": ["name_mn", "address_mn", "hours_mn"]}),
        (None, {"fields": ["name_en", "address_en", "hours_en"]}),
        (None, {"fields": ["name_fr", "address_fr", "hours_fr"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        resource_centre_save(centre=obj, actor=request.user)

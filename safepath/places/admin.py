from django.contrib import admin

from safepath.places.models import Location


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_mn", "name_latn", "unit_type", "level"]
    list_filter = ["unit_type", "level"]
    search_fields = ["code", "name_mn", "name_latn", "name_ascii"]
    readonly_fields = ["path"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: a deletion page lists every related record by
        # name, which would show people's names to the platform admin.
        return False

from django.contrib import admin

from safepath.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["org_Name", "code", "org_Type", "location", "is_active"]
    list_filter = ["org_Type", "is_active"]
    search_fields = ["org_Name", "code"]
    autocomplete_fields = ["location"]
    filter_horizontal = ["shares_statistics_with"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: a deletion page lists every related record by
        # name, which would show people's names to the platform admin.
        return False

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from safepath.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class SafepathUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("Safepath", {"fields": ("language", "password_change_required")}),
    )
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_superuser"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: a deletion page lists every related record by
        # name, which would show people's names to the platform admin.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    search_fields = ["user__username", "organisation__org_Name"]

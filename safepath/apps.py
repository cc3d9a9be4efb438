from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    """The Django admin, with the platform admin site (safepath.admin)."""

    default_site = "safepath.admin.PlatformAdminSite"

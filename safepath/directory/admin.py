from django.contrib import admin

from safepath.directory.forms import ServiceOfferAdminForm
from safepath.directory.models import ServiceOffer
from safepath.directory.services import service_offer_create, service_offer_update


@admin.register(ServiceOffer)
class ServiceOfferAdmin(admin.ModelAdmin):
    """Platform admins correct any organisation's offers; the changes go
    through the services, so they are audited like the organisations' own."""

    list_display = [
        "name",
        "organisation",
        "service_type",
        "capacity",
        "places_available",
        "is_active",
        "updated_at",
    ]
    list_filter = ["service_type", "is_active", "organisation"]
    search_fields = ["name", "organisation__org_Name", "contact_name"]
    autocomplete_fields = ["locations"]
    form = ServiceOfferAdminForm

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deactivate instead: an offer hidden from searches keeps its audit trail.
        return False

    def save_model(self, request, obj, form, change) -> None:
        locations = form.cleaned_data.get("locations", [])
        if change:
            service_offer_update(
                offer=obj,
                locations=locations,
                changed=form.changed_data,
                actor=request.user,
            )
        else:
            service_offer_create(offer=obj, locations=locations, actor=request.user)

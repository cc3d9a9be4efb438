from django.db.models import QuerySet

from safepath.places.models import Location


def location_choices() -> QuerySet[Location]:
    """Places a person or an organisation can be placed in, parents loaded."""
    return Location.objects.filter(level__gt=0).select_related("parent")


def location_and_descendant_ids(location: Location) -> QuerySet[Location]:
    return Location.objects.filter(path__startswith=location.path).values("id")

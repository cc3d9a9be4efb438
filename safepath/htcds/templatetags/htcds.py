from django import template

register = template.Library()


@register.filter
def labels(values) -> str:
    """The labels of a multi-select's values (a related manager or a list)."""
    items = values.all() if hasattr(values, "all") else values
    return ", ".join(str(v.label) for v in items)

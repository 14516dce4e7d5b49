from django import template

from directory.openreferral.provenance import provenance_of

register = template.Library()


@register.inclusion_tag("openreferral/includes/imported_from.html")
def imported_from(page):
    """The small "Imported from … on <date>" line of an imported listing (nothing otherwise)."""
    return {"record": provenance_of(page)}

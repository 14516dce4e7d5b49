"""Small presentation helpers for listings."""
from django import template

from directory import costs, geo

register = template.Library()


@register.filter
def cost_text(activity):
    return costs.cost_text(activity.cost_kind, activity.cost_amount, activity.cost_notes)


@register.filter
def age_text(activity):
    low, high = activity.min_age, activity.max_age
    if low is None and high is None:
        return "All ages"
    if high is None:
        return f"Ages {low} and over"
    if low is None:
        return f"Ages up to {high}"
    return f"Ages {low} to {high}"


@register.filter
def referral_text(activity):
    routes = []
    if activity.self_referral:
        routes.append("Come along yourself")
    if activity.link_worker_referral:
        routes.append("a link worker can refer you")
    if activity.gp_referral:
        routes.append("your GP can refer you")
    text = ", or ".join(routes)
    return text[:1].upper() + text[1:]


@register.filter
def uk_phone(digits):
    """Group a UK number for reading: 01843 123456, 07700 900123, 020 7946 0000."""
    digits = "".join(ch for ch in str(digits or "") if ch.isdigit())
    if digits.startswith("02") and len(digits) == 11:
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if len(digits) == 11:
        return f"{digits[:5]} {digits[5:]}"
    return digits


@register.filter
def distance_text(miles):
    return geo.format_distance(miles) if miles is not None else ""

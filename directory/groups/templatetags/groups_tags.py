"""NHS.UK form markup for Django form fields, and the listing's "report a problem" bits.

``{% nhsuk_field form.name width="nhsuk-u-width-two-thirds" %}`` renders a label, hint, error
message and control in NHS.UK frontend markup, linking them with ``aria-describedby``; radios
and checkboxes are wrapped in a fieldset with a legend. ``{% nhsuk_error_summary form %}``
renders the error summary whose links go to the first control of each field.
"""
from django import forms, template

from directory.groups import reports

register = template.Library()

_CONTROL_CLASSES = {"input": "nhsuk-input", "textarea": "nhsuk-textarea", "select": "nhsuk-select"}


def _kind(widget):
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


@register.inclusion_tag("groups/includes/field.html")
def nhsuk_field(field, width="", legend_size="s"):
    kind = _kind(field.field.widget)
    base_id = field.auto_id or field.html_name
    hint_id = f"{base_id}-hint" if field.help_text else ""
    error_id = f"{base_id}-error" if field.errors else ""
    described_by = " ".join(filter(None, [hint_id, error_id]))
    context = {
        "field": field, "kind": kind, "id": base_id, "hint_id": hint_id, "error_id": error_id,
        "described_by": described_by, "legend_size": legend_size,
    }
    if kind in ("radios", "checkboxes"):
        value = field.value()
        chosen = {str(item) for item in (value if isinstance(value, (list, tuple)) else [value]) if item not in (None, "")}
        context["items"] = [
            {"id": base_id if index == 0 else f"{base_id}-{index + 1}", "value": choice_value, "label": label,
             "checked": str(choice_value) in chosen}
            for index, (choice_value, label) in enumerate(field.field.choices)
        ]
    else:
        css = _CONTROL_CLASSES[kind]
        if field.errors:
            css += f" {_CONTROL_CLASSES[kind]}--error"
        if width:
            css += f" {width}"
        attrs = {"class": css}
        if described_by:
            attrs["aria-describedby"] = described_by
        context["control"] = field.as_widget(attrs=attrs)
    return context


@register.inclusion_tag("groups/includes/error_summary.html")
def nhsuk_error_summary(form, problem=""):
    items = [{"href": "", "text": problem}] if problem else []
    items += [{"href": "", "text": error} for error in form.non_field_errors()]
    for field in form:
        if field.errors:
            items.append({"href": f"#{field.auto_id}", "text": field.errors[0]})
    return {"items": items}


@register.simple_tag
def open_problem_reports(page):
    """The open problem reports about a page (for its "a problem has been reported" note)."""
    return list(reports.open_reports_for(page))

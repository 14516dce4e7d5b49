"""Admin widgets shared by the directory's models."""
from django import forms


def date_picker():
    """The browser's date picker. Its value must be ISO (2026-03-31): given the en-GB display
    format (31/03/2026) the browser shows an empty field, and an optional date would be lost
    when the form is saved."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

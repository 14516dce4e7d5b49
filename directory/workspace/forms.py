"""Forms for the workspace. Messages are plain English; nothing here is saved by a form itself."""
from django import forms

from .models import NOTE_MAX_LENGTH, SEARCH_NAME_MAX_LENGTH
from .plan import StartError, clean_first_name, locate_start


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=NOTE_MAX_LENGTH, strip=True,
        error_messages={"max_length": f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer."},
    )


class PrintForm(forms.Form):
    """The first name and postcode for one printed plan. Used for that page only, never saved."""

    first_name = forms.CharField(
        required=False, max_length=40,
        error_messages={"max_length": "Enter a first name of 40 characters or fewer."},
    )
    postcode = forms.CharField(
        required=False, max_length=20,
        error_messages={"max_length": "Enter a postcode, for example CT9 1AE."},
    )

    def clean_first_name(self):
        return clean_first_name(self.cleaned_data.get("first_name"))

    def clean_postcode(self):
        try:
            return locate_start(self.cleaned_data.get("postcode"))
        except StartError as error:
            raise forms.ValidationError(str(error)) from None


class EmailPlanForm(forms.Form):
    """Where to send the plan. The address is used to send this one email and not kept."""

    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter an email address, for example name@example.com.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
            "max_length": "Enter an email address of 254 characters or fewer.",
        },
    )


class SaveSearchForm(forms.Form):
    name = forms.CharField(
        max_length=SEARCH_NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter a name for the search, for example: Diabetes support near CT9.",
            "max_length": f"Keep the name to {SEARCH_NAME_MAX_LENGTH} characters or fewer.",
        },
    )
    query = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)

"""The public forms ("List your group", "Report a problem") and the moderators' decline form.

Messages are plain British English and say how to put things right.
"""
from django import forms
from django.core.exceptions import ValidationError

from directory import geo
from directory.models import OrganisationPage
from directory.validators import normalise_uk_phone, validate_charity_number

from . import spam
from .models import GroupApplication, ProblemReport


class PublicForm(forms.Form):
    """A form anyone can send: a honeypot and a signed "when was this shown" stamp."""

    form_name = "public"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[spam.HONEYPOT_FIELD] = forms.CharField(
            required=False, label="Leave this blank", max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields["shown"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.initial["shown"] = spam.issue_form_token(self.form_name)

    def is_robot(self):
        return spam.honeypot_filled(self.data)

    def timing_problem(self):
        """None if the form took a human amount of time; otherwise the reason."""
        try:
            spam.check_form_token(self.data.get("shown"), self.form_name)
        except spam.TimingProblem as problem:
            return str(problem)
        return None

    def refresh_stamp(self):
        """Give a re-shown form a new stamp, keeping everything the person typed."""
        data = self.data.copy()
        data["shown"] = spam.issue_form_token(self.form_name)
        self.data = data

    def visible_fields_in_order(self):
        return [field for field in self.visible_fields() if field.name != spam.HONEYPOT_FIELD]


class JoinForm(PublicForm):
    form_name = "join"

    name = forms.CharField(
        label="Name of your group", max_length=150,
        error_messages={"required": "Enter the name of your group."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(
        label="What kind of group is it?", choices=OrganisationPage.KINDS, widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of group it is.", "invalid_choice": "Choose what kind of group it is."},
    )
    summary = forms.CharField(
        label="What does your group do?", max_length=255,
        help_text="One or two sentences, for example: a weekly walk for people who want to get more active. You can add more later.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say in a sentence what your group does.",
            "max_length": "Keep this to 255 characters or fewer. You can add more detail after you are approved.",
        },
    )
    postcode = forms.CharField(
        label="Postcode of the group's main address", max_length=16,
        help_text="For example CT9 1AE. This is used to show your group near the people it can help.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": "Enter the postcode of the group's main address, for example CT9 1AE."},
    )
    charity_number = forms.CharField(
        label="Registered charity number (optional)", max_length=20, required=False,
        help_text="For example 1123456, or SC012345 in Scotland.",
    )
    contact_name = forms.CharField(
        label="Your name", max_length=100, error_messages={"required": "Enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label="Your email address", max_length=254,
        help_text="We will send your sign-in details here. It is not shown on the directory.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
            "max_length": "Enter an email address of 254 characters or fewer.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)", max_length=20, required=False,
        help_text="In case we need to talk to you about your application. For example 01843 123456.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter the name of your group.")
        return name

    def clean_postcode(self):
        try:
            postcode = geo.normalise_postcode(self.cleaned_data["postcode"])
            self.point = geo.geocode_postcode(postcode)
        except (geo.InvalidPostcode, geo.UnknownPostcode) as error:
            raise ValidationError(str(error)) from error
        return postcode

    def clean_charity_number(self):
        value = self.cleaned_data["charity_number"].strip().upper().replace(" ", "")
        validate_charity_number(value)
        return value

    def clean_phone(self):
        return normalise_uk_phone(self.cleaned_data["phone"])

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()

    def to_application(self, ip_hash=""):
        data = self.cleaned_data
        return GroupApplication(
            name=data["name"], kind=data["kind"], summary=data["summary"].strip(), postcode=data["postcode"],
            latitude=self.point.latitude, longitude=self.point.longitude, charity_number=data["charity_number"],
            contact_name=data["contact_name"].strip(), contact_email=data["contact_email"], phone=data["phone"],
            ip_hash=ip_hash,
        )


class ProblemReportForm(PublicForm):
    form_name = "report"

    kind = forms.ChoiceField(
        label="What is wrong with this listing?", choices=ProblemReport.KINDS, widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong with the listing.", "invalid_choice": "Choose what is wrong with the listing."},
    )
    note = forms.CharField(
        label="Tell us more (optional)", required=False, max_length=1000,
        help_text="For example: it moved to the library on the high street in March. Do not include personal or medical details.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Keep your note to 1,000 characters or fewer."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "other" and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Tell us what is wrong, so the group can put it right.")
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional, included in the email)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: this directory lists groups in East Kent only.",
    )

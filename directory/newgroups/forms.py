"""Forms for new group proposals, with plain-English validation messages."""
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory import geo
from directory.models import ActivitySchedule, Need, Venue
from directory.validators import normalise_uk_phone, validate_byday, validate_uk_phone

from .models import CHECKLIST, InterestRecord, NewGroupProposal

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, need):
        return f"{need.parent.name} – {need.name}" if need.parent_id else need.name


def locate_area(raw):
    """(district, centre) for a postcode or a postcode district, or a ValidationError."""
    raw = (raw or "").strip()
    try:
        postcode = geo.normalise_postcode(raw)
    except geo.InvalidPostcode:
        postcode = None
    if postcode:
        try:
            return geo.postcode_district(postcode), geo.geocode_postcode(postcode)
        except geo.UnknownPostcode as error:
            raise ValidationError(str(error)) from error
    try:
        district = geo.normalise_district(raw)
    except geo.InvalidPostcode as error:
        raise ValidationError("Enter a postcode or a postcode district, for example CT9 1AE or CT9.") from error
    centre = geo.default_gazetteer().district_centroid(district)
    if centre is None:
        raise ValidationError(f"We could not find the postcode district {district}. Check it and try again.")
    return district, centre


class ProposalForm(forms.ModelForm):
    area = forms.CharField(
        label="Where the group would meet", max_length=16,
        help_text="A postcode or a postcode district, for example CT9 1AE or CT9.",
    )

    class Meta:
        model = NewGroupProposal
        fields = ["title", "need", "area", "idea", "lead_name", "lead_email", "target_start"]
        field_classes = {"need": NeedChoiceField}
        widgets = {"target_start": DATE_WIDGET, "idea": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "lead_name": "The volunteer who will lead the group, if you know who. Never a patient.",
            "lead_email": "So the lead can be contacted about the group.",
            "target_start": "Roughly when the first session could be.",
        }

    def __init__(self, *args, flag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.flag = flag
        self.fields["need"].queryset = Need.objects.select_related("parent").order_by(
            "parent__sort_order", "parent__name", "sort_order", "name"
        )
        self.fields["need"].empty_label = "Choose a need"
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("area", self.instance.district)

    def clean_area(self):
        self.district, self.centre = locate_area(self.cleaned_data["area"])
        return self.district

    def clean_target_start(self):
        value = self.cleaned_data.get("target_start")
        if value and not self.instance.pk and value < timezone.localdate():
            raise ValidationError("The target start cannot be in the past.")
        if value and value > timezone.localdate() + datetime.timedelta(days=5 * 366):
            raise ValidationError("Choose a target start within the next five years.")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("lead_email") and not cleaned.get("lead_name"):
            self.add_error("lead_name", "Enter the volunteer lead's name as well as their email.")
        return cleaned

    def values(self):
        """Model values for :func:`directory.newgroups.services.create_proposal`."""
        data = {name: self.cleaned_data[name] for name in ("title", "need", "idea", "lead_name", "lead_email", "target_start")}
        flag = self.flag
        same_place = flag is not None and self.district in flag.district_list
        data["district"] = self.district
        if same_place:
            data["latitude"], data["longitude"], data["area_label"] = flag.latitude, flag.longitude, flag.area_label
        else:
            data["latitude"], data["longitude"], data["area_label"] = self.centre.latitude, self.centre.longitude, self.district
        return data

    def apply(self, proposal):
        for name, value in self.values().items():
            setattr(proposal, name, value)
        return proposal


class InterestForm(forms.ModelForm):
    class Meta:
        model = InterestRecord
        fields = ["count", "note", "date"]
        widgets = {"date": DATE_WIDGET, "note": forms.TextInput()}
        labels = {"date": "Date"}
        error_messages = {
            "count": {
                "min_value": "Enter a number of people from 1 to 500.",
                "max_value": "Enter a number of people from 1 to 500.",
                "invalid": "Enter a whole number of people, for example 4.",
                "required": "Enter how many people are interested.",
            }
        }


class ChecklistForm(forms.Form):
    """A checkbox and a note for each of the seven steps."""

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        initial = {step["key"]: step for step in steps}
        for key, label, hint in CHECKLIST:
            self.fields[f"done_{key}"] = forms.BooleanField(
                label=label, required=False, help_text=hint, initial=initial.get(key, {}).get("done", False),
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=f"Notes on {label.lower()}", required=False, max_length=300,
                initial=initial.get(key, {}).get("note", ""),
            )

    def answers(self):
        return {key: (self.cleaned_data[f"done_{key}"], self.cleaned_data[f"note_{key}"]) for key, _, _ in CHECKLIST}

    def rows(self):
        return [(self[f"done_{key}"], self[f"note_{key}"]) for key, _, _ in CHECKLIST]


class VenueFilterForm(forms.Form):
    min_capacity = forms.IntegerField(
        label="Room for at least", required=False, min_value=1, max_value=10000,
        help_text="Number of people.", error_messages={"invalid": "Enter a whole number of people, for example 20."},
    )
    step_free = forms.BooleanField(label="Step-free access only", required=False)
    hire_only = forms.BooleanField(label="Available to hire only", required=False)


class LaunchForm(forms.Form):
    organisation_name = forms.CharField(label="Group's name", max_length=255, help_text="As it will appear in the directory.")
    organisation_summary = forms.CharField(label="About the group, in one sentence", max_length=255)
    activity_title = forms.CharField(label="Name of the first activity", max_length=255, help_text="For example: Tuesday coffee and chat.")
    activity_summary = forms.CharField(label="What happens, in one sentence", max_length=255)
    venue = forms.ModelChoiceField(queryset=None, empty_label="Choose a venue", help_text="Nearest first.")
    freq = forms.ChoiceField(label="How often", choices=ActivitySchedule.FREQUENCIES)
    interval = forms.IntegerField(label="Every", min_value=1, max_value=12, initial=1, help_text="1 for every week (or month), 2 for fortnightly.")
    byday = forms.CharField(
        label="Day", max_length=40, required=False, validators=[validate_byday],
        help_text="TU for Tuesdays; for monthly, 2MO is the second Monday and -1FR the last Friday.",
    )
    bymonthday = forms.IntegerField(label="Day of the month", required=False, min_value=1, max_value=31, help_text="Only for monthly sessions on a date.")
    dtstart = forms.DateField(label="First session", widget=DATE_WIDGET)
    opens_at = forms.TimeField(label="Starts at", widget=TIME_WIDGET)
    closes_at = forms.TimeField(label="Ends at", widget=TIME_WIDGET)
    contact_name = forms.CharField(label="Contact name", max_length=100, required=False, help_text="Shown on the listing once it is published.")
    contact_email = forms.EmailField(label="Contact email", required=False, help_text="Shown on the listing once it is published.")
    contact_phone = forms.CharField(label="Contact phone", max_length=20, required=False, validators=[validate_uk_phone])

    def __init__(self, *args, venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = list(venues)
        self.fields["venue"].queryset = Venue.objects.filter(pk__in=[o.venue.pk for o in options])
        labels = {o.venue.pk: f"{o.venue} ({o.distance_text} away{', capacity ' + str(o.venue.capacity) if o.venue.capacity else ''})" for o in options}
        self.fields["venue"].label_from_instance = lambda venue: labels.get(venue.pk, str(venue))

    def clean_dtstart(self):
        value = self.cleaned_data["dtstart"]
        if value < timezone.localdate():
            raise ValidationError("The first session cannot be in the past.")
        return value

    def clean_contact_phone(self):
        return normalise_uk_phone(self.cleaned_data.get("contact_phone", ""))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("venue") and "venue" not in self.errors:
            self.add_error("venue", "Choose the venue where the group will meet.")
        if cleaned.get("opens_at") and cleaned.get("closes_at") and cleaned["closes_at"] <= cleaned["opens_at"]:
            self.add_error("closes_at", "The end time must be after the start time.")
        schedule = ActivitySchedule(
            freq=cleaned.get("freq") or "", interval=cleaned.get("interval") or 1, byday=cleaned.get("byday") or "",
            bymonthday=cleaned.get("bymonthday"), dtstart=cleaned.get("dtstart"), opens_at=cleaned.get("opens_at"),
            closes_at=cleaned.get("closes_at"),
        )
        if not self.errors:
            try:
                schedule.clean()
                cleaned["byday"] = schedule.byday
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, messages in error.message_dict.items():
                        self.add_error(field if field in self.fields else None, messages)
                else:
                    self.add_error(None, error.messages)
        return cleaned

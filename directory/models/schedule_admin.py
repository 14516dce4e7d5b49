"""Entering session patterns in the Wagtail admin: tick the days instead of typing day codes.

Schedules keep storing the Open Referral UK fields (``byday`` such as ``TU`` or ``2TU,4TU``).
The admin form shows weekday tick boxes and, for monthly sessions, "which weeks of the month"
tick boxes, and writes ``byday`` from them. A stored pattern the tick boxes cannot show (for
example ``1MO,3TH``) keeps its day code field visible so nothing is lost.

The model's own validation (``ActivitySchedule.clean``) still decides what is possible; its
messages about the day are shown next to the tick boxes.
"""
from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model

from directory import schedules

WEEKDAY_CHOICES = list(zip(schedules.DAY_CODES, schedules.DAY_NAMES))
WEEK_CHOICES = [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")]
_WEEK_ORDER = [int(value) for value, _label in WEEK_CHOICES] + [5]


def split_byday(value):
    """("MO,TH" -> (["MO", "TH"], []); "2TU,4TU" -> (["TU"], ["2", "4"])), or None when the
    pattern is not every ticked day in every ticked week (or is not a valid day code)."""
    try:
        items = schedules.parse_byday(value)
    except ValueError:
        return None
    if not items:
        return [], []
    weekdays = sorted({item.weekday for item in items})
    ordinals = {item.ordinal for item in items}
    if None in ordinals and len(ordinals) > 1:
        return None
    weeks = ordinals - {None}
    expected = {schedules.ByDay(day, ordinal) for day in weekdays for ordinal in (weeks or {None})}
    if set(items) != expected or len(items) != len(expected):
        return None
    return (
        [schedules.DAY_CODES[day] for day in weekdays],
        [str(ordinal) for ordinal in sorted(weeks, key=_WEEK_ORDER.index)],
    )


def join_byday(days, weeks=()):
    """The ORUK ``byday`` for these day codes in these weeks of the month: "2TU,4TU"."""
    days = sorted(set(days), key=schedules.DAY_CODES.index)
    ordinals = sorted({int(week) for week in weeks}, key=_WEEK_ORDER.index) or [None]
    return ",".join(f"{ordinal or ''}{day}" for ordinal in ordinals for day in days)


class ScheduleForm(WagtailAdminModelForm):
    """One session pattern, with tick boxes that write the ORUK ``byday`` field."""

    weekdays = forms.MultipleChoiceField(
        label="Which days", choices=WEEKDAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick every day of the week it happens.",
    )
    weeks_of_month = forms.MultipleChoiceField(
        label="Which weeks of the month", choices=WEEK_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Only for monthly sessions. For the second and fourth Tuesday of each month, tick Tuesday above "
            "and Second and Fourth here. Leave blank for a date such as the 15th."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        split = split_byday(getattr(self.instance, "byday", "") or "")
        # A stored pattern the tick boxes cannot show keeps its day code field.
        self.uses_day_code = split is None
        if split is not None:
            self.initial.setdefault("weekdays", split[0])
            self.initial.setdefault("weeks_of_month", split[1])
        if "byday" in self.fields:
            if self.uses_day_code:
                self.fields["byday"].label = "Day code"
                self.fields["byday"].help_text = (
                    "This pattern is written as a day code because the tick boxes cannot show it. "
                    "Tick days above to replace it. " + self.fields["byday"].help_text
                )
            else:
                self.fields["byday"].widget = forms.HiddenInput()
                self.fields["byday"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        days = cleaned.get("weekdays") or []
        weeks = cleaned.get("weeks_of_month") or []
        freq = cleaned.get("freq")
        if self.uses_day_code and not days:
            return cleaned  # keep the typed day code
        if weeks and freq != schedules.MONTHLY:
            self.add_error(
                "weeks_of_month",
                "Weeks of the month are only for monthly sessions. Choose Monthly under How often, or untick the weeks.",
            )
        elif weeks and not days:
            self.add_error("weekdays", "Tick the day as well as the week, for example Tuesday with Second.")
        elif freq == schedules.ONE_OFF:
            cleaned["byday"] = ""
        else:
            cleaned["byday"] = join_byday(days, weeks if freq == schedules.MONTHLY else ())
        return cleaned

    def _update_errors(self, errors):
        # The model's messages about ``byday`` belong next to the tick boxes when they are in use.
        if not self.uses_day_code and hasattr(errors, "error_dict") and "byday" in errors.error_dict:
            errors.error_dict.setdefault("weekdays", []).extend(errors.error_dict.pop("byday"))
        super()._update_errors(errors)


class ScheduleInlinePanel(InlinePanel):
    """An InlinePanel whose forms are ScheduleForms (InlinePanel otherwise ignores the child
    model's ``base_form_class``)."""

    def get_form_options(self):
        options = super().get_form_options()
        child_options = self.child_edit_handler.get_form_options()
        extra = {}
        if child_options.get("defer_required_on_fields"):
            extra["defer_required_on_fields"] = child_options["defer_required_on_fields"]
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model, form_class=ScheduleForm, **extra
        )
        return options

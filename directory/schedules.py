"""Recurring and one-off sessions in the Open Referral UK 3.0 / HSDS schedule shape.

A :class:`Recurrence` holds exactly the ORUK schedule fields we use (``freq``, ``interval``,
``byday``, ``bymonthday``, ``dtstart``, ``valid_from``, ``valid_to``, ``opens_at``,
``closes_at``), works out the next sessions after any moment with ``dateutil.rrule``, and
describes itself in plain words ("Tuesdays, 10:00–12:00, fortnightly").
"""
import datetime
import re
from dataclasses import dataclass

from dateutil import rrule

WEEKLY = "WEEKLY"
MONTHLY = "MONTHLY"
ONE_OFF = ""

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_BYDAY_ITEM = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class ByDay:
    weekday: int  # 0 = Monday
    ordinal: int | None = None  # 2 = second ..., -1 = last; only for monthly

    @property
    def code(self):
        return f"{self.ordinal or ''}{DAY_CODES[self.weekday]}"


def parse_byday(value):
    """Parse "MO,TH" or "2MO" into ByDay items. Raises ValueError for anything else."""
    items = []
    for part in filter(None, (value or "").upper().replace(" ", "").split(",")):
        match = _BYDAY_ITEM.match(part)
        if not match:
            raise ValueError(f"Not a day code: {part!r}")
        ordinal = int(match.group(1)) if match.group(1) else None
        items.append(ByDay(DAY_CODES.index(match.group(2)), ordinal))
    return items


def _time_range(opens_at, closes_at):
    if opens_at and closes_at:
        return f"{opens_at:%H:%M}–{closes_at:%H:%M}"
    if opens_at:
        return f"from {opens_at:%H:%M}"
    return ""


def _join_words(words):
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _date(value):
    return f"{value.day} {value:%B %Y}"


def date_range(first, last):
    """When a course or a run of sessions is on: "1 January – 5 February 2027",
    "from 1 January 2027", "until 5 February 2027" or "" (the year is given once when it is
    the same at both ends)."""
    if first and last and first != last:
        start = f"{first.day} {first:%B}" if first.year == last.year else _date(first)
        return f"{start} – {_date(last)}"
    if first and last:
        return _date(first)
    if first:
        return f"from {_date(first)}"
    if last:
        return f"until {_date(last)}"
    return ""


ANCHOR = datetime.date(2020, 1, 6)  # a Monday: where a pattern with no start date is counted from


@dataclass(frozen=True)
class Recurrence:
    freq: str = WEEKLY
    interval: int = 1
    byday: str = ""
    bymonthday: int | None = None
    dtstart: datetime.date | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    opens_at: datetime.time | None = None
    closes_at: datetime.time | None = None

    @property
    def days(self):
        return parse_byday(self.byday)

    @property
    def weekdays(self):
        """Weekday numbers (0 = Monday) on which sessions can fall."""
        if self.freq == ONE_OFF:
            return {self.dtstart.weekday()} if self.dtstart else set()
        return {day.weekday for day in self.days}

    def _rule(self, after=None):
        if self.freq == ONE_OFF:
            start = datetime.datetime.combine(self.dtstart or ANCHOR, self.opens_at or datetime.time(0, 0))
            return rrule.rrule(rrule.DAILY, dtstart=start, count=1)
        weekdays = [
            _RRULE_DAYS[day.weekday](day.ordinal) if day.ordinal else _RRULE_DAYS[day.weekday]
            for day in self.days
        ] or None
        weekly = self.freq == WEEKLY
        kwargs = {"byweekday": weekdays}
        if self.freq == MONTHLY and self.bymonthday and not weekdays:
            kwargs = {"bymonthday": self.bymonthday}
        first = self.dtstart or self.valid_from or ANCHOR
        if weekly and not weekdays:
            kwargs = {"byweekday": _RRULE_DAYS[first.weekday()]}
        # Sessions on the start's own day of the month depend on that day: keep it.
        movable = weekly or any(value for value in kwargs.values())
        start_date = self._recent_start(first, after) if movable else first
        start = datetime.datetime.combine(start_date, self.opens_at or datetime.time(0, 0))
        until = None
        if self.valid_to:
            until = datetime.datetime.combine(self.valid_to, datetime.time(23, 59))
        freq = rrule.WEEKLY if weekly else rrule.MONTHLY
        return rrule.rrule(freq, dtstart=start, interval=max(1, self.interval or 1), until=until, **kwargs)

    def _recent_start(self, start_date, after):
        """``start_date`` moved forward by whole repeats of the pattern (weeks or months) to
        just before ``after``, so the rule gives the same sessions without walking every week
        since 2020. A monthly start moves to the first of its month."""
        if after is None:
            return start_date
        interval = max(1, self.interval or 1)
        if self.freq == WEEKLY:
            step = 7 * interval
            repeats = ((after.date() - start_date).days // step) - 1
            return start_date + datetime.timedelta(days=step * repeats) if repeats > 0 else start_date
        months = (after.year - start_date.year) * 12 + after.month - start_date.month
        repeats = months // interval - 1
        if repeats <= 0:
            return start_date
        total = start_date.month - 1 + repeats * interval
        return datetime.date(start_date.year + total // 12, total % 12 + 1, 1)

    def next_sessions(self, after, count=3):
        """The next ``count`` session start times strictly after ``after`` (a naive datetime)."""
        if isinstance(after, datetime.date) and not isinstance(after, datetime.datetime):
            after = datetime.datetime.combine(after, datetime.time(0, 0))
        if after.tzinfo is not None:
            after = after.replace(tzinfo=None)
        if self.valid_from:
            after = max(after, datetime.datetime.combine(self.valid_from, datetime.time(0, 0)) - datetime.timedelta(seconds=1))
        sessions = []
        for start in self._rule(after).xafter(after, count=count):
            sessions.append(start)
        return sessions

    def describe(self):
        """Plain words: "Tuesdays, 10:00–12:00, fortnightly"; a course with its dates:
        "Fridays, 13:00–15:00, 1 January – 5 February 2027"."""
        pattern = self._describe_pattern()
        # A one-off session's own date is already in the pattern ("Saturday 5 December 2026").
        dates = "" if self.freq == ONE_OFF else date_range(self.valid_from, self.valid_to)
        return ", ".join(part for part in (pattern, dates) if part)

    def _describe_pattern(self):
        times = _time_range(self.opens_at, self.closes_at)
        if self.freq == ONE_OFF:
            when = f"{self.dtstart:%A} {_date(self.dtstart)}" if self.dtstart else "One-off session"
            return ", ".join(part for part in (when, times) if part)
        if self.freq == MONTHLY:
            if self.days:
                day_words = _join_words(
                    f"{_ORDINALS.get(day.ordinal, '')} {DAY_NAMES[day.weekday]}".strip() for day in self.days
                )
                when = f"{day_words[0].upper()}{day_words[1:]} of the month"
            elif self.bymonthday:
                when = f"Day {self.bymonthday} of each month"
            else:
                when = "Monthly"
            if self.interval and self.interval > 1:
                when += f", every {self.interval} months"
            return ", ".join(part for part in (when, times) if part)
        day_words = _join_words(f"{DAY_NAMES[day.weekday]}s" for day in self.days) or "Weekly"
        parts = [day_words, times]
        if self.interval == 2:
            parts.append("fortnightly")
        elif self.interval and self.interval > 2:
            parts.append(f"every {self.interval} weeks")
        return ", ".join(part for part in parts if part)


def time_of_day(opens_at):
    """Morning (before 12:00), afternoon (12:00–17:00) or evening (from 17:00)."""
    if opens_at is None:
        return None
    if opens_at.hour < 12:
        return "morning"
    if opens_at.hour < 17:
        return "afternoon"
    return "evening"

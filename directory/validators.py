"""Validators for the fields voluntary groups fill in. Messages are plain British English."""
import re

from django.core.exceptions import ValidationError

_PHONE_ALLOWED = re.compile(r"^[0-9+()\s-]+$")


def normalise_uk_phone(value):
    """Return the UK phone number as digits starting with 0, or raise ValidationError."""
    raw = (value or "").strip()
    if not raw:
        return ""
    if not _PHONE_ALLOWED.match(raw):
        raise ValidationError(
            "Enter a UK phone number using digits only, for example 01843 123456.",
            code="invalid_phone",
        )
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("00440"):
        digits = digits[4:]
    if not digits.startswith("0") or not 10 <= len(digits) <= 11:
        raise ValidationError(
            "Enter a UK phone number with 10 or 11 digits, starting with 0 or +44, "
            "for example 01843 123456 or 07700 900123.",
            code="invalid_phone",
        )
    return digits


def validate_uk_phone(value):
    normalise_uk_phone(value)


# England and Wales: 6 or 7 digits, optionally with a -N subsidiary suffix.
# Scotland: SC followed by 6 digits. Northern Ireland: NIC followed by 6 digits (also 1xxxxx).
_CHARITY_PATTERNS = (
    re.compile(r"^\d{6,7}(-\d{1,2})?$"),
    re.compile(r"^SC\d{6}$"),
    re.compile(r"^NIC\d{6}$"),
    re.compile(r"^1\d{5}$"),
)


def validate_charity_number(value):
    candidate = (value or "").strip().upper().replace(" ", "")
    if candidate and not any(pattern.match(candidate) for pattern in _CHARITY_PATTERNS):
        raise ValidationError(
            "Enter a registered charity number as it appears on the register: "
            "6 or 7 digits in England and Wales (for example 1123456), "
            "SC followed by 6 digits in Scotland, or NIC followed by 6 digits in Northern Ireland.",
            code="invalid_charity_number",
        )


BYDAY_PATTERN = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)(,([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU))*$")


def validate_byday(value):
    if value and not BYDAY_PATTERN.match(value.strip().upper()):
        raise ValidationError(
            "Enter the day as a two-letter code such as TU for Tuesday, or MO,TH for Mondays and "
            "Thursdays. For monthly sessions put the week first: 2MO is the second Monday, "
            "-1FR the last Friday.",
            code="invalid_byday",
        )

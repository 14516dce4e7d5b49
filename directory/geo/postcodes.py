"""Validate and normalise UK postcodes and postcode districts (pure Python).

A postcode has an outward code (the *district*, e.g. ``CT9``) and an inward
code (``1AE``). The *area* is the district's leading letters (``CT``).
Validation is structural: it accepts every UK format (A9 9AA, A99 9AA,
AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA and GIR 0AA) but does not enforce Royal
Mail's per-position letter rules, so a well-formed postcode that does not
exist is reported as "not found" rather than "not valid".
"""

import re
import unicodedata

__all__ = [
    "InvalidPostcode",
    "UnknownPostcode",
    "POSTCODE_RE",
    "DISTRICT_RE",
    "normalise_postcode",
    "normalise_district",
    "postcode_district",
    "postcode_area",
]

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"  # A9, A99, A9A, AA9, AA99, AA9A
_INWARD = r"[0-9][A-Z]{2}"
#: Canonical form: outward code, one space, inward code.
POSTCODE_RE = re.compile(rf"(?:{_OUTWARD} {_INWARD}|GIR 0AA)", re.ASCII)
#: A bare outward code (postcode district), e.g. "CT9" or "EC1A".
DISTRICT_RE = re.compile(_OUTWARD, re.ASCII)
#: Free-text search for postcodes inside an address (case-insensitive).
POSTCODE_IN_TEXT_RE = re.compile(
    rf"(?<![A-Z0-9])({_OUTWARD}|GIR)\s{{0,2}}({_INWARD})(?![A-Z0-9])",
    re.ASCII | re.IGNORECASE,
)

_MAX_INPUT = 16  # after trimming: "AA9A 9AA" plus a few stray spaces
_EXAMPLE_POSTCODE = "CT9 1AE"
_EXAMPLE_DISTRICT = "CT9"


class InvalidPostcode(ValueError):
    """The input is not a well-formed UK postcode (or district)."""


class UnknownPostcode(LookupError):
    """A well-formed postcode that is not in the postcode data."""

    def __init__(self, postcode):
        self.postcode = postcode
        super().__init__(
            f"We could not find the postcode {postcode}. Check it and try again."
        )


def _shown(raw):
    """Make user input safe and short enough to quote in an error message."""
    text = "".join(c if c.isprintable() else "\ufffd" for c in raw.strip())
    return text if len(text) <= 20 else text[:20] + "…"


def _compact(raw, what, example):
    """Upper-case ``raw`` with all spaces removed, or raise InvalidPostcode."""
    if not isinstance(raw, str):
        raise TypeError(f"{what} must be a string, not {type(raw).__name__}")
    if not raw.strip():
        raise InvalidPostcode(f"Enter a {what}, for example {example}.")
    raw = raw.replace("\u00a0", " ").strip(" ")  # no-break spaces from web pages
    bad = (
        len(raw) > _MAX_INPUT
        or not raw.isascii()  # also stops "ß".upper() == "SS" tricks
        or any(unicodedata.category(c) in ("Cc", "Cf") for c in raw)
    )
    if bad:
        compact = ""
    else:
        compact = raw.replace(" ", "").upper()
    return compact, (
        f"“{_shown(raw)}” is not a valid UK {what}. "
        f"Check it and try again, for example {example}."
    )


def normalise_postcode(raw):
    """Return ``raw`` in canonical form ("ct91ae" -> "CT9 1AE").

    Raises InvalidPostcode (with a message fit to show the user) when the
    input is not a well-formed UK postcode.
    """
    compact, message = _compact(raw, "postcode", _EXAMPLE_POSTCODE)
    candidate = f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else ""
    if not POSTCODE_RE.fullmatch(candidate):
        if DISTRICT_RE.fullmatch(compact):
            message = (
                f"“{compact}” is only the first part of a postcode. "
                f"Enter the full postcode, for example {_EXAMPLE_POSTCODE}."
            )
        raise InvalidPostcode(message)
    return candidate


def normalise_district(raw):
    """Return a bare outward code in canonical form (" ct9 " -> "CT9")."""
    compact, message = _compact(raw, "postcode district", _EXAMPLE_DISTRICT)
    if not DISTRICT_RE.fullmatch(compact):
        raise InvalidPostcode(message)
    return compact


def postcode_district(postcode):
    """Outward code of a postcode: "CT9 1AE" -> "CT9"."""
    return normalise_postcode(postcode).split(" ")[0]


def postcode_area(value):
    """Postcode area (leading letters) of a postcode or district: "CT"."""
    try:
        outward = postcode_district(value)
    except InvalidPostcode as error:
        try:
            outward = normalise_district(value)
        except InvalidPostcode:
            raise error from None
    return re.match(r"[A-Z]+", outward).group()

"""Values from other directories' feeds made safe and valid for ours, one field at a time.

Each function returns the cleaned value, or ``None`` (or "") when nothing valid is left, and
says what it dropped through ``notes`` (a list of plain-English reasons that the import report
shows). HTML is reduced to our rich text features (paragraphs, bold, italic, links, lists,
two heading levels) with the standard library's parser: scripts, styles and unknown tags go;
their text stays (except a script's or a style's).
"""
import datetime
import html
import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from directory import geo
from directory.validators import normalise_uk_phone, validate_byday, validate_charity_number

from .mapping import absolute_uri, plain

# Our rich text: what ActivityPage.description and OrganisationPage.description allow.
BLOCK_TAGS = {"p": "p", "h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3", "ul": "ul", "ol": "ol", "li": "li",
              "div": "p", "blockquote": "p", "section": "p", "article": "p", "table": "p", "tr": "p", "pre": "p"}
INLINE_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "head", "title"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col"}
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
HTML_HINT = re.compile(r"</?[a-zA-Z][^>]*>|&[a-zA-Z#0-9]+;")


def looks_like_html(text):
    return bool(HTML_HINT.search(text or ""))


class _RichText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.open_inline, self.skipping = [], [], 0
        self.in_block, self.removed = None, set()

    # paragraphs are opened lazily around loose text and inline elements
    def _ensure_block(self):
        if self.in_block is None:
            self.out.append("<p>")
            self.in_block = "p"

    def _close_block(self):
        while self.open_inline:
            self.out.append(f"</{self.open_inline.pop()}>")
        if self.in_block in ("p", "h2", "h3", "li"):
            self.out.append(f"</{self.in_block}>")
        self.in_block = None

    def handle_starttag(self, tag, attrs):
        if self.skipping or tag in DROPPED_WITH_CONTENT:
            if tag not in VOID_TAGS:
                self.skipping += 1
            self.removed.add(tag)
            return
        if tag == "br":
            if self.in_block:
                self.out.append("<br/>")
            return
        if tag in ("ul", "ol"):
            self._close_block()
            self.out.append(f"<{tag}>")
            return
        if tag in BLOCK_TAGS:
            self._close_block()
            self.in_block = BLOCK_TAGS[tag]
            self.out.append(f"<{self.in_block}>")
            return
        if tag in INLINE_TAGS:
            self._ensure_block()
            self.out.append(f"<{INLINE_TAGS[tag]}>")
            self.open_inline.append(INLINE_TAGS[tag])
            return
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self._ensure_block()
            if href.lower().startswith(LINK_SCHEMES) and (not href.lower().startswith("http") or absolute_uri(href)):
                self.out.append(f'<a href="{html.escape(href, quote=True)}">')
                self.open_inline.append("a")
            elif href:
                self.removed.add("link")
            return
        if tag not in VOID_TAGS and tag not in ("span", "font", "u", "small", "big", "sub", "sup", "code", "html", "body", "td", "th",
                                                 "thead", "tbody", "dl", "dt", "dd", "abbr", "cite", "q", "mark", "s", "del", "ins"):
            self.removed.add(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT or self.skipping:
            if tag in DROPPED_WITH_CONTENT:
                self.skipping = max(0, self.skipping - 1)
            return
        if tag in ("ul", "ol"):
            self._close_block()
            self.out.append(f"</{tag}>")
        elif tag in BLOCK_TAGS:
            self._close_block()
        elif tag in INLINE_TAGS or tag == "a":
            name = INLINE_TAGS.get(tag, "a")
            if name in self.open_inline:
                while self.open_inline:
                    closing = self.open_inline.pop()
                    self.out.append(f"</{closing}>")
                    if closing == name:
                        break

    def handle_data(self, data):
        if self.skipping or not data:
            return
        if not data.strip():
            if self.in_block:
                self.out.append(" ")
            return
        if self.in_block is None and self.out and self.out[-1] in ("<ul>", "<ol>", "</li>"):
            return  # stray text between list items
        self._ensure_block()
        self.out.append(html.escape(re.sub(r"\s+", " ", data), quote=False))

    def result(self):
        self._close_block()
        text = "".join(self.out)
        text = re.sub(r"<(p|h2|h3|li|b|i)>\s*</\1>", "", text)  # empty elements
        text = re.sub(r"<(ul|ol)>\s*</\1>", "", text)
        return re.sub(r"(<p>|<h2>|<h3>|<li>)\s+", r"\1", re.sub(r"\s+(</p>|</h2>|</h3>|</li>)", r"\1", text))


def rich_text(value, notes=None, what="description"):
    """HTML or plain text as our rich text. Plain text paragraphs (blank lines) become <p>s."""
    value = (value or "").strip()
    if not value:
        return ""
    if not looks_like_html(value):
        paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", value) if part.strip()]
        return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs)
    parser = _RichText()
    parser.feed(value)
    parser.close()
    if parser.removed and notes is not None:
        notes.append(f"{what}: removed HTML we do not show ({', '.join(sorted(parser.removed))})")
    return parser.result()


def plain_text(value):
    """Text with any HTML tags removed and entities decoded, on one line."""
    value = value if isinstance(value, str) else ("" if value is None else str(value))
    if looks_like_html(value):
        return plain(rich_text(value))
    return " ".join(value.split())


def text(value, limit, notes, what):
    """Plain text cut to ``limit`` characters (on a word, with a note)."""
    value = plain_text(value)
    if len(value) > limit:
        notes.append(f"{what}: cut to {limit} characters (it had {len(value)})")
        value = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return value


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def summary_and_description(raw, fallback, notes):
    """(summary, rich description) from a source's description.

    Our own feed writes "summary\\n\\ndescription"; others write one text, perhaps HTML. A
    short text is the summary alone; a longer one gives its first sentence as the summary and
    is kept whole as the description.
    """
    raw = (raw or "").strip() if isinstance(raw, str) else ""
    if not raw:
        return fallback, ""
    if not looks_like_html(raw):
        first, _, rest = raw.partition("\n\n")
        first = " ".join(first.split())
        if rest.strip() and len(first) <= 255:
            return first, rich_text(rest)
        if len(" ".join(raw.split())) <= 255:
            return " ".join(raw.split()), ""
    description = rich_text(raw, notes)
    whole = plain(description)
    if not whole:
        return fallback, ""
    simple = re.fullmatch(r"<p>[^<]*</p>", description) is not None
    if len(whole) <= 255 and simple:
        return whole, ""
    opening = plain(re.match(r"<(p|h2|h3|ul|ol)>.*?</\1>", description).group(0)) if re.match(r"<(p|h2|h3|ul|ol)>", description) else whole
    if len(opening) > 255:
        opening = _SENTENCE_END.split(opening, 1)[0]
    return text(opening, 255, [], "summary"), description


def _stripped(value):
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())


def _checked(value, notes, what, check, problem, limit):
    """``check(value)`` (the value to keep; it raises ValidationError if there is none), or ""
    with a note saying why it was left out."""
    if not value:
        return ""
    try:
        kept = check(value)
    except ValidationError:
        notes.append(f"{what} {value!r} left out: {problem}")
        return ""
    if len(kept) > limit:
        notes.append(f"{what} left out: longer than {limit} characters")
        return ""
    return kept


def _email(value):
    validate_email(value)
    return value


def _web_address(value):
    if "://" not in value and re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/.*)?$", value, re.IGNORECASE):
        value = "https://" + value
    uri = absolute_uri(value)
    if uri is None:
        raise ValidationError("not an absolute http(s) address")
    URLValidator(schemes=["http", "https"])(uri)
    return uri


def email(value, notes, what="email"):
    return _checked(_stripped(value).removeprefix("mailto:"), notes, what, _email, "not an email address", 254)


def website(value, notes, what="website"):
    return _checked(_stripped(value), notes, what, _web_address, "not a web address", 200)


def phone(value, notes, what="phone"):
    return _checked(_stripped(value), notes, what, normalise_uk_phone, "not a UK phone number", 20)


def charity_number(value, notes):
    value = (value or "").strip().upper().replace(" ", "") if isinstance(value, str) else str(value or "")
    try:
        validate_charity_number(value)
    except ValidationError:
        notes.append(f"charity number {value!r} left out: not a registered charity number")
        return ""
    return value


def age(value, notes, what):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        notes.append(f"{what} {value!r} left out: not a number")
        return None
    if not number.is_integer() or not 0 <= number <= 120:
        notes.append(f"{what} {value!r} left out: not an age in whole years")
        return None
    return int(number)


def decimal_amount(value, notes, what="price"):
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        notes.append(f"{what} {value!r} left out: not an amount")
        return None
    if amount < 0 or amount >= 100000:
        notes.append(f"{what} {value!r} left out: not a price we can show")
        return None
    return amount


def date(value, notes, what):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        notes.append(f"{what} {value!r} left out: not a date")
        return None


def time(value, notes, what):
    if value in (None, ""):
        return None
    raw = str(value).strip()
    match = re.match(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        notes.append(f"{what} {raw!r} left out: not a time of day")
        return None
    return datetime.time(int(match[1]), int(match[2]))


def byday(value, notes):
    value = (value or "").strip().upper().replace(" ", "") if isinstance(value, str) else ""
    if not value:
        return ""
    try:
        validate_byday(value)
    except ValidationError:
        notes.append(f"days {value!r} left out: not days of the week as ORUK writes them (MO,TU...)")
        return ""
    return value


def postcode(value, notes):
    """(postcode, point) for a UK postcode the offline gazetteer knows, else ("", None)."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value:
        return "", None
    try:
        normalised = geo.normalise_postcode(value)
        return normalised, geo.geocode_postcode(normalised)
    except geo.InvalidPostcode:
        notes.append(f"postcode {value!r} left out: not a UK postcode")
    except geo.UnknownPostcode:
        notes.append(f"postcode {value!r} left out: not a postcode we can find on the map")
    return "", None


def coordinates(latitude, longitude, notes):
    """(latitude, longitude) when both are numbers in or around the UK, else (None, None)."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        notes.append(f"latitude and longitude {latitude!r}, {longitude!r} left out: not numbers")
        return None, None
    if not (49.0 <= lat <= 61.5 and -8.7 <= lon <= 2.0):
        notes.append(f"latitude and longitude {lat:g}, {lon:g} left out: not a place in the UK")
        return None, None
    return lat, lon

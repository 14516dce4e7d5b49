"""What a search asks for, parsed and validated from a query string.

Both backends, the search pages, the JSON API, the map's GeoJSON and the gaps work take a
:class:`SearchParams`. :func:`parse_search_params` turns untrusted query parameters into one,
or into a list of plain-English errors; it never raises on bad input.
"""
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from directory import geo
from search.sanitise import clean_search_text, printable_text

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIMES_OF_DAY = ("morning", "afternoon", "evening")
REFERRAL_ROUTES = ("self", "link_worker", "gp")
ATTENDANCE = ("in_person", "online", "phone")
RADIUS_CHOICES_MILES = (1, 2, 5, 10, 20)
MAX_RADIUS_MILES = 50
DEFAULT_RADIUS_MILES = 5
MAX_PAGE_SIZE = 50
MAX_PAGE = 500
MAX_TEXT_LENGTH = 200
SORTS = ("relevance", "distance", "soonest")
MAX_DROPPED = 20
MAX_COST_POUNDS = 10000
MAX_AGE = 120


@dataclass(frozen=True)
class SearchParams:
    text: str = ""
    postcode: str = ""  # normalised full postcode, when one was given
    district: str = ""  # postcode district ("CT9"): from the postcode, or given on its own
    origin: geo.Point | None = None
    place: str = ""  # the label of a town or village given as the location ("Minster, Thanet")
    radius_miles: float = DEFAULT_RADIUS_MILES
    needs: tuple[str, ...] = ()  # need slugs; a need includes its sub-needs
    days: tuple[int, ...] = ()  # 0 = Monday
    times_of_day: tuple[str, ...] = ()
    free_only: bool = False
    max_cost: Decimal | None = None
    accessibility: tuple[str, ...] = ()  # accessibility feature slugs; all must match
    age: int | None = None
    referral_route: str = ""
    attendance: str = ""
    page: int = 1
    page_size: int = 20
    include_out_of_date: bool = True  # "due" listings are shown, ranked lower; stale ones never
    sort: str = ""  # "" (best match with words, else nearest), "relevance", "distance", "soonest"
    dropped: tuple[str, ...] = ()  # understood concepts the user removed ("need:bereavement")

    @property
    def radius_km(self):
        return self.radius_miles * geo.KM_PER_MILE

    def with_page(self, page):
        return replace(self, page=page)


@dataclass
class ParsedSearch:
    params: SearchParams
    errors: dict[str, str] = field(default_factory=dict)
    location_choices: list = field(default_factory=list)  # geo.Place, when a place name is shared

    @property
    def is_valid(self):
        return not self.errors


def _shown(raw, limit=20):
    """User input made safe to repeat in a message: printable characters only, shortened."""
    text = printable_text(raw)
    return text[:limit] + ("…" if len(text) > limit else "")


def _many(query, name):
    values = []
    for raw in query.getlist(name) if hasattr(query, "getlist") else [query.get(name, "")]:
        values.extend(part.strip() for part in str(raw).split(",") if part.strip())
    return values


def parse_search_params(query, known_needs=None, known_features=None):
    """Parse a QueryDict (or dict) into SearchParams plus errors keyed by parameter name."""
    errors = {}
    values = {}

    text = clean_search_text(query.get("q", ""))
    if len(text) > MAX_TEXT_LENGTH:
        errors["q"] = f"Search for {MAX_TEXT_LENGTH} characters or fewer."
        text = text[:MAX_TEXT_LENGTH]
    values["text"] = text

    postcode = clean_search_text(query.get("postcode", ""))
    lat, lon = query.get("lat"), query.get("lon")
    location_choices = []
    if postcode:  # a full postcode, a district ("CT9"), a sector ("CT20 1") or a town or village
        location = geo.resolve_location(postcode)
        if location.error:
            errors["postcode"] = location.error
            location_choices = location.choices
        else:
            values["origin"] = location.origin
            values["postcode"] = location.postcode
            values["district"] = location.district
            values["place"] = location.label if location.kind in ("sector", "place") else ""
    elif lat not in (None, "") or lon not in (None, ""):
        try:
            latitude, longitude = float(lat), float(lon)
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError
            values["origin"] = geo.Point(latitude, longitude)
        except (TypeError, ValueError):
            errors["lat"] = "Latitude and longitude must be numbers, for example lat=51.389&lon=1.386."

    radius = query.get("radius")
    if radius not in (None, ""):
        try:
            radius_value = float(radius)
            if not 0 < radius_value <= MAX_RADIUS_MILES or radius_value != radius_value:
                raise ValueError
            values["radius_miles"] = radius_value
        except (TypeError, ValueError):
            errors["radius"] = f"Choose a distance between 1 and {MAX_RADIUS_MILES} miles."

    needs = _many(query, "need")
    if known_needs is not None:
        unknown = [slug for slug in needs if slug not in known_needs]
        if unknown:
            errors["need"] = f"We do not recognise the need “{_shown(unknown[0], 40)}”."
            needs = [slug for slug in needs if slug in known_needs]
    values["needs"] = tuple(dict.fromkeys(needs))

    days = []
    for day in _many(query, "day"):
        if day.lower()[:3] in DAYS:
            days.append(DAYS.index(day.lower()[:3]))
        else:
            errors["day"] = "Choose days from Monday to Sunday."
    values["days"] = tuple(sorted(set(days)))

    times = [t.lower() for t in _many(query, "time")]
    if any(t not in TIMES_OF_DAY for t in times):
        errors["time"] = "Choose morning, afternoon or evening."
    values["times_of_day"] = tuple(t for t in dict.fromkeys(times) if t in TIMES_OF_DAY)

    cost = str(query.get("cost", "") or "").strip().lower()
    if cost == "free":
        values["free_only"] = True
    elif cost:
        try:
            max_cost = Decimal(cost.lstrip("£"))
            if not max_cost.is_finite() or max_cost < 0 or max_cost > MAX_COST_POUNDS:
                raise InvalidOperation
            values["max_cost"] = max_cost.quantize(Decimal("0.01"))  # pennies: "1e-999999" is not a million zeros
        except (InvalidOperation, ValueError):
            errors["cost"] = "Choose “free” or a maximum price in pounds, for example 5."

    features = _many(query, "access")
    if known_features is not None:
        if any(slug not in known_features for slug in features):
            errors["access"] = "We do not recognise one of the accessibility options."
        features = [slug for slug in features if slug in known_features]
    values["accessibility"] = tuple(dict.fromkeys(features))

    age = query.get("age")
    if age not in (None, ""):
        try:
            values["age"] = int(age)
            if not 0 <= values["age"] <= MAX_AGE:
                raise ValueError
        except (TypeError, ValueError):
            values.pop("age", None)
            errors["age"] = f"Enter an age in years, from 0 to {MAX_AGE}."

    referral = str(query.get("referral", "") or "")
    if referral and referral not in REFERRAL_ROUTES:
        errors["referral"] = "Choose self-referral, link worker or GP."
    elif referral:
        values["referral_route"] = referral

    attendance = str(query.get("attendance", "") or "")
    if attendance and attendance not in ATTENDANCE:
        errors["attendance"] = "Choose in person, online or by phone."
    elif attendance:
        values["attendance"] = attendance

    sort = str(query.get("sort", "") or "").strip().lower()
    if sort and sort not in SORTS:
        errors["sort"] = "Sort by best match, nearest or soonest."
    elif sort:
        values["sort"] = sort
    raw_dropped = query.getlist("drop") if hasattr(query, "getlist") else [query.get("drop") or ""]
    dropped = [clean_search_text(value)[:120] for value in raw_dropped if ":" in str(value)]
    values["dropped"] = tuple(dict.fromkeys(dropped))[:MAX_DROPPED]

    for name, limit, default in (("page", MAX_PAGE, 1), ("page_size", MAX_PAGE_SIZE, 20)):
        raw = query.get(name)
        if raw in (None, ""):
            continue
        try:
            number = int(raw)
            if not 1 <= number <= limit:
                raise ValueError
            values[name] = number
        except (TypeError, ValueError):
            errors[name] = f"Choose a {name.replace('_', ' ')} from 1 to {limit}."

    return ParsedSearch(SearchParams(**values), errors, location_choices)

"""geopy-compatible geocoders: an offline postcode geocoder, and a factory.

``OfflinePostcodeGeocoder`` answers from Code-Point Open data on disk and is
given an adapter that refuses network access, so it can never call out.
``get_geocoder()`` returns it by default, or any geopy online geocoder named
in Django's ``settings.GEOCODER``.
"""

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from .gazetteer import default_gazetteer
from .postcodes import (
    POSTCODE_IN_TEXT_RE,
    InvalidPostcode,
    normalise_district,
    normalise_postcode,
)

__all__ = ["OfflinePostcodeGeocoder", "get_geocoder", "USER_AGENT"]

USER_AGENT = "local-support-directory"
_MAX_QUERY = 500  # characters; longer input is not an address


class _NoNetworkAdapter(BaseSyncAdapter):
    """A geopy adapter that fails instead of making any HTTP request."""

    def get_json(self, url, *, timeout, headers):
        raise GeocoderServiceError("The offline geocoder does not use the network.")

    def get_text(self, url, *, timeout, headers):
        raise GeocoderServiceError("The offline geocoder does not use the network.")


class OfflinePostcodeGeocoder(Geocoder):
    """Geocode UK postcodes (and bare districts such as "CT9") offline."""

    def __init__(self, *, gazetteer=None, user_agent=None, **_ignored):
        """``gazetteer`` defaults to the shared one; other geopy options are ignored."""
        super().__init__(user_agent=user_agent or USER_AGENT, adapter_factory=_NoNetworkAdapter)
        self.gazetteer = gazetteer or default_gazetteer()

    def geocode(self, query, exactly_one=True, timeout=None):
        """Return a Location for a postcode, address or district, else None.

        A full-text address is searched for postcodes, last first (the
        postcode normally ends an address); the first one in the data wins.
        If the whole query is a bare district, its centroid is returned.
        Queries longer than 500 characters give None. ``timeout`` is
        accepted for geopy compatibility and ignored.
        """
        if isinstance(query, dict):
            query = " ".join(str(value) for value in query.values())
        if not isinstance(query, str) or len(query) > _MAX_QUERY:
            return None
        location = self._postcode_location(query) or self._district_location(query)
        if location is None:
            return None
        return location if exactly_one else [location]

    def _postcode_location(self, query):
        for match in reversed(list(POSTCODE_IN_TEXT_RE.finditer(query))):
            try:
                postcode = normalise_postcode(f"{match.group(1)} {match.group(2)}")
            except InvalidPostcode:
                continue
            record = self.gazetteer.record(postcode)
            if record is not None:
                raw = {
                    "type": "postcode",
                    "postcode": postcode,
                    "district": postcode.split(" ")[0],
                    "easting": record.easting,
                    "northing": record.northing,
                    "quality": record.quality,
                }
                return Location(postcode, tuple(record.point), raw)
        return None

    def _district_location(self, query):
        try:
            district = normalise_district(query)
        except InvalidPostcode:
            return None
        centroid = self.gazetteer.district_centroid(district)
        if centroid is None:
            return None
        raw = {"type": "district", "postcode": None, "district": district,
               "easting": None, "northing": None, "quality": None}
        return Location(district, tuple(centroid), raw)


def _settings_config():
    """``settings.GEOCODER`` if Django is installed and configured, else None."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return None
    try:
        return getattr(settings, "GEOCODER", None)
    except ImproperlyConfigured:
        return None


def get_geocoder(name=None, **options):
    """The configured geocoder: "offline" (default) or a geopy service name.

    With no ``name``, read Django's ``settings.GEOCODER`` (``"nominatim"`` or
    ``{"BACKEND": "nominatim", "OPTIONS": {...}}``) when Django is configured.
    Online geocoders get ``user_agent="local-support-directory"`` unless the
    options set one. Raises geopy.exc.GeocoderNotFound for an unknown name.
    """
    if name is None:
        config = _settings_config() or {}
        if isinstance(config, str):
            config = {"BACKEND": config}
        name = config.get("BACKEND") or "offline"
        options = {**config.get("OPTIONS", {}), **options}
    if name.lower() == "offline":
        return OfflinePostcodeGeocoder(**options)
    options.setdefault("user_agent", USER_AGENT)
    return get_geocoder_for_service(name)(**options)

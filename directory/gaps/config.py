"""The settings that decide what counts as a gap, read from ``settings.GAPS``.

Every key is optional; the defaults are the ones documented in docs/gaps.md::

    GAPS = {
        "DISTRICTS": ["CT1", ..., "TN29"],   # postcode districts always assessed
        "INCLUDE_SEARCHED_DISTRICTS": True,  # also assess districts people searched from
        "TILE_ZOOM": 11,                     # geotile zoom of the finer grid; None for none
        "RADIUS_KM": 8.0,                    # travel distance that counts as "nearby"
        "PROVISION_THRESHOLD": 0,            # flag when nearby activities <= this
        "DEMAND_THRESHOLD": 3,               # flag when unmet searches >= this
        "LOW_RESULT_THRESHOLD": 0,           # a search "found nothing" when results <= this
        "DEMAND_DAYS": 90,                   # how far back searches count
    }
"""
from dataclasses import asdict, dataclass, field

from django.conf import settings


def east_kent_districts():
    """CT1–CT21, ME10–ME13 and TN25–TN29: the districts the sample data covers."""
    return (
        [f"CT{n}" for n in range(1, 22)]
        + [f"ME{n}" for n in range(10, 14)]
        + [f"TN{n}" for n in range(25, 30)]
    )


@dataclass(frozen=True)
class GapSettings:
    districts: tuple[str, ...] = field(default_factory=lambda: tuple(east_kent_districts()))
    include_searched_districts: bool = True
    tile_zoom: int | None = 11
    radius_km: float = 8.0
    provision_threshold: int = 0
    demand_threshold: int = 3
    low_result_threshold: int = 0
    demand_days: int = 90

    def __post_init__(self):
        if not 0 < self.radius_km <= 100:
            raise ValueError("GAPS['RADIUS_KM'] must be more than 0 and at most 100.")
        if self.tile_zoom is not None and not 1 <= self.tile_zoom <= 20:
            raise ValueError("GAPS['TILE_ZOOM'] must be from 1 to 20, or None for no grid.")
        for name in ("provision_threshold", "low_result_threshold"):
            if getattr(self, name) < 0:
                raise ValueError(f"GAPS['{name.upper()}'] cannot be negative.")
        if self.demand_threshold < 1:
            raise ValueError("GAPS['DEMAND_THRESHOLD'] must be 1 or more.")
        if self.demand_days < 1:
            raise ValueError("GAPS['DEMAND_DAYS'] must be 1 or more.")

    def as_dict(self):
        data = asdict(self)
        data["districts"] = list(self.districts)
        return data


_KEYS = {
    "DISTRICTS": "districts",
    "INCLUDE_SEARCHED_DISTRICTS": "include_searched_districts",
    "TILE_ZOOM": "tile_zoom",
    "RADIUS_KM": "radius_km",
    "PROVISION_THRESHOLD": "provision_threshold",
    "DEMAND_THRESHOLD": "demand_threshold",
    "LOW_RESULT_THRESHOLD": "low_result_threshold",
    "DEMAND_DAYS": "demand_days",
}


def gap_settings(**overrides):
    """The configured :class:`GapSettings`, with keyword overrides (for commands and tests)."""
    configured = getattr(settings, "GAPS", {}) or {}
    unknown = set(configured) - set(_KEYS)
    if unknown:
        raise ValueError(f"Unknown GAPS setting: {', '.join(sorted(unknown))}.")
    values = {_KEYS[key]: value for key, value in configured.items()}
    values.update({key: value for key, value in overrides.items() if value is not None})
    if "districts" in values:
        values["districts"] = tuple(values["districts"])
    if "radius_km" in values:
        values["radius_km"] = float(values["radius_km"])
    if values.get("tile_zoom") == 0:
        values["tile_zoom"] = None  # 0 switches the grid off
    return GapSettings(**values)

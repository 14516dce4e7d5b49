"""The directory's content model: organisations run activities, at venues, for needs."""
from .activities import ActivityPage, ActivitySchedule
from .organisations import DirectoryIndexPage, OrganisationPage
from .taxonomy import AccessibilityFeature, Need
from .venues import Venue

__all__ = [
    "AccessibilityFeature",
    "ActivityPage",
    "ActivitySchedule",
    "DirectoryIndexPage",
    "Need",
    "OrganisationPage",
    "Venue",
]

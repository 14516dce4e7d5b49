"""Directory snippets in the Wagtail admin: needs, accessibility features and venues."""
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.groups.read_guards import ModeratorsHistoryView
from directory.models import AccessibilityFeature, Need, Venue


class NeedViewSet(SnippetViewSet):
    model = Need
    icon = "tag"
    menu_label = "Needs"
    list_display = ["name", "parent"]
    search_fields = ["name", "synonyms"]
    add_to_admin_menu = True
    menu_order = 300


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "Venues"
    list_display = ["name", "kind", "town", "postcode", "capacity"]
    list_filter = ["kind", "available_for_hire"]
    # No search_fields here: the search uses Venue.search_fields (name, town and postcode)
    # through Wagtail's search backend, which cannot restrict an autocomplete to some fields.
    history_view_class = ModeratorsHistoryView  # every group's editors may add venues
    add_to_admin_menu = True
    menu_order = 310


class AccessibilityFeatureViewSet(SnippetViewSet):
    model = AccessibilityFeature
    icon = "user"
    menu_label = "Accessibility features"
    list_display = ["name", "description"]


register_snippet(NeedViewSet)
register_snippet(VenueViewSet)
register_snippet(AccessibilityFeatureViewSet)

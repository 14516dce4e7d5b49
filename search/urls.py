"""Search pages and the JSON search API (see the search issue)."""
urlpatterns = []

"""Fixtures for the new groups tests: the gaps tests' users, planted searches and settings."""
from tests.gaps.conftest import group_editor, link_worker, make_user, moderator, plant_searches, small_config  # noqa: F401

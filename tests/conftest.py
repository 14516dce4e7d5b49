"""Shared fixtures. Factories live in tests/factories.py."""
import pytest

from directory.models import Need


@pytest.fixture
def need():
    """Look up a seeded need by slug: ``need("diabetes")``."""
    return lambda slug: Need.objects.get(slug=slug)

import pytest
from django.core.cache import cache

from safepath.public.tests.helpers import make_centre


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limit and the used tokens live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def centre(world):
    return make_centre(world.own)

import pytest

from safepath.conftest import build_world
from safepath.prevention.models import Campaign, Module, Training


@pytest.fixture
def world(db):
    """The test cast without its training, campaign and module, so that each
    test here counts only what it makes."""
    world = build_world()
    Training.objects.all().delete()
    Campaign.objects.all().delete()
    Module.objects.exclude(organisation=None).delete()
    return world

from safepath.accounts.models import Role
from safepath.public.demo import public_demo_seed
from safepath.public.models import AnonymousReport, ResourceCentre
from safepath.public.selectors import centre_details, reports_awaiting_triage_count


def test_it_seeds_a_centre_and_three_reports(world, client):
    ResourceCentre.objects.update(is_active=False)  # the world's own centre
    public_demo_seed(organisation=world.other)
    details = centre_details(language="en")
    assert details.hotline_number == "7000-0000 (demo)"
    assert "Dalanzadgad" in details.address and "9:00–18:00" in details.hours
    assert AnonymousReport.objects.filter(organisation=world.other).count() == 3
    operator = world.user("other", Role.HOTLINE_OPERATOR)
    assert reports_awaiting_triage_count(user=operator) == 3
    assert "Даланзадгад" in client.get("/help/mn/").content.decode()

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safepath.accounts.models import Membership, Role, User
from safepath.cases.models import Case, TraffickingStatusDecision
from safepath.people.models import Person
from safepath.prevention.models import Activity, TestResult, Training
from safepath.screening.models import Assessment, Screening


def test_it_refuses_to_run_outside_demo_mode(db, settings):
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("seed_demo", cases=1)


def test_it_builds_a_network_with_every_role(db, settings, tmp_path, capsys):
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", cases=40)
    out = capsys.readouterr().out
    assert "Password for every demo user" in out
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.filter(is_superuser=True, memberships=None).exists()
    assert Case.objects.count() == 40
    names = [p.prs_FirstName for p in Person.objects.all()]
    assert any(re.search("[А-Яа-яӨөҮү]", n) for n in names)
    assert any(re.fullmatch("[A-Za-z-]+", n) for n in names)
    assert Case.objects.filter(is_restricted=True).exists()
    assert "(demo)" in Case.objects.first().organisation.org_Name
    # Statuses come from decisions; screenings and assessments are there.
    for case in Case.objects.select_related("victim"):
        latest = case.status_decisions.filter(state="in_force").first()
        expected = (
            latest.vic_TraffickingStatus if latest else "PossibleVictimOfTrafficking"
        )
        assert case.victim.vic_TraffickingStatus == expected
    assert TraffickingStatusDecision.objects.filter(state="in_force").exists()
    assert Screening.objects.filter(case=None, completed_at__isnull=False).exists()
    assert Assessment.objects.filter(completed_at__isnull=False).exists()
    # Prevention: past trainings with results, one coming up, a campaign.
    assert TestResult.objects.filter(kind="post").exists()
    assert Training.objects.filter(starts_on__gt=date.today()).exists()
    assert Activity.objects.filter(reach__isnull=False).exists()
    # A second run adds nothing and prints the same logins.
    call_command("seed_demo", cases=40)
    assert Case.objects.count() == 40
    assert "demo-caseworker" in capsys.readouterr().out


def test_it_prints_a_working_two_factor_code(db, settings, tmp_path, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", cases=1)
    capsys.readouterr()
    call_command("demo_totp", "demo-caseworker")
    token = capsys.readouterr().out.split()[0]
    device = TOTPDevice.objects.get(user__username="demo-caseworker")
    assert device.verify_token(token)


def test_the_demo_has_people_registered_twice_for_the_duplicates_queue(db):
    from safepath.dedup.models import MatchPair
    from safepath.demo.services import demo_seed

    demo_seed(cases=60, seed=5)
    assert MatchPair.objects.filter(
        organisation__code="ima", status=MatchPair.Status.OPEN
    ).exists()


def test_the_demo_organisation_has_a_form_section_with_answers(db):
    from safepath.demo.services import demo_seed
    from safepath.xlsforms.models import Section, SectionAnswers

    demo_seed(cases=40, seed=6)
    section = Section.objects.get(organisation__code="ima", is_active=True)
    assert section.form_id == "family"
    assert SectionAnswers.objects.filter(section=section).count() == 8

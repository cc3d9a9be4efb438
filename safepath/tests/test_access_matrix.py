"""Every URL pattern × every role × own / other organisation × anonymous.

A view added without an entry in MATRIX fails test_it_knows_every_url_pattern,
so no page can be added without deciding, and testing, who may open it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import (
    CASE_ROLES,
    CONTACT_ROLES,
    PREVENTION_REPORT_ROLES,
    PREVENTION_ROLES,
    SCREENING_ROLES,
    Role,
)
from safepath.api.services import api_token_create
from safepath.conftest import World, build_world, register_case, sign_in
from safepath.dedup.models import MatchPair, Merge
from safepath.dedup.services import persons_merge
from safepath.jobs.models import Job
from safepath.jobs.services import job_enqueue, job_output_save
from safepath.knowledge.selectors import EDITOR_ROLES as KNOWLEDGE_EDITORS
from safepath.knowledge.selectors import READER_ROLES as KNOWLEDGE_READERS
from safepath.notifications.models import Notification
from safepath.openrosa.tests.helpers import (
    ScreeningUpload,
    device_authorization,
    openrosa_values,
)
from safepath.public.selectors import TRIAGE_ROLES
from safepath.xlsforms.models import Section
from safepath.xlsforms.selectors import FORM_MANAGER_ROLES
from safepath.xlsforms.tests.forms import SMALL as SMALL_FORM
from safepath.xlsforms.tests.forms import upload as upload_section

ROLES = list(Role.values)
ACTORS = (
    [("anonymous", None)]
    + [("own", r) for r in ROLES]
    + [("other", r) for r in ROLES]
    + [("platform", None)]
)


@dataclass
class Rule:
    allowed: Callable[[str, str | None], bool]
    method: str = "GET"
    ok: tuple[int, ...] = (200,)
    anonymous: tuple[int, ...] = (302,)
    data: dict = field(default_factory=dict)
    destructive: bool = False
    # Sent with HTTP Basic credentials of a device of the actor's user
    # (openrosa); a device of anyone who may not collect is refused (401).
    device: bool = False
    # Sent with an API token of the actor's user (safepath/api): no session.
    token: bool = False


def everyone(side, role):
    return side != "anonymous"


def own(*roles):
    return lambda side, role: side == "own" and role in roles


def any_side(*roles):
    return lambda side, role: side in ("own", "other") and role in roles


OWN_CASE = own(*CASE_ROLES)
PREVENTION_OWN = own(*PREVENTION_ROLES)
PREVENTION_ANY = any_side(*PREVENTION_ROLES)
OWN_CONTACT_OR_OTHER = any_side(*CONTACT_ROLES)
COLLECTOR = any_side(*SCREENING_ROLES)
RECEIVER = lambda side, role: side == "other" and role in CASE_ROLES  # noqa: E731
# The notification opened is the receiving caseworker's, of the world's referral.
NOTIFIED = lambda side, role: side == "other" and role == Role.CASEWORKER  # noqa: E731
MATRIX: dict[str, Rule] = {
    "home": Rule(everyone),
    "accounts:login": Rule(everyone, ok=(302,), anonymous=(200,)),
    "accounts:two_factor": Rule(everyone, ok=(302,)),
    "accounts:two_factor_setup": Rule(everyone, ok=(302,)),
    "accounts:logout": Rule(everyone, method="POST", ok=(302,)),
    "accounts:language": Rule(
        everyone, method="POST", ok=(302,), anonymous=(302,), data={"language": "en"}
    ),
    "accounts:password_change": Rule(everyone),
    "accounts:members": Rule(own(Role.ORG_ADMIN)),
    "accounts:member_create": Rule(own(Role.ORG_ADMIN)),
    "accounts:member_edit": Rule(own(Role.ORG_ADMIN)),
    "accounts:audit_export": Rule(own(Role.ORG_ADMIN)),
    "accounts:organisation_settings": Rule(own(Role.ORG_ADMIN)),
    "accounts:member_reset_two_factor": Rule(
        own(Role.ORG_ADMIN), method="POST", ok=(302,)
    ),
    "cases:list": Rule(any_side(*CASE_ROLES)),
    # Possible duplicates: each organisation's supervisors review their own
    # (the world's pair and merge are the own organisation's).
    "dedup:queue": Rule(any_side(Role.SUPERVISOR)),
    # Importing cases into one's organisation.
    "htcds:import": Rule(any_side(Role.SUPERVISOR)),
    "htcds:export": Rule(any_side(Role.SUPERVISOR)),
    # A background job's page: who started it and its organisation's supervisors
    # (the world's job is the own supervisor's).
    "jobs:detail": Rule(own(Role.SUPERVISOR)),
    # Only the job's creator (the world's one own supervisor) gets its file.
    "jobs:download": Rule(own(Role.SUPERVISOR)),
    "xlsforms:list": Rule(any_side(*FORM_MANAGER_ROLES)),
    "xlsforms:detail": Rule(own(*FORM_MANAGER_ROLES)),
    "xlsforms:toggle": Rule(
        own(*FORM_MANAGER_ROLES), method="POST", ok=(302,), destructive=True
    ),
    "xlsforms:case": Rule(OWN_CASE),
    "xlsforms:screening": Rule(own(*SCREENING_ROLES)),
    "dedup:run": Rule(any_side(Role.SUPERVISOR), method="POST", ok=(302,)),
    "dedup:pair": Rule(own(Role.SUPERVISOR)),
    "dedup:merge": Rule(
        own(Role.SUPERVISOR),
        method="POST",
        ok=(302,),
        data={"keep": "chosen"},
        destructive=True,
    ),
    "dedup:reject": Rule(
        own(Role.SUPERVISOR), method="POST", ok=(302,), destructive=True
    ),
    "dedup:reopen": Rule(own(Role.SUPERVISOR), method="POST", ok=(302,)),
    "dedup:merges": Rule(any_side(Role.SUPERVISOR)),
    "dedup:undo": Rule(
        own(Role.SUPERVISOR), method="POST", ok=(302,), destructive=True
    ),
    "cases:create": Rule(any_side(*CASE_ROLES)),
    "cases:detail": Rule(OWN_CASE),
    "cases:edit": Rule(OWN_CASE),
    "cases:person_edit": Rule(OWN_CASE),
    "cases:victim_edit": Rule(OWN_CASE),
    "cases:status_edit": Rule(OWN_CASE),
    "cases:access_edit": Rule(OWN_CASE),  # the owner is the own caseworker
    "cases:history": Rule(own(Role.SUPERVISOR)),
    "cases:comments": Rule(OWN_CASE),
    "cases:comment_add": Rule(
        OWN_CASE, method="POST", ok=(302,), data={"cco_CaseComment": "Утсаар ярьсан."}
    ),
    "cases:event_create": Rule(OWN_CASE),
    "cases:event_edit": Rule(OWN_CASE),
    "cases:event_delete": Rule(OWN_CASE, method="POST", ok=(302,), destructive=True),
    "cases:perpetrator_create": Rule(OWN_CASE),
    "cases:perpetrator_edit": Rule(OWN_CASE),
    "cases:consent_create": Rule(OWN_CASE),
    "cases:consent_withdraw": Rule(
        OWN_CASE, method="POST", ok=(302,), destructive=True
    ),
    "stats:overview": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "stats:export": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "stats:indicators": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "stats:indicators_export": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "stats:indicators_choose": Rule(any_side(Role.SUPERVISOR)),
    "stats:ctdc": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "stats:ctdc_download": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "stats:reference": Rule(any_side(Role.DATA_ANALYST, Role.SUPERVISOR)),
    "screening:list": Rule(any_side(*SCREENING_ROLES)),
    "screening:create": Rule(any_side(*SCREENING_ROLES)),
    "screening:detail": Rule(own(*SCREENING_ROLES)),
    "screening:step": Rule(own(*SCREENING_ROLES)),
    # Opening a case from a screening is for those who work on cases.
    "screening:convert": Rule(OWN_CASE),
    "screening:attach": Rule(OWN_CASE),
    # Blank forms and fictional training scenarios hold no one's data.
    "screening:print_index": Rule(everyone),
    "screening:print_indicators": Rule(everyone),
    "screening:print_assessment": Rule(everyone),
    "screening:training": Rule(everyone),
    "screening:training_step": Rule(everyone, ok=(302,)),  # none started: back
    "screening:training_result": Rule(everyone, ok=(302,)),
    "screening:assessment_create": Rule(OWN_CASE),
    "screening:assessment_detail": Rule(OWN_CASE),
    "screening:assessment_step": Rule(OWN_CASE),
    "cases:decision_create": Rule(OWN_CASE),
    # The decision was recorded by the caseworker: only a supervisor reviews.
    "cases:decision_review": Rule(own(Role.SUPERVISOR)),
    # The directory lists organisations' services, no one's data.
    "directory:search": Rule(everyone),
    "directory:offer_detail": Rule(everyone),
    "directory:offer_create": Rule(any_side(Role.ORG_ADMIN, Role.SUPERVISOR)),
    "directory:offer_edit": Rule(own(Role.ORG_ADMIN, Role.SUPERVISOR)),
    "assistance:plan_create": Rule(OWN_CASE),
    "assistance:plan_edit": Rule(OWN_CASE),
    "assistance:service_create": Rule(OWN_CASE),
    "assistance:service_edit": Rule(OWN_CASE),
    "assistance:service_delete": Rule(
        OWN_CASE, method="POST", ok=(302,), destructive=True
    ),
    "assistance:task_create": Rule(OWN_CASE),
    "assistance:task_done": Rule(OWN_CASE, method="POST", ok=(302,)),
    "cases:closure_review": Rule(own(Role.SUPERVISOR)),
    # The sender's caseworkers see their referral; the receiving
    # organisation's see it too, with only the parts the person consented to
    # share (PERSONAL below proves the rest stays out).
    "referrals:inbox": Rule(any_side(*CASE_ROLES)),
    "referrals:create": Rule(OWN_CASE),
    "referrals:detail": Rule(any_side(*CASE_ROLES)),
    "referrals:respond": Rule(RECEIVER),
    "referrals:open_case": Rule(RECEIVER, ok=(302,)),  # not accepted yet: back
    "referrals:withdraw": Rule(OWN_CASE, method="POST", ok=(302,), destructive=True),
    # The contact log is kept by the organisation's hotline, outreach and
    # case staff; starting a screening needs a screening role, a case a case
    # role.
    "hotline:dashboard": Rule(OWN_CONTACT_OR_OTHER),
    "hotline:list": Rule(OWN_CONTACT_OR_OTHER),
    "hotline:create": Rule(OWN_CONTACT_OR_OTHER),
    "hotline:detail": Rule(own(*CONTACT_ROLES)),
    "hotline:edit": Rule(own(*CONTACT_ROLES)),
    "hotline:follow_up_done": Rule(own(*CONTACT_ROLES), method="POST", ok=(302,)),
    "hotline:start_screening": Rule(own(*SCREENING_ROLES)),
    "hotline:open_case": Rule(OWN_CASE),
    # Articles hold no one's data; each organisation's staff read their own.
    "knowledge:list": Rule(any_side(*KNOWLEDGE_READERS)),
    "knowledge:detail": Rule(own(*KNOWLEDGE_READERS)),
    "knowledge:create": Rule(any_side(*KNOWLEDGE_EDITORS)),
    "knowledge:edit": Rule(own(*KNOWLEDGE_EDITORS)),
    # The public pages need no account and set no cookie; the triage queue is
    # the resource centre's organisation's.
    "public:index": Rule(everyone, ok=(302,), anonymous=(302,)),
    "public:home": Rule(everyone, anonymous=(200,)),
    "public:report": Rule(everyone, anonymous=(200,)),
    "public:report_done": Rule(everyone, anonymous=(200,)),
    "public:triage": Rule(any_side(*TRIAGE_ROLES)),
    "public:triage_detail": Rule(own(*TRIAGE_ROLES)),
    # Each user's own notifications; another's id answers 404 (tested there).
    "notifications:list": Rule(everyone),
    "notifications:open": Rule(NOTIFIED, method="POST", ok=(302,)),
    "notifications:read_all": Rule(everyone, method="POST", ok=(302,)),
    # Trainings and campaigns are their organisation's prevention staff's;
    # the reports (aggregates) are theirs and the analysts'.
    "prevention:training_list": Rule(PREVENTION_ANY),
    "prevention:training_create": Rule(PREVENTION_ANY),
    "prevention:training_detail": Rule(PREVENTION_OWN),
    "prevention:training_edit": Rule(PREVENTION_OWN),
    "prevention:training_open_test": Rule(
        PREVENTION_OWN, method="POST", ok=(302,), data={"open_test": "pre"}
    ),
    "prevention:training_links": Rule(PREVENTION_OWN),
    "prevention:training_certificates": Rule(PREVENTION_OWN),
    "prevention:attendance": Rule(PREVENTION_OWN),
    "prevention:scores": Rule(PREVENTION_OWN),
    "prevention:participant_create": Rule(PREVENTION_OWN),
    "prevention:participants_import": Rule(PREVENTION_OWN),
    "prevention:participants_template": Rule(PREVENTION_ANY),
    "prevention:participant_edit": Rule(PREVENTION_OWN),
    "prevention:participant_delete": Rule(
        PREVENTION_OWN, method="POST", ok=(302,), destructive=True
    ),
    "prevention:participant_test": Rule(PREVENTION_OWN),
    "prevention:participant_follow_up": Rule(PREVENTION_OWN),
    "prevention:module_list": Rule(PREVENTION_ANY),
    "prevention:module_create": Rule(PREVENTION_ANY),
    "prevention:module_detail": Rule(PREVENTION_OWN),
    "prevention:question_create": Rule(PREVENTION_OWN),
    "prevention:question_edit": Rule(PREVENTION_OWN),
    "prevention:campaign_list": Rule(PREVENTION_ANY),
    "prevention:campaign_create": Rule(PREVENTION_ANY),
    "prevention:campaign_detail": Rule(PREVENTION_OWN),
    "prevention:campaign_edit": Rule(PREVENTION_OWN),
    "prevention:activity_create": Rule(PREVENTION_OWN),
    "prevention:activity_edit": Rule(PREVENTION_OWN),
    "prevention:activity_delete": Rule(
        PREVENTION_OWN, method="POST", ok=(302,), destructive=True
    ),
    "prevention:report": Rule(any_side(*PREVENTION_REPORT_ROLES)),
    "prevention:report_export": Rule(any_side(*PREVENTION_REPORT_ROLES)),
    # A participant's own test link: no account, the link is the key, and
    # the page shows no name.
    "learn:start": Rule(everyone, ok=(302,), anonymous=(302,)),
    "learn:page": Rule(everyone, anonymous=(200,)),
    # The REST API acts as the user of the token, with the same rules as the
    # web pages; without a token, 401. Reference data holds no one's data.
    "api:cases": Rule(any_side(*CASE_ROLES), anonymous=(401,), token=True),
    "api:case": Rule(OWN_CASE, anonymous=(401,), token=True),
    "api:persons": Rule(any_side(*CASE_ROLES), anonymous=(401,), token=True),
    "api:person": Rule(OWN_CASE, anonymous=(401,), token=True),
    "api:referrals": Rule(any_side(*CASE_ROLES), anonymous=(401,), token=True),
    "api:referral": Rule(any_side(*CASE_ROLES), anonymous=(401,), token=True),
    "api:screenings": Rule(any_side(*SCREENING_ROLES), anonymous=(401,), token=True),
    "api:screening": Rule(own(*SCREENING_ROLES), anonymous=(401,), token=True),
    "api:picklists": Rule(everyone, anonymous=(401,), token=True),
    "api:places": Rule(everyone, anonymous=(401,), token=True),
    "api:place": Rule(everyone, anonymous=(401,), token=True),
    "api:organisations": Rule(everyone, anonymous=(401,), token=True),
    "api:organisation": Rule(everyone, anonymous=(401,), token=True),
    # The schema and its documentation describe the API, not anyone's data.
    "api:schema": Rule(everyone, anonymous=(200,)),
    "api:docs": Rule(everyone, anonymous=(200,)),
    # Each user makes and revokes their own tokens (the world's is the own
    # caseworker's).
    "api:tokens": Rule(everyone),
    "api:token_revoke": Rule(
        own(Role.CASEWORKER), method="POST", ok=(302,), destructive=True
    ),
    # ODK Collect's OpenRosa API: a device acts as its user, in the
    # organisation it was registered in; the forms hold no one's data.
    "openrosa:form_list": Rule(COLLECTOR, anonymous=(401,), device=True),
    "openrosa:form_download": Rule(COLLECTOR, anonymous=(401,), device=True),
    "openrosa:form_manifest": Rule(COLLECTOR, anonymous=(401,), device=True),
    "openrosa:submission": Rule(
        COLLECTOR,
        method="POST",
        ok=(201, 202),  # the first of each organisation, then copies
        anonymous=(401,),
        data={"xml_submission_file": ScreeningUpload()},
        device=True,
    ),
    # Field submissions wait for the organisation's case staff; devices are
    # registered and revoked by its supervisors.
    "openrosa:queue": Rule(any_side(*CASE_ROLES)),
    "openrosa:submission_detail": Rule(OWN_CASE),
    "openrosa:attachment": Rule(OWN_CASE),
    "openrosa:submission_accept": Rule(
        OWN_CASE, method="POST", ok=(302,), destructive=True
    ),
    "openrosa:submission_reject": Rule(
        OWN_CASE, method="POST", ok=(302,), data={"reason": "Test."}, destructive=True
    ),
    "openrosa:devices": Rule(any_side(Role.SUPERVISOR)),
    "openrosa:device_revoke": Rule(
        own(Role.SUPERVISOR), method="POST", ok=(302,), destructive=True
    ),
    # Erasing a person is for the supervisors of the case's organisation who
    # may open the case; posted without the right reference, the page comes
    # back (retention/tests/test_erasure.py erases through it).
    "retention:erase": Rule(
        own(Role.SUPERVISOR),
        method="POST",
        ok=(200,),
        data={"reason": "request", "confirm": "not-the-reference"},
        destructive=True,
    ),
    # Each organisation's admin sets its retention rule.
    "retention:rule": Rule(own(Role.ORG_ADMIN)),
    # ...and may apply it now (nothing is due in the world: back to its page).
    "retention:apply": Rule(
        own(Role.ORG_ADMIN), method="POST", ok=(302,), destructive=True
    ),
}

# What must never reach anyone but the case's own caseworkers and supervisors.
PERSONAL = [
    "Сэржмядаг",
    "ЧБ03271614",
    "9911 2233",
    "Жавхлантөгс",
    "Уулзалт болсон",
    "Эмчид үзүүлэх",
]
# What only the organisation's contact-log keepers may see.
CONTACT_PERSONAL = ["Болдбаатар"]
# What only the organisation's prevention staff may see (a participant).
PREVENTION_PERSONAL = ["Должинсүрэн"]


def url_patterns(resolver: URLResolver | None = None, prefix="", namespace=""):
    """Every (name, route, pattern) in the project, namespaces joined."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            joined = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from url_patterns(entry, route, joined)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield name, route, entry


def _section(world: World, kind: str) -> Section:
    """A form section of the own organisation, for cases or screenings."""
    found = Section.objects.filter(organisation=world.own, attaches_to=kind).first()
    return found or upload_section(
        world.own, world.user("own", Role.SUPERVISOR), kind=kind, form=SMALL_FORM
    )


def _duplicates(world: World) -> tuple[MatchPair, Merge]:
    """An open pair of the world's person and another record in the own
    organisation, and the merge of a second pair."""
    supervisor = world.user("own", Role.SUPERVISOR)
    records = [
        register_case(world.own, supervisor, "Сарангэрэл", f"Ганбаатар{i}").person
        for i in range(3)
    ]
    pair = MatchPair.objects.create(
        left=world.case.person,
        right=records[0],
        organisation=world.own,
        probability=0.9,
        reasons={"given_key": "exact"},
        found_at=timezone.now(),
    )
    merged = MatchPair.objects.create(
        left=records[1],
        right=records[2],
        organisation=world.own,
        probability=0.95,
        found_at=timezone.now(),
    )
    merge = persons_merge(pair=merged, keep=records[1], actor=supervisor)
    return pair, merge


def concrete(route: str, world: World) -> str:
    case = world.case
    membership = world.user("own", Role.CASEWORKER).memberships.get()
    device, _ = TOTPDevice.objects.get_or_create(user=world.platform_admin)
    values = {
        "case_id": case.pk,
        "event_id": case.events.first().pk,
        "perpetrator_id": case.perpetrators.first().pk,
        "consent_id": case.consents.filter(withdrawn_on=None).first().pk,
        "organisation_id": world.own.pk,
        "membership_id": membership.pk,
        "object_id": world.own.pk,
        "pk": device.pk,
        "id": world.platform_admin.pk,
        "content_type_id": 1,
        "screening_id": world.screening.pk,
        "decision_id": world.decision.pk,
        "assessment_id": world.assessment.pk,
        "set_key": "ilo-ec-2009",
        "template_key": "iom-domv",
        "number": 1,
        "offer_id": world.offer.pk,
        "referral_id": world.referral.pk,
        "contact_id": world.contact.pk,
        "article_id": world.article.pk,
        "report_id": world.anonymous_report.pk,
        "lang": "en",
        "notification_id": Notification.objects.filter(
            user=world.user("other", Role.CASEWORKER)
        )
        .first()
        .pk,
        "plan_id": case.support_plans.first().pk,
        "service_id": case.services.first().pk,
        "task_id": case.tasks.first().pk,
        "training_id": world.training.pk,
        "participant_id": world.participant.pk,
        "kind": "pre",
        "module_id": world.module.pk,
        "question_id": world.question.pk,
        "campaign_id": world.campaign.pk,
        "activity_id": world.activity.pk,
        "token": world.participant.token,
    }
    if "<uuid:section_id>" in route:
        kind = "screening" if "<uuid:screening_id>" in route else "case"
        values["section_id"] = _section(world, kind).pk
    if route.startswith("openrosa/"):
        values.update(openrosa_values(world))
    if route.startswith("api/"):
        values.update(api_values(world))
    if "<int:pair_id>" in route or "<int:merge_id>" in route:
        pair, merge = _duplicates(world)
        values.update(pair_id=pair.pk, merge_id=merge.pk)
    if "<uuid:job_id>" in route:
        job = job_enqueue(
            kind=Job.Kind.HTCDS_EXPORT,
            organisation=world.own,
            actor=world.user("own", Role.SUPERVISOR),
        )
        # An export that made its file, for its creator to download.
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.SUCCEEDED, result={"cases": 1}
        )
        job_output_save(job=job, name="own-htcds.csv.zip", content=b"PK")
        values["job_id"] = job.pk
    # The admin's two regular-expression routes: an app's index and the catch-all.
    route = re.sub(r"\(\?P<app_label>[^)]*\)", "organisations", route)
    route = re.sub(r"\(\?P<url>[^)]*\)", "nowhere/", route)
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    return "/" + route


def device_client(client, world: World, side: str, role: str | None):
    """Basic credentials of a device of the actor's user (openrosa)."""
    if side == "anonymous":
        return client
    user = world.platform_admin if side == "platform" else world.user(side, role)
    organisation = world.other if side == "other" else world.own
    client.defaults["HTTP_AUTHORIZATION"] = device_authorization(user, organisation)
    return client


def api_values(world: World) -> dict:
    owner = world.user("own", Role.CASEWORKER)
    return {
        "person_id": world.case.person_id,
        "place_id": world.own.location_id,
        "code": world.own.code,
        "token_id": api_token_create(user=owner, name="matrix")[0].pk,
    }


def token_client(client, world: World, side: str, role: str | None):
    """An API token of the actor's user (safepath/api)."""
    if side == "anonymous":
        return client
    user = world.platform_admin if side == "platform" else world.user(side, role)
    _token, secret = api_token_create(user=user, name="matrix")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def actor_client(client, world: World, side: str, role: str | None):
    if side == "anonymous":
        return client
    user = world.platform_admin if side == "platform" else world.user(side, role)
    return sign_in(client, user)


def app_urls():
    return sorted(
        {name for name, route, _ in url_patterns() if not route.startswith("admin/")}
    )


def test_it_knows_every_url_pattern():
    unknown = set(app_urls()) - set(MATRIX)
    assert not unknown, (
        f"add these URL names to MATRIX with their access rule: {unknown}"
    )
    assert set(MATRIX) <= set(app_urls())


def content(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _request(client, method: str, url: str, data: dict):
    return client.post(url, data) if method == "POST" else client.get(url)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_each_actor(db, client_factory, name):
    rule = MATRIX[name]
    routes = [r for n, r, _ in url_patterns() if n == name]
    assert len(routes) == 1, name
    world = build_world()
    url = concrete(routes[0], world)
    # Denied actors first, so a destructive request by an allowed one comes last.
    actors = sorted(ACTORS, key=lambda a: a[0] != "anonymous" and rule.allowed(*a))
    for side, role in actors:
        make_client = (
            device_client
            if rule.device
            else token_client
            if rule.token
            else actor_client
        )
        client = make_client(client_factory(), world, side, role)
        response = _request(client, rule.method, url, rule.data)
        who = f"{name} as {side}:{role}"
        if side == "anonymous":
            assert response.status_code in rule.anonymous, who
            if response.status_code == 302 and name not in (
                "accounts:language",
                "public:index",
                "learn:start",
            ):
                assert response["Location"].startswith("/accounts/login/"), who
        elif rule.allowed(side, role):
            assert response.status_code in rule.ok, f"{who}: {response.status_code}"
        else:
            denied = 401 if rule.device else 404
            assert response.status_code == denied, f"{who}: {response.status_code}"
        sees_case = side == "own" and role in CASE_ROLES
        sees_contact = side == "own" and role in CONTACT_ROLES
        sees_participants = side == "own" and role in PREVENTION_ROLES
        hidden = (
            (PERSONAL if not sees_case else [])
            + (CONTACT_PERSONAL if not sees_contact else [])
            + (PREVENTION_PERSONAL if not sees_participants else [])
        )
        if hidden:
            body = content(response)
            leaked = [p for p in hidden if p in body]
            assert not leaked, f"{who} sees {leaked}"
        if rule.destructive and rule.allowed(side, role):
            break


def test_it_keeps_the_admin_to_verified_platform_admins(db, client_factory):
    world = build_world()
    admin_routes = [r for n, r, _ in url_patterns() if r.startswith("admin/")]
    assert len(admin_routes) > 20
    for route in admin_routes:
        url = concrete(route, world)
        for side, role in ACTORS:
            if side == "platform":
                continue
            client = actor_client(client_factory(), world, side, role)
            response = client.get(url, follow=True)
            who = f"{url} as {side}:{role}"
            if side == "anonymous":
                assert response.redirect_chain, who
                assert response.redirect_chain[-1][0].startswith("/accounts/login/"), (
                    who
                )
            else:
                assert response.status_code in (404, 405), who
    client = sign_in(client_factory(), world.platform_admin)
    for route in admin_routes:
        url = concrete(route, world)
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        assert not [p for p in PERSONAL if p in body], url
    assert client.get("/admin/").status_code == 200


def test_it_registers_no_case_or_person_model_in_the_admin():
    from django.contrib import admin

    apps = {model._meta.app_label for model in admin.site._registry}
    assert not apps & {"cases", "people", "audit"}


def test_it_lists_only_the_organisations_own_cases(world, client):
    sign_in(client, world.user("other", Role.SUPERVISOR))
    body = client.get("/cases/").content.decode()
    assert world.other_case.reference in body
    assert world.case.reference not in body
    assert "Сэржмядаг" not in body

"""Schemathesis against the served OpenAPI schema: every operation, with
generated parameters and bodies that fit the schema and that do not, is
answered without a server error. In-process through WSGI with a supervisor's
token (a supervisor may call every operation), bounded and derandomized, so
that it runs the same way, in well under a minute, in every run of the suite.

(Schemathesis' own pytest loader does not run under pytest 9 yet: the
operations are driven through its Hypothesis strategies instead.)"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from safepath.accounts.models import Role
from safepath.api.services import api_token_create

OPERATIONS = [
    "GET /api/v1/cases/",
    "POST /api/v1/cases/",
    "GET /api/v1/cases/{case_id}/",
    "GET /api/v1/persons/",
    "GET /api/v1/persons/{person_id}/",
    "GET /api/v1/referrals/",
    "GET /api/v1/referrals/{referral_id}/",
    "GET /api/v1/screenings/",
    "GET /api/v1/screenings/{screening_id}/",
    "GET /api/v1/picklists/",
    "GET /api/v1/places/",
    "GET /api/v1/places/{place_id}/",
    "GET /api/v1/organisations/",
    "GET /api/v1/organisations/{code}/",
]
EXAMPLES = 25


@pytest.fixture
def api_schema(world):
    # As Django's test client does: a request must not close the connection
    # that holds the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    # The handler itself, not safepath.wsgi: that would set Django up again
    # and so reset the logging that tests/test_logs.py captures.
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def bearer(world) -> dict[str, str]:
    user = world.user("own", Role.SUPERVISOR)
    _token, secret = api_token_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {secret}"}


def test_it_fuzzes_every_operation_of_the_schema(api_schema):
    served = {result.ok().label for result in api_schema.get_all_operations()}
    assert served == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_it_answers_every_operation_without_a_server_error(api_schema, bearer, mode):
    for label in OPERATIONS:
        operation = api_schema.find_operation_by_label(label)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            case.call_and_validate(headers=bearer, checks=[not_a_server_error])

        call()

"""The OpenAPI schema and the documentation page rendered from it."""

from django.test import Client

from safepath.accounts.models import Role
from safepath.api.tests.test_fuzz import OPERATIONS
from safepath.conftest import sign_in


def test_it_serves_an_openapi_3_schema_of_every_operation(db):
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    served = {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
    }
    assert served == set(OPERATIONS)
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    case = schema["components"]["schemas"]["Case"]["properties"]
    assert {"prs_FirstName", "cas_Status", "vic_TypeOfExploitation"} <= set(case)
    yaml = Client().get("/api/v1/schema/?format=yaml")
    assert yaml.content.startswith(b"openapi: 3.")


def test_it_documents_each_operation_on_a_plain_page(world):
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    for operation in OPERATIONS:
        method, path = operation.split()
        assert f"<code>{method} {path}</code>" in body, operation
    assert "<script" not in body.split("</head>", 1)[1]
    assert 'href="/api/v1/schema/"' in body
    assert "prs_FirstName" in body and "updated_since" in body


def test_it_links_the_token_page_for_signed_in_users(world, client):
    sign_in(client, world.user("own", Role.DATA_ANALYST))
    assert 'href="/api/v1/tokens/"' in client.get("/api/v1/docs/").content.decode()

"""Nothing is loaded from the internet and pages with personal data are not
cached."""

import re
from pathlib import Path

from safepath.accounts.models import Role
from safepath.conftest import sign_in

PACKAGE = Path(__file__).resolve().parent.parent


def test_it_sends_a_strict_content_security_policy(world, client):
    sign_in(client, world.user("own", Role.CASEWORKER))
    response = client.get(f"/cases/{world.case.pk}/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_loads_nothing_from_elsewhere():
    external = re.compile(r"""(src|href)=["']?(https?:)?//""")
    for template in PACKAGE.rglob("templates/**/*.html"):
        assert not external.search(template.read_text()), template
    for static in (PACKAGE / "static").rglob("*.css"):
        assert "http" not in static.read_text(), static


def test_it_has_no_inline_script_or_style_the_policy_would_block():
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text()
        assert "<script>" not in text and " style=" not in text, template
        assert "hx-on" not in text, template


def test_it_serves_htmx_from_this_server(client, db):
    response = client.get("/static/safepath/htmx-2.0.11.min.js")
    assert response.status_code == 200

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from safepath.accounts.models import Role
from safepath.audit.models import AuditEvent
from safepath.conftest import sign_in


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def tamper(sql: str, params: list) -> None:
    """What someone with the database's own superuser could do: lift the
    append-only guard, then change the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_update")
        cursor.execute(sql, params)


@pytest.fixture
def trail(world, client):
    sign_in(client, world.user("own", Role.SUPERVISOR))
    client.get(f"/cases/{world.case.pk}/")
    client.post(f"/cases/{world.case.pk}/comments/", {"cco_CaseComment": "Утсаар."})
    return list(AuditEvent.objects.order_by("seq"))


def test_it_records_who_in_which_role_and_which_fields(world, trail):
    view = AuditEvent.objects.filter(action="case.view").latest("seq")
    assert view.actor == world.user("own", Role.SUPERVISOR)
    assert view.role == "supervisor"
    assert view.organisation_id == world.own.pk
    assert view.target_id == str(world.case.pk)
    assert [e.seq for e in trail] == list(range(1, len(trail) + 1))


def test_it_finds_the_chain_intact(trail):
    assert f"Audit trail intact: {len(trail)} entries" in verify()


def test_it_names_an_altered_entry(trail):
    victim = trail[5]
    tamper(
        "UPDATE audit_auditevent SET action = %s WHERE seq = %s",
        ["case.update", victim.seq],
    )
    with pytest.raises(CommandError, match=f"entry #{victim.seq} was altered"):
        verify()


def test_it_names_a_deleted_entry(trail):
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [trail[3].seq])
    with pytest.raises(CommandError, match=f"entry #{trail[3].seq} is missing"):
        verify()


def test_it_notices_entries_cut_from_the_end(trail):
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [trail[-1].seq])
    with pytest.raises(
        CommandError, match=f"entries after #{trail[-2].seq} were removed"
    ):
        verify()


def test_it_notices_a_rewritten_entry_even_with_a_fresh_hash(trail):
    """Without the audit key nobody can make a forged entry fit the chain."""
    import hashlib

    victim = trail[2]
    forged = hashlib.sha256(b"forged").hexdigest()
    tamper("UPDATE audit_auditevent SET actor_id = NULL, hash = %s WHERE seq = %s",
           [forged, victim.seq])  # fmt: skip
    with pytest.raises(CommandError, match=f"#{victim.seq}"):
        verify()


def test_it_refuses_to_change_the_trail(trail):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(action="nothing")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(seq=1).delete()


def test_it_shows_supervisors_the_access_history_on_the_case_page(world, trail, client):
    response = client.get(f"/cases/{world.case.pk}/")
    actions = [e.action for e in response.context["access"]]
    assert actions[0] == "case.view" and "comment.create" in actions
    caseworker = sign_in(type(client)(), world.user("own", Role.CASEWORKER))
    assert caseworker.get(f"/cases/{world.case.pk}/").context["access"] is None


def test_it_lets_an_org_admin_export_the_audit_log(world, trail, client):
    sign_in(client, world.user("own", Role.ORG_ADMIN))
    response = client.get(f"/accounts/organisations/{world.own.pk}/audit.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["seq", "at", "actor", "role", "action"]
    actions = [row[4] for row in rows[1:]]
    assert "case.view" in actions and "comment.create" in actions
    # Only this organisation's entries, and the export itself is recorded.
    own_entries = AuditEvent.objects.filter(organisation_id=world.own.pk)
    assert own_entries.filter(action="audit.export").exists()
    assert len(rows) - 1 == own_entries.count()
    body = "".join(",".join(r) for r in rows)
    assert "Сэржмядаг" not in body and "Утсаар" not in body

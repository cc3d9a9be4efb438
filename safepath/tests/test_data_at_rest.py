"""A stolen database file or dump reveals nobody."""

import re
import shutil
import subprocess

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from safepath.accounts.models import User
from safepath.cases.models import CaseComment
from safepath.demo.services import demo_seed
from safepath.knowledge.models import Article
from safepath.lib import crypto
from safepath.lib.crypto import UndecryptableValue
from safepath.organisations.models import Organisation
from safepath.people.models import Person
from safepath.places.models import Location
from safepath.public.models import ResourceCentre


def database_bytes(tmp_path) -> bytes:
    """The whole database as a thief would take it: the SQLite file, or a
    pg_dump of the PostgreSQL database."""
    if connection.vendor == "sqlite":
        path = tmp_path / "stolen.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return path.read_bytes()
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is missing: apt-get install postgresql-client")
    db = connection.settings_dict
    command = [
        shutil.which("pg_dump"), "--no-password", "--host", db["HOST"] or "localhost",
        "--port", str(db["PORT"] or 5432), "--username", db["USER"] or "postgres",
        db["NAME"],
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, check=True)  # noqa: S603
    return result.stdout


def public_text() -> str:
    """What is rightly in clear: staff and organisation names, place names,
    the public texts (knowledge articles, the resource centre's details)."""
    parts = [f"{u.first_name} {u.last_name}" for u in User.objects.all()]
    parts += Organisation.objects.values_list("org_Name", flat=True)
    for place in Location.objects.all():
        parts += [place.name_mn, place.name_latn, place.name_ascii, place.name_bgn]
    for article in Article.objects.all():
        for language in ("mn", "en", "fr"):
            parts += [getattr(article, f"title_{language}")]
            parts += [getattr(article, f"body_{language}")]
    for centre in ResourceCentre.objects.all():
        for language in ("mn", "en", "fr"):
            for field in ("name", "address", "hours"):
                parts += [getattr(centre, f"{field}_{language}")]
    return " ".join(parts)


def personal_values() -> set[str]:
    """Every name, phone, identity number and comment of the demo people,
    except those that also stand in public text (Мөнх in Мөнхзул, a staff
    member; Сэлэнгэ, an aimag)."""
    public = public_text()
    fields = (
        "prs_FirstName",
        "prs_SecondName",
        "prs_MobilePhone",
        "prs_IdentityNumber",
    )
    values = set()
    for person in Person.objects.all():
        values |= {getattr(person, field) for field in fields}
        if person.prs_MobilePhone:
            values.add(re.sub(r"\D", "", person.prs_MobilePhone)[-8:])
    values |= {c.cco_CaseComment for c in CaseComment.objects.all()}
    return {v for v in values if v and v not in public}


# serialized_rollback: the places and picklists made by data migrations come
# back after another test has flushed the database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_no_demo_person_in_clear_in_the_database(tmp_path):
    demo_seed(cases=40, password="a demo password that is long")
    values = personal_values()
    assert len(values) > 60
    assert any(re.search("[А-Яа-я]", v) for v in values)
    assert any(re.fullmatch("[A-Za-z-]+", v) for v in values)
    stolen = database_bytes(tmp_path)
    assert len(stolen) > 100_000
    found = sorted(v for v in values if v.encode() in stolen)
    assert not found, f"in clear in the database: {found[:10]}"
    # The check can fail: staff names, which are not encrypted, are there.
    assert "Оюунчимэг".encode() in stolen


def test_it_refuses_to_filter_on_encrypted_fields(db):
    with pytest.raises(FieldError):
        list(Person.objects.filter(prs_FirstName="Бат-Эрдэнэ"))
    with pytest.raises(FieldError):
        list(Person.objects.filter(prs_MobilePhone__contains="9911"))


def test_it_rotates_keys(world, settings, capsys):
    old = settings.ENCRYPTION_KEYS[0]
    new = crypto.new_key()
    settings.ENCRYPTION_KEYS = [new, old]  # new key first, old one still readable
    person = Person.objects.get(pk=world.case.person_id)
    assert person.prs_FirstName == "Сэржмядаг"
    call_command("rotate_keys")
    out = capsys.readouterr().out
    assert "people.Person: " in out and "values re-encrypted" in out
    settings.ENCRYPTION_KEYS = [new]  # the old key can go
    assert Person.objects.get(pk=world.case.person_id).prs_FirstName == "Сэржмядаг"
    assert CaseComment.objects.filter(case=world.case).first().cco_CaseComment
    call_command("rotate_keys")  # nothing left to do
    assert "0 values re-encrypted" in capsys.readouterr().out


def test_it_rebuilds_the_search_index_with_a_new_key(world, settings, client):
    from safepath.accounts.models import Role
    from safepath.conftest import sign_in

    settings.BLIND_INDEX_KEY = "a new blind index key, longer than thirty-two"
    sign_in(client, world.user("own", Role.CASEWORKER))
    assert (
        client.post("/cases/", {"q": "Сэржмядаг"}).context["page"].paginator.count == 0
    )
    call_command("rotate_keys", "--reindex")
    assert (
        client.post("/cases/", {"q": "Сэржмядаг"}).context["page"].paginator.count == 1
    )


def test_it_says_which_key_is_missing(world, settings):
    settings.ENCRYPTION_KEYS = [crypto.new_key()]
    with pytest.raises(UndecryptableValue, match="SAFEPATH_ENCRYPTION_KEYS"):
        Person.objects.get(pk=world.case.person_id)

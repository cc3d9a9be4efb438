"""Run in the scratch installation (manage.py shell): the fixtures' world,
an API token and a signed-in session of its caseworker; prints them as JSON."""

import json

from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safepath.accounts.models import Role
from safepath.api.services import api_token_create
from safepath.conftest import build_world

world = build_world()
owner = world.user("own", Role.CASEWORKER)
_token, secret = api_token_create(user=owner, name="faults")
device = TOTPDevice.objects.create(user=owner, name="faults", confirmed=True)
session = SessionStore()
session["_auth_user_id"] = str(owner.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = owner.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.create()
print(
    json.dumps(
        {
            "token": secret,
            "session": session.session_key,
            "case": str(world.case.pk),
            "to": world.other.pk,
        }
    )
)

"""Locust's simulated users for bench/load.py (not run on its own).

Each user is a caseworker who signs in (password, then the code of their
authenticator) and then, with a pause between actions (LOAD_THINK seconds,
1-3 by default), reads (the case list, a case), searches (a name, POSTed as
the page does),
edits (a comment; the victim context form saved back as it is) and refers
(a referral to an organisation the person consented to share with).
The users, their keys and their cases come from the file in LOAD_USERS.
"""

import json
import os
import random
import re
from itertools import cycle
from pathlib import Path

import lxml.html
from django_otp.oath import totp
from locust import HttpUser, between, task

USERS = json.loads(open(os.environ["LOAD_USERS"]).read())  # noqa: SIM115
_accounts = cycle(USERS)
PASSWORD = os.environ["LOAD_PASSWORD"]
_signed_in = 0  # Locust's users are greenlets of one thread: no lock needed.


THINK = [float(s) for s in os.environ.get("LOAD_THINK", "1-3").split("-")]


class Caseworker(HttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.account = next(_accounts)
        self.rng = random.Random(self.account["username"])
        self.client.get("/accounts/login/", name="sign in")
        self.post(
            "/accounts/login/",
            {"username": self.account["username"], "password": PASSWORD},
            name="sign in",
        )
        code = totp(bytes.fromhex(self.account["totp_key"]))
        self.post("/accounts/2fa/", {"otp_token": f"{code:06d}"}, name="sign in")
        # The figures count from the moment the last user is signed in: 50
        # password hashes (Argon2, made to be slow) at the same second are
        # not the working day the test simulates.
        global _signed_in
        _signed_in += 1
        if _signed_in == self.environment.runner.target_user_count:
            self.environment.runner.stats.reset_all()
            # bench/load.py starts counting the server's CPU time here too.
            Path(os.environ["LOAD_MARK"]).touch()

    def post(
        self,
        path: str,
        data,
        name: str,
        expect_redirect: bool = True,
        htmx: bool = False,
    ):
        token = self.client.cookies.get("csrftoken", "")
        headers = {"X-CSRFToken": token, "Referer": self.host + path}
        if htmx:
            headers["HX-Request"] = "true"
        with self.client.post(
            path,
            data=data,
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            wanted = (302, 303) if expect_redirect else (200,)
            if response.status_code not in wanted:
                response.failure(f"{response.status_code} (wanted {wanted})")
            return response

    def case(self) -> str:
        return self.rng.choice(self.account["cases"])

    @task(4)
    def read_case(self) -> None:
        self.client.get(f"/cases/{self.case()}/", name="case page")

    @task(3)
    def read_list(self) -> None:
        self.client.get("/cases/", name="case list")

    @task(2)
    def search(self) -> None:
        name = self.rng.choice(self.account["names"])
        # The list page sends a search as htmx does, as one types, and gets
        # back the results only.
        self.post(
            "/cases/", {"q": name}, name="search", expect_redirect=False, htmx=True
        )

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(1)
    def comment(self) -> None:
        self.post(
            f"/cases/{self.case()}/comments/",
            {"cco_CaseComment": "Called the person back; no change."},
            name="add a comment",
        )

    @task(1)
    def edit(self) -> None:
        """Open the victim-context form and save it as it is, as a user who
        checks a field and saves does: the whole form, with its version."""
        case = self.case()
        page = self.client.get(f"/cases/{case}/victim/", name="edit form")
        if page.status_code != 200:
            return
        path = f"/cases/{case}/victim/"
        # The page's own form (the header's language and sign-out forms post
        # elsewhere).
        form = next(
            f
            for f in lxml.html.fromstring(page.text).forms
            if f.method == "POST" and f.action in (None, "", path)
        )
        self.post(path, form.form_values(), name="save an edit")

    @task(1)
    def refer(self) -> None:
        if not self.account["referrals"]:
            return
        case, to, sections = self.rng.choice(self.account["referrals"])
        self.post(
            f"/referrals/new/{case}/",
            {
                "to_organisation": to,
                "reason": "AdditionalServicesRequired",
                "urgency": "Normal",
                "services_requested": ["Shelter"],
                "sections": sections,
                "details": "Needs a safe place for two weeks.",
            },
            name="send a referral",
        )


def _check_names() -> None:
    for account in USERS:
        assert all(re.fullmatch(r"[\w-]+", c) for c in account["cases"])


_check_names()

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from safepath.accounts.models import User
from safepath.demo.services import demo_seed

LOGINS_FILE = "demo-logins.txt"


class Command(BaseCommand):
    help = (
        "Create the fictional demo network (organisations, a user for every role, "
        "cases) once, in demo mode only (SAFEPATH_DEMO=1), and print its logins. "
        "If the database already holds users it creates nothing and prints the "
        "logins saved in var/demo-logins.txt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, cases: int, seed: int, **options):
        if not settings.DEMO:
            raise CommandError("seed_demo runs only with SAFEPATH_DEMO=1.")
        path = settings.VAR_DIR / LOGINS_FILE
        if User.objects.exists():
            if path.exists():
                self.stdout.write(path.read_text())
            else:
                self.stdout.write("The database already has users; no demo data added.")
            return
        with translation.override("en"):
            password, logins = demo_seed(cases=cases, seed=seed)
        lines = [
            "",
            "Safepath demo: http://127.0.0.1:8000/",
            "(all people and organisations in it are fictional)",
            f"Password for every demo user: {password}",
            "Second step (2FA): add the user's key to an authenticator app, or run",
            "  .venv/bin/python manage.py demo_totp USERNAME",
            "",
            f"{'username':<22} {'role':<20} {'org':<5} authenticator key",
        ]
        for login in logins:
            key = (
                _b32(login.totp_key) if login.totp_key else "(no 2FA: no personal data)"
            )
            lines.append(
                f"{login.username:<22} {login.role:<20} {login.organisation:<5} {key}"
            )
        text = "\n".join(lines) + "\n"
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o600)
        self.stdout.write(text)


def _b32(hex_key: str) -> str:
    from base64 import b32encode

    return b32encode(bytes.fromhex(hex_key)).decode()

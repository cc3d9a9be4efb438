import time
from base64 import b32encode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a demo user, for trying the demo "
        "without a phone. Refuses outside demo mode (SAFEPATH_DEMO=1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEMO:
            raise CommandError("demo_totp runs only with SAFEPATH_DEMO=1.")
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{username} has no authenticator.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}  (valid {left} s more)")
        self.stdout.write(f"key: {b32encode(device.bin_key).decode()}")

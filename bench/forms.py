"""CPU time of form pages with Django's form renderer and with Safepath's
(safepath/lib/form_renderer.py), on a database made by generate.py.

    .venv/bin/python bench/forms.py [--database-url URL] [--runs 30]

Signs in as the demo caseworker and requests each page with one renderer
then the other, --runs times, in-process with Django's test client; prints
the median CPU time of each (interleaved, so that a machine that slows down
or speeds up meanwhile weighs on both alike), the data size and the machine.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import setup  # noqa: E402
from pages import machine, signed_in  # noqa: E402

RENDERERS = {
    "Django's": "django.forms.renderers.DjangoTemplates",
    "Safepath's": "safepath.lib.form_renderer.FormRenderer",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup(args.database_url)

    from django.db import connection
    from django.test import override_settings

    from safepath.cases.models import Case

    client, user = signed_in()
    case = Case.objects.filter(cas_CaseOwner=user, is_restricted=False).first()
    pages = {
        "victim context form": f"/cases/{case.pk}/victim/",
        "case list": "/cases/",
        "new case": "/cases/new/",
        "case page": f"/cases/{case.pk}/",
    }
    print(f"Safepath bench/forms.py — {machine()}")
    print(f"{connection.vendor}: {Case.objects.count()} cases")
    names = " ".join(f"{name:>12}" for name in RENDERERS)
    print(f"{'page':<22} {names} (ms CPU, median)")
    for label, url in pages.items():
        times: dict[str, list[float]] = {name: [] for name in RENDERERS}
        for _ in range(args.runs + 1):
            for name, renderer in RENDERERS.items():
                with override_settings(FORM_RENDERER=renderer):
                    started = time.process_time()
                    response = client.get(url)
                    times[name].append((time.process_time() - started) * 1000)
                assert response.status_code == 200, (label, response.status_code)
        medians = [statistics.median(t[1:]) for t in times.values()]  # no warm-up
        print(f"{label:<22} " + " ".join(f"{m:>12.1f}" for m in medians))


if __name__ == "__main__":
    main()

"""``python -m bench.ab_renderer``: the DSFR renderer fix, old and new behaviour side by side in one process.

Run after ``make bench`` (it reads the bench database it left). CPU per request (``time.process_time`` of
this process: view, ORM, templates) with the renderer class django-dsfr hands Django (« before ») and
with pixcertif's single renderer (« after »), alternated twice on the same pages and the same data.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.run import RESULTS, bench_env


def _cpu_ms(client: object, path: str, n: int = 15) -> float:
    for _ in range(3):
        assert client.get(path).status_code == 200, path  # type: ignore[attr-defined]
    start = time.process_time()
    for _ in range(n):
        client.get(path)  # type: ignore[attr-defined]
    return (time.process_time() - start) / n * 1000


def main() -> None:
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pixcertif_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    os.environ.update(bench_env(database_url, redis_url, Path(RESULTS) / "var"))
    import django

    django.setup()
    from django.test import Client
    from dsfr.forms import DsfrBaseForm

    from centres.models import Membership
    from pixcertif.lib.forms import DSFR_RENDERER, DsfrForm
    from sessions_app.models import Session

    big = Membership.objects.filter(centre__name="Université du banc d'essai", role="ADMIN").select_related("user")
    lycee = Membership.objects.filter(centre__name="Lycée du banc d'essai", role="ADMIN").select_related("user")
    member, lycee_member = big.first(), lycee.first()
    assert member is not None and lycee_member is not None, "lancer d'abord make bench"
    enrol = Session.objects.filter(room__startswith="Inscription").order_by("-pk").first()
    detail = Session.objects.filter(room__startswith="Détail").order_by("-pk").first()
    assert enrol is not None and detail is not None
    pages = [
        (member, "/sessions/?statut=created&tri=salle"),
        (member, f"/sessions/{detail.pk}/"),
        (member, "/centre/"),
        (member, "/sessions/creer/"),
        (lycee_member, f"/sessions/{enrol.pk}/candidats/inscrire-des-eleves/"),
    ]
    old = DsfrBaseForm.__dict__["default_renderer"]
    for label in ("before", "after", "before", "after"):
        DsfrForm.default_renderer = old if label == "before" else DSFR_RENDERER
        figures = []
        for membership, path in pages:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(membership.user)
            figures.append(f"{path.split('?')[0]} {_cpu_ms(client, path):.1f} ms")
        print(f"{label:<6} " + " | ".join(figures))
    DsfrForm.default_renderer = DSFR_RENDERER


if __name__ == "__main__":
    main()

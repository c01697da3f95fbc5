from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinalisationConfig(AppConfig):
    name = "finalisation"
    verbose_name = _("Finalisation")

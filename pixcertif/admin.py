from __future__ import annotations

from django.contrib import admin
from dsfr.models import DsfrConfig

# The site's look is in templates/base.html, not in django-dsfr's database configuration.
if admin.site.is_registered(DsfrConfig):
    admin.site.unregister(DsfrConfig)

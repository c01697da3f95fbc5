from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from centres import views as centre_views
from pixcertif import views as site_views

admin.site.site_header = _("Pix Certif — administration de l'équipe Pix")
admin.site.site_title = _("Administration Pix Certif")
admin.site.index_title = _("Back-office de l'équipe Pix")

urlpatterns = [
    path("", centre_views.home, name="home"),
    path("", include("accounts.urls")),
    path("invitation/<str:token>/", centre_views.invitation_accept, name="invitation_accept"),
    path("centre/profils/", include("referential.urls")),
    path("centre/resultats/", include("results.urls_school")),
    path("centre/", include("centres.urls")),
    path("sessions/", include("sessions_app.urls")),
    path("sessions/", include("candidates.urls")),
    path("sessions/", include("finalisation.urls")),
    path("certification/", include("certification.urls")),
    path("surveillance/", include("supervision.urls")),
    path("", include("results.urls")),
    path("api/", include("results.urls_api")),
    path("admin/", admin.site.urls),
    path("favicon.ico", site_views.favicon, name="favicon"),
]

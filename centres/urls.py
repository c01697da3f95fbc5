from __future__ import annotations

from django.urls import path

from centres import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_members, name="centre_members"),
    path("changer/", views.centre_switch, name="centre_switch"),
    path("calendrier/", views.centre_calendar, name="centre_calendar"),
    path("invitations/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/annuler/", views.invitation_cancel, name="invitation_cancel"),
    path("membres/<int:pk>/role/", views.member_role, name="member_role"),
    path("membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
    path("membres/<int:pk>/referent/", views.member_referent, name="member_referent"),
    path("eleves/", views.roster, name="roster"),
    path("eleves/importer/", views.roster_import, name="roster_import"),
]

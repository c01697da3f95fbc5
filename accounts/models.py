from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # Logins are case-insensitive: e-mails are stored lower-cased.
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address: centre member, candidate or Pix staff."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("équipe Pix"), default=False, help_text=_("Donne accès à l'administration (équipe Pix).")
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def is_pending_signup(self) -> bool:
        """Asked for by the candidate sign-up, link not followed yet (accounts/signup.py, PENDING_SIGNUP)."""
        return not self.is_active and self.last_login is None and not self.has_usable_password()


class Throttle(models.Model):
    """Failed attempts at a secret (a session's access code, a session password…), per scope and key.

    Read and written only by ``accounts.throttle``; kept in the database so that every web process
    and every restart sees the same count (a per-process cache would not lock anything).
    """

    scope = models.CharField(_("portée"), max_length=32)
    key = models.CharField(_("clé"), max_length=255)
    failures = models.PositiveIntegerField(_("échecs"), default=0)
    window_started_at = models.DateTimeField(_("début de la fenêtre"), null=True, blank=True)
    locked_until = models.DateTimeField(_("bloqué jusqu'au"), null=True, blank=True)
    lock_count = models.PositiveSmallIntegerField(_("blocages successifs"), default=0)

    class Meta:
        verbose_name = _("limitation de tentatives")
        verbose_name_plural = _("limitations de tentatives")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="throttle_scope_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope} : {self.key}"


class AuditEvent(models.Model):
    """One audit row: what happened (``kind``), by whom, when, with what details.

    Shared by the centre's journal (``centres.CentreEvent``) and the sessions' (``sessions_app.SessionEvent``);
    it lives here, the lowest app, because its one link is the actor. Each subclass declares ``kind`` again
    with its own ``TextChoices``, whose labels are what the admin and the history show.
    """

    kind = models.CharField(_("événement"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"))
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

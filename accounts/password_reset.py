"""The forgotten-password e-mail, sent by a task: the page answers in the same time for a known address as for an
unknown one (the users are looked up, the e-mail rendered and sent, out of the request).

Django's ``PasswordResetForm.save`` does the work (active users with a usable password only, the one-time
token, the same templates); the task gives it the address the user reached the site on, as the request would
have. A job lost with the broker is not swept: the user asks again, as after any e-mail that did not arrive.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from accounts.forms import PasswordResetForm

SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
BODY_TEMPLATE = "accounts/email/password_reset.txt"


def password_reset_email_send(*, email: str, site: str) -> None:
    """E-mail a reset link to every active account of ``email``; nothing for an unknown address."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        parts = urlsplit(site)
        form.save(
            domain_override=parts.netloc,
            use_https=parts.scheme == "https",
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=BODY_TEMPLATE,
        )

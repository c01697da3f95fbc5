"""Throttle keys from the outside world (client addresses) stored as an HMAC from now on (accounts/throttle.py).

The rows written before in clear are hashed in place, so that a lock running during the deploy keeps running.
The function is copied here as it is today: a migration does not follow later changes of the app's code.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

CLEAR_SCOPES = ("join", "supervision")
HEX_DIGITS = frozenset("0123456789abcdef")


def _stored_key(scope, key):
    message = f"throttle:{scope}:{key}".encode("utf-8", errors="replace")
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def hash_clear_keys(apps, schema_editor):
    Throttle = apps.get_model("accounts", "Throttle")
    for row in Throttle.objects.exclude(scope__in=CLEAR_SCOPES).iterator():
        if len(row.key) == 64 and set(row.key) <= HEX_DIGITS:
            continue  # already hashed (a migration run twice, a row written by the new code)
        row.key = _stored_key(row.scope, row.key)
        row.save(update_fields=["key"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_throttle"),
    ]

    operations = [
        migrations.RunPython(hash_clear_keys, migrations.RunPython.noop),
    ]

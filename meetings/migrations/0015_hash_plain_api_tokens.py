"""API tokens were kept in plain text by rest_framework.authtoken (one per user). Each is moved
to ``ApiToken`` as its digest, so scripts keep working with the key they hold, expiring
``API_TOKEN_DAYS`` from this migration; then the plain-text table is dropped and forgotten."""

import datetime
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone

PLAIN_TABLE = "authtoken_token"


def hash_plain_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if PLAIN_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("meetings", "ApiToken")
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {PLAIN_TABLE}")
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="",
            digest=hashlib.sha256(key.encode()).hexdigest(),
            prefix=key[:8],
            created_at=now,
            expires_at=expires_at,
        )
        for key, user_id in rows
    )
    schema_editor.execute(f"DROP TABLE {PLAIN_TABLE}")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0014_accounts_tokens_recovery_codes"),
    ]

    operations = [migrations.RunPython(hash_plain_tokens, migrations.RunPython.noop)]

"""Usernames are stored normalised (NFKC, case-folded: meetings/identity/usernames.py), as
sign-in now looks them up. A name whose normal form another account already has is left as
it is (sign-in still finds it by its exact spelling)."""

import unicodedata

from django.db import migrations


def normalise(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def normalise_usernames(apps, schema_editor):
    User = apps.get_model("auth", "User")
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.order_by("pk"):
        normal = normalise(user.username)
        if normal != user.username and normal not in taken:
            taken.discard(user.username)
            taken.add(normal)
            user.username = normal
            user.save(update_fields=["username"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("meetings", "0015_hash_plain_api_tokens"),
    ]

    operations = [migrations.RunPython(normalise_usernames, migrations.RunPython.noop)]

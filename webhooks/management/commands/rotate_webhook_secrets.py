"""Re-encrypt every webhook's secret under the first of WEBHOOKS_SECRET_KEYS, or print a new
key (docs/operations.md, "Webhooks")."""

from django.core.management.base import BaseCommand

from webhooks import secrets, services


class Command(BaseCommand):
    help = (
        "Re-encrypt the webhooks' signing secrets under the first of WEBHOOKS_SECRET_KEYS "
        "(after putting a new key first), or with --new-key print a new key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--new-key", action="store_true", help="Print a new key and stop.")

    def handle(self, *args, new_key: bool = False, **options) -> None:
        if new_key:
            self.stdout.write(secrets.new_key())
            return
        count = services.reencrypt_webhook_secrets()
        self.stdout.write(f"{count} webhook secret(s) now encrypted under the first key.")

"""``manage.py check_record``: list stored rows that break the record's rules.

The services refuse such writes; this finds rows written before the rules or around the
services. Exits 1 when it finds any, so a deployment script can stop on it.
"""

from django.core.management.base import BaseCommand, CommandError

from meetings.selectors.record_checks import broken_rules


class Command(BaseCommand):
    help = (
        "List rows that break the record's rules: confirmed records referring to drafts, "
        "drafts with timelines, circles of reaffirmations or follow-ups, confirmed meetings "
        "with fewer than two parties."
    )

    def handle(self, *args, **options) -> None:
        found = list(broken_rules())
        if not found:
            self.stdout.write("The record keeps every rule.")
            return
        for broken in found:
            self.stdout.write(f"{broken.rule}:")
            for row in broken.rows:
                self.stdout.write(f"  {row}")
        count = sum(len(broken.rows) for broken in found)
        raise CommandError(
            f"{count} row(s) break the record's rules; correct them in the admin (or drop the "
            "commitments), then run check_record again."
        )

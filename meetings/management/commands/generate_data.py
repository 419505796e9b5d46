import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from meetings.audit.context import as_command
from meetings.devdata import generator


class Command(BaseCommand):
    help = (
        "Fill the database with realistic generated meetings, commitments and updates for load "
        "and scale tests (ten years of a ministry by default: 20,000 meetings, 200,000 "
        "commitments, 600,000 updates). The same --seed and --as-of give the same data. "
        "Generated meetings carry a source URL under "
        f"{generator.GENERATED_URL_PREFIX}; earlier generated data is replaced. Refuses to run "
        "against a database holding real meetings unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=20_000)
        parser.add_argument("--commitments", type=int, default=200_000)
        parser.add_argument("--updates", type=int, default=600_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="The generated world's today: ten years of data end here (default: today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds real (not generated) meetings; they are "
            "kept, and generated rows are added beside them.",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing if generated data of these sizes and this seed is present (updates "
            "added since, by a benchmark's posts, are allowed).",
        )

    @as_command("generate_data")
    def handle(self, *args, meetings, commitments, updates, seed, as_of, force, reuse, **options):
        if min(meetings, commitments, updates) < 0:
            raise CommandError("Sizes cannot be negative.")
        if commitments and not meetings:
            raise CommandError("Commitments need at least one meeting.")
        if updates and not commitments:
            raise CommandError("Updates need at least one commitment.")
        sizes = generator.Sizes(meetings=meetings, commitments=commitments, updates=updates)
        present = generator.existing_sizes(seed) if reuse else None
        # A benchmark's posts add updates to the generated commitments; that data is still fit.
        if (
            present is not None
            and (present.meetings, present.commitments) == (meetings, commitments)
            and present.updates >= updates
        ):
            self.stdout.write(f"Generated data of these sizes (seed {seed}) is present; reused.")
            return
        real = generator.holds_real_data()
        if real and not force:
            raise CommandError(
                "This database holds real meetings (not generated ones); generated data would "
                "mix with them. Use an empty database, or --force if you really mean it."
            )
        run = generator.Generator(
            sizes=sizes,
            seed=seed,
            as_of=as_of or timezone.localdate(),
            log=self.stdout.write,
        )
        with transaction.atomic():
            if generator.generated_meetings().exists():
                self.stdout.write("Replacing the generated data already present.")
                if connection.vendor == "postgresql" and not real:
                    generator.truncate_all_meeting_data()
                else:
                    generator.delete_generated()
            counts = run.run()
        generator.analyze()
        summary = "Generated {meetings} meetings, {commitments} commitments and {updates} updates."
        self.stdout.write(self.style.SUCCESS(summary.format(**counts)))
        self.stdout.write(
            "Statuses: "
            + ", ".join(
                f"{key.removeprefix('status_')} {value}"
                for key, value in counts.items()
                if key.startswith("status_")
            )
        )

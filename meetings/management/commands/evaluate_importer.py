import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importing import evaluation


class Command(BaseCommand):
    help = (
        "Score the readout parser against the labelled development set (tests/readouts/dev): "
        "meeting fields right, commitment precision and recall, per publisher and language. "
        "Reads no database; the same as `python -m meetings.importing.evaluation`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            type=Path,
            default=evaluation.DEV_SET,
            help="A folder of <stem>.txt readouts with <stem>.json labels (tests/readouts/dev/).",
        )
        parser.add_argument(
            "--details", action="store_true", help="Also list, per readout, what was read wrong."
        )

    def handle(self, *args, folder: Path, details: bool, **options):
        out = io.StringIO()
        argv = [str(folder), *(["--details"] if details else [])]
        status = evaluation.main(argv, out=out)
        if status:
            raise CommandError(f"No labelled readouts (*.json) in {folder}.")
        self.stdout.write(out.getvalue().rstrip("\n"))

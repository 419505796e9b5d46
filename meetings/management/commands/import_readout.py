import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from meetings import services
from meetings.audit.context import Door, as_command
from meetings.importing import matching
from meetings.importing.parser import ReadoutError, decode_readout, parse_readout
from meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Read published meeting readouts and propose a meeting with its commitments. "
        "With --dry-run nothing is written; without it the meeting and its commitments are "
        "stored as drafts for a manager to review at /meetings/import/. A readout of a meeting "
        "already recorded is not stored: the command names that meeting, and --attach adds "
        "the readout to it as another source (--new stores it as a new meeting all the same)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the proposals as JSON.")
        parser.add_argument(
            "--source-url", default="", help="Where the readout was published (one FILE only)."
        )
        parser.add_argument(
            "--attach",
            nargs="?",
            const="recorded",
            default=None,
            metavar="MEETING",
            help=(
                "Add the readout to the meeting already recorded that it reports (or to "
                "meeting MEETING) as another source, instead of a new meeting."
            ),
        )
        parser.add_argument(
            "--new",
            action="store_true",
            help="Store the readout as a new meeting even if a recorded one looks the same.",
        )

    @as_command("import_readout", Door.IMPORT)
    def handle(self, *args, files, dry_run, json: bool, source_url, attach, new, **options):
        if source_url and len(files) > 1:
            raise CommandError("--source-url names one readout; give one FILE with it.")
        if attach and new:
            raise CommandError("Give --attach or --new, not both.")
        if attach not in (None, "recorded") and not attach.isdigit():
            raise CommandError("--attach takes a meeting's number, or nothing.")
        self.attach, self.new = attach, new
        results, failures = [], []
        for path in files:
            try:
                results.append(self._one(path, dry_run=dry_run, source_url=source_url))
            except (ReadoutError, ValidationError, OSError) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                failures.append(f"{path}: {message}")
        if json:
            payload = results[0] if len(results) == 1 and len(files) == 1 else results
            self.stdout.write(_dumps(payload))
        else:
            for result in results:
                self._summary(result, dry_run=dry_run)
        if failures:
            raise CommandError("Not imported:\n  " + "\n  ".join(failures))

    def _one(self, path: Path, *, dry_run: bool, source_url: str) -> dict:
        text = decode_readout(path.read_bytes())
        parsed = parse_readout(text, home_party=settings.HOME_PARTY, source_url=source_url)
        duplicate = matching.find_duplicate(text_hash=parsed.text_hash, source_url=source_url)
        if duplicate is not None and not dry_run:
            raise ValidationError(
                f"already imported as \u201c{duplicate}\u201d (meeting #{duplicate.pk}); "
                "nothing stored."
            )
        recorded = matching.find_recorded_meeting(
            held_on=parsed.meeting.held_on,
            parties=parsed.meeting.parties,
            title=parsed.meeting.title,
        )
        proposals = parsed.as_dict()
        result = {
            "file": str(path),
            "meeting": proposals["meeting"],
            "commitments": proposals["commitments"],
            "links": self._links(parsed),
            "warnings": proposals["warnings"],
            "duplicate_of": duplicate.pk if duplicate else None,
            "recorded_meeting": recorded.pk if recorded else None,
            "publisher": parsed.publisher,
            "language": parsed.language,
        }
        if dry_run:
            return result
        if self.attach:
            target = recorded
            if self.attach != "recorded":
                target = Meeting.objects.filter(pk=int(self.attach)).first()
                if target is None:
                    raise ValidationError(f"there is no meeting #{self.attach}; nothing stored.")
            if target is None:
                raise ValidationError(
                    "no recorded meeting of the same date with a counterpart or title in "
                    "common; nothing stored (give --attach MEETING, or leave --attach out)."
                )
            readout = services.attach_readout(
                meeting=target, parsed=parsed, text=text, source_url=source_url
            )
            commitments = target.commitments.select_related("mechanism").prefetch_related("topics")
            reports, alone = matching.propose_reports(parsed, readout.language, commitments)
            result["attached_to"] = target.pk
            result["stored_readout"] = readout.pk
            result["reports"] = [
                {
                    "commitment": report.commitment.pk,
                    "title": report.commitment.title,
                    "paragraph": report.paragraph,
                    "text": report.text,
                }
                for report in reports
            ]
            result["reported_alone"] = [proposal.text for proposal in alone]
            return result
        if recorded is not None and not self.new:
            raise ValidationError(
                f"reports meeting #{recorded.pk} \u201c{recorded}\u201d, already recorded; "
                "nothing stored. Add it to that meeting as another source with --attach, or "
                "store it as a new meeting with --new."
            )
        meeting = services.store_draft(parsed=parsed, readout=text, source_url=source_url)
        result["stored_meeting"] = meeting.pk
        return result

    def _links(self, parsed) -> list[dict]:
        links = [
            {
                "type": "follows_up",
                "text": link.text,
                "title": link.title,
                "held_on": link.held_on.isoformat() if link.held_on else None,
                "meeting": link.meeting.pk if link.meeting else None,
                "meeting_title": str(link.meeting) if link.meeting else None,
            }
            for link in matching.match_references(parsed)
        ]
        mechanism = matching.find_mechanism(
            parsed.meeting.mechanism, parties=parsed.meeting.parties
        )
        for link in matching.propose_follow_ups(
            parties=parsed.meeting.parties,
            mechanism=mechanism,
            commitments=parsed.commitments,
            paragraphs_text=" ".join(p.text for p in parsed.paragraphs),
            held_on=parsed.meeting.held_on,
        ):
            links.append(
                {
                    "type": "follow_up",
                    "commitment": link.commitment.pk,
                    "title": link.commitment.title,
                    "meeting_title": str(link.commitment.meeting),
                    "effect": link.effect,
                    "reason": link.reason,
                }
            )
        return links

    def _summary(self, result: dict, *, dry_run: bool) -> None:
        meeting = result["meeting"]
        self.stdout.write(
            f"{result['file']}: {meeting['title']} ({meeting['held_on']}), "
            f"{len(result['commitments'])} proposed commitments, {len(result['links'])} links."
        )
        for commitment in result["commitments"]:
            self.stdout.write(
                f"  \u00b6{commitment['paragraph']} {commitment['kind']:8} {commitment['title']}"
            )
        for warning in result.get("warnings", []):
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if dry_run:
            self.stdout.write("  (dry run: nothing stored)")
        elif "attached_to" in result:
            for report in result["reports"]:
                self.stdout.write(
                    f"  \u00b6{report['paragraph']} reports #{report['commitment']} "
                    f"{report['title']}"
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"  attached to meeting #{result['attached_to']} as another source; confirm "
                    "which paragraphs report which commitments at /meetings/import/"
                    f"{result['attached_to']}/readouts/{result['stored_readout']}/"
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"  stored as draft meeting #{result['stored_meeting']}; review it at "
                    f"/meetings/import/{result['stored_meeting']}/"
                )
            )


def _dumps(payload) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False)

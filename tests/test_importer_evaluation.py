"""The importer's evaluation on the real development set (tests/readouts/dev), and its floor.

The floor holds the figures the parser reached when this test was written: a change to the rules
that reads any publisher or language worse fails here. Raise a floor when the parser does better
(``python -m meetings.importing.evaluation`` prints the table; docs/importing.md shows it).

Runs without a database: ``pytest tests/test_importer_evaluation.py -p no:django``.
"""

import io
import json
from pathlib import Path

import pytest

from meetings.importing import evaluation
from meetings.importing.evaluation import Expected, coverage, match, top_paragraph, units
from meetings.importing.parser import ProposedCommitment

# group: (meeting fields right, commitment precision, commitment recall), in per cent.
FLOORS = {
    "publisher AU": (95.0, 100.0, 87.5),
    "publisher CN": (92.5, 94.9, 100.0),
    "publisher DE": (80.0, 100.0, 100.0),
    "publisher JP": (98.4, 99.3, 98.6),
    "publisher KR": (86.7, 94.7, 94.7),
    "publisher US": (88.6, 100.0, 83.3),
    "language en": (93.1, 97.2, 96.3),
    "language ja": (97.2, 99.1, 98.2),
    "all": (95.0, 98.2, 97.3),
}
# Among matched commitments, overall: kind, the party that asked, the parties that must act.
MATCHED_FLOORS = (99.5, 99.5, 98.6)


@pytest.fixture(scope="module")
def report() -> evaluation.Report:
    return evaluation.run()


def _percent(value: float) -> float:
    return round(value * 100, 1)


@pytest.mark.parametrize("group", FLOORS)
def test_meeting_fields_precision_and_recall_stay_above_their_floor(report, group):
    score = report.groups[group]
    fields, precision, recall = FLOORS[group]

    assert _percent(score.fields) >= fields
    assert _percent(score.precision) >= precision
    assert _percent(score.recall) >= recall


def test_kind_and_parties_of_matched_commitments_stay_above_their_floor(report):
    score = report.groups["all"]
    kind, asked_by, must_act = MATCHED_FLOORS

    assert _percent(score.among_matched(score.kind_right)) >= kind
    assert _percent(score.among_matched(score.asked_by_right)) >= asked_by
    assert _percent(score.among_matched(score.must_act_right)) >= must_act


def test_every_labelled_readout_is_read_none_refused(report):
    assert [r.labelled.stem for r in report.results if r.error] == []


def test_the_set_holds_both_languages_and_five_publishers_or_more(report):
    assert {r.labelled.language for r in report.results} == {"en", "ja"}
    assert len({r.labelled.publisher for r in report.results}) >= 5


# --- What counts as a match ----------------------------------------------------------------


def proposal(paragraph: str, text: str, kind: str = "joint", title: str = "") -> ProposedCommitment:
    return ProposedCommitment(
        paragraph=paragraph,
        kind=kind,
        title=title,
        text=text,
        requested_by="",
        responsible=["JP", "CN"],
        continuing=False,
        target="",
        mechanism="",
    )


def test_top_paragraph_is_the_leading_number():
    assert [top_paragraph(p) for p in ("3(1)", "2-1", "12", "0")] == ["3", "2", "12", "0"]


def test_japanese_phrases_are_compared_by_character_pairs_without_kana_only_pairs():
    assert "連携" in units("緊密に連携していく")
    assert "てい" not in units("緊密に連携していく")  # grammar, not content
    assert units("continue close communication") == {"conti", "close", "commu"}


def test_a_proposal_matches_on_its_top_level_paragraph_and_half_the_phrase():
    labelled = [Expected("2(1)", "joint", "日中で緊密に連携していくことで一致した")]

    same_item = match(
        [proposal("2", "両外相は、日中で緊密に連携していくことで一致した。")], labelled
    )
    other_item = match(
        [proposal("3", "両外相は、日中で緊密に連携していくことで一致した。")], labelled
    )
    other_words = match([proposal("2", "両外相は、経済関係について意見交換を行った。")], labelled)

    assert same_item[0][1] is not None
    assert other_item[0][1] is None
    assert other_words[0][1] is None


def test_kind_does_not_decide_a_match_it_is_scored_among_matches():
    labelled = [Expected("1", "request", "lift import restrictions on Japanese food products")]
    proposals = [proposal("1", "Japan lifts import restrictions on Japanese food products.")]

    assert match(proposals, labelled)[0][1] is proposals[0]


def test_each_proposal_matches_one_commitment_and_the_pairing_matches_as_many_as_possible():
    sentence = "The two sides agreed to hold the dialogue and to resume flights."
    whole = proposal("1", sentence)
    flights = proposal("1", "to resume flights")
    labelled = [
        Expected("1", "joint", "resume flights"),
        Expected("1", "joint", "hold the dialogue"),
    ]

    pairs = match([whole, flights], labelled)

    assert [p for _, p in pairs] == [flights, whole]


def test_coverage_reads_the_title_too():
    text_only = proposal("1", "They did so.", title="Hold the Security Dialogue")

    assert coverage("hold the Security Dialogue", text_only) == 1.0


# --- The command ------------------------------------------------------------------------------


def test_the_command_prints_the_two_tables_per_publisher_and_language():
    out = io.StringIO()

    assert evaluation.main([], out=out) == 0

    table = out.getvalue()
    assert "Meeting fields right (%)" in table
    assert "| publisher JP |" in table
    assert "| language ja |" in table
    assert "| all |" in table


def test_details_name_each_readout_and_what_was_read_wrong():
    out = io.StringIO()

    evaluation.main(["--details"], out=out)

    assert "## jp-ja-2019-11-30-japan-india-2plus2" in out.getvalue()
    assert "held_on: labelled '2019-11-30', read None" in out.getvalue()


def test_a_folder_of_ones_own_labels_can_be_scored(tmp_path):
    source = evaluation.DEV_SET / "jp-ja-2021-11-18-japan-china-fm-telephone"
    for suffix in (".txt", ".json"):
        (tmp_path / f"x{suffix}").write_text(
            source.with_suffix(suffix).read_text(encoding="utf-8"), encoding="utf-8"
        )
    out = io.StringIO()

    evaluation.main([str(tmp_path)], out=out)

    assert "| all | 1 |" in out.getvalue()


def test_a_folder_without_labels_is_refused(tmp_path):
    assert evaluation.main([str(tmp_path)], out=io.StringIO()) == 2


def evaluate_importer(*args: str) -> str:
    """``manage.py evaluate_importer`` (skipped when run with -p no:django)."""
    from django.conf import settings

    if not settings.configured:
        pytest.skip("manage.py needs Django settings; run without -p no:django")
    from django.core.management import call_command

    out = io.StringIO()
    call_command("evaluate_importer", *args, stdout=out)
    return out.getvalue()


def test_manage_py_evaluate_importer_prints_the_same_tables():
    assert "| publisher CN |" in evaluate_importer()


def test_manage_py_evaluate_importer_refuses_a_folder_without_labels(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No labelled readouts"):
        evaluate_importer(str(tmp_path))


def test_labels_quote_their_readouts_verbatim():
    for path in sorted(evaluation.DEV_SET.glob("*.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        text = Path(path.with_suffix(".txt")).read_text(encoding="utf-8")
        for item in labels["commitments"] + labels["not_commitments"]:
            assert item["phrase"] in text, (path.name, item["phrase"])

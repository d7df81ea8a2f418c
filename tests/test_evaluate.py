"""Scoring against gold (SPEC §6), with every expected number worked out by hand in the comments."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest

from extractor.evaluation import pairing, score
from schemas import extraction

TEXT = (
    "On 3 March 2025 the General Assembly adopted resolution A/ES-11/L.1 by 93 votes to 18, with 65 abstentions. "
    "The United States and Russia voted against, France voted in favour and China abstained. "
    '"We cannot reward aggression," a French diplomat said. '
    'China abstained because it "wants a negotiated peace", its envoy said. '
    "Earlier, the Security Council met on the same question."
)


def span(s: str) -> dict[str, int]:
    start = TEXT.index(s)
    return {"start": start, "end": start + len(s)}


VOTE_SENTENCES = TEXT[: TEXT.index('"We')].strip()

GOLD: dict[str, Any] = {
    "votes": [{
        "body": "general_assembly", "resolution": "A/ES-11/L.1", "subject": "Ukraine", "date": "2025-03-03",
        "outcome": "adopted", "tally": {"yes": 93, "no": 18, "abstain": 65},
        "positions": [{"country": "USA", "position": "no"}, {"country": "RUS", "position": "no"},
                      {"country": "FRA", "position": "yes"}, {"country": "CHN", "position": "abstain"}],
        "evidence": span(VOTE_SENTENCES),
    }],
    "events": [
        {"kind": "vote", "summary": "The GA adopted A/ES-11/L.1.", "date": "2025-03-03", "actors": [],
         "evidence": span("On 3 March 2025 the General Assembly adopted resolution A/ES-11/L.1")},
        {"kind": "statement", "summary": "A French diplomat explained the vote.", "actors": ["FRA"],
         "evidence": span('"We cannot reward aggression," a French diplomat said.')},
    ],
    "motives": [
        {"holder": "FRA", "speaker": "a French diplomat", "quote": "We cannot reward aggression",
         "reason": "not rewarding aggression", "vote": 0, "span": span("We cannot reward aggression")},
        {"holder": "CHN", "speaker": "its envoy", "quote": "wants a negotiated peace",
         "reason": "wants negotiations", "vote": 0, "span": span("wants a negotiated peace")},
    ],
}


def drop_china(d: dict) -> None:
    d["votes"][0]["positions"].pop()


def wrong_no(d: dict) -> None:
    d["votes"][0]["tally"]["no"] = 19


def invent_vote(d: dict) -> None:
    d["votes"].append({"body": "security_council", "resolution": None, "subject": "the same question", "date": None,
                       "outcome": "unknown", "tally": {}, "positions": [{"country": "USA", "position": "yes"}],
                       "evidence": span("Earlier, the Security Council met on the same question.")})


def short_motive(d: dict) -> None:
    d["motives"][0].update(quote="We cannot", span=span("We cannot"))


def wrong_holder(d: dict) -> None:
    d["motives"][0].update(holder="USA", quote="cannot reward aggression", span=span("cannot reward aggression"))


def everything(d: dict) -> None:
    d.update(votes=[], events=[], motives=[])


PERFECT = {"votes": (1, 0, 0), "tallies": (3, 0, 0), "positions": (4, 0, 0), "motives": (2, 0, 0), "events": (2, 0, 0)}

Counts = dict[str, tuple[int, int, int]]
Rates = dict[str, tuple[float, float, float]]
# (name, change to the gold data, counts that differ from PERFECT, P/R/F1 that differ from 1.0, headline)
CASES: list[tuple[str, Callable[[dict], None], Counts, Rates, float]] = [
    # gold against itself: every category P = R = F1 = 1, headline 5/5 = 1.
    ("identical", lambda d: None, {}, {}, 1.0),
    # China's abstention missing: positions tp 3, fp 0, fn 1 -> P 3/3 = 1, R 3/4, F1 = 2*1*.75/1.75 = 6/7;
    # headline (1 + 1 + 6/7 + 1 + 1) / 5 = 34/35.
    ("missing position", drop_china, {"positions": (3, 0, 1)}, {"positions": (1.0, 0.75, 6 / 7)}, 34 / 35),
    # tally.no 19 instead of 18: the vote still pairs (resolution 2 + date 1 + evidence 1 + body 1 = 5);
    # tallies yes, abstain tp; no is fp and fn -> tp 2, fp 1, fn 1 -> P = R = F1 = 2/3; headline (4 + 2/3)/5 = 14/15.
    ("wrong tally number", wrong_no, {"tallies": (2, 1, 1)}, {"tallies": (2 / 3, 2 / 3, 2 / 3)}, 14 / 15),
    # an invented Security Council vote (weight 0 to the gold vote: no symbol, empty tally, no date, disjoint
    # evidence) -> votes tp 1, fp 1 -> P 1/2, R 1, F1 2/3; its USA "yes" is a position fp -> tp 4, fp 1 ->
    # P 4/5, R 1, F1 = 2*.8/1.8 = 8/9; its tally is empty, so tallies unchanged;
    # headline (2/3 + 1 + 8/9 + 1 + 1)/5 = 41/45.
    ("invented vote", invent_vote, {"votes": (1, 1, 0), "positions": (4, 1, 0)},
     {"votes": (0.5, 1.0, 2 / 3), "positions": (0.8, 1.0, 8 / 9)}, 41 / 45),
    # the French motive cut to "We cannot": IoU = 9/27 = 1/3 < 0.5, so it is an invention and gold's a miss;
    # China's pairs -> tp 1, fp 1, fn 1 -> P = R = F1 = 1/2; headline (4 + 0.5)/5 = 0.9.
    ("motive overlapping less than half", short_motive, {"motives": (1, 1, 1)}, {"motives": (0.5, 0.5, 0.5)}, 0.9),
    # "cannot reward aggression" inside "We cannot reward aggression": IoU = 24/27 >= 0.5, pairs; holder wrong
    # only lowers holder accuracy (1 of 2), not motive F1; headline 1.
    ("motive with wrong holder", wrong_holder, {}, {}, 1.0),
    # nothing predicted: every gold item is fn, tp + fp = 0 with fn > 0 -> P 0 by definition, R 0, F1 0.
    ("empty prediction", everything,
     {c: (0, 0, n) for c, (n, _, _) in PERFECT.items()}, {c: (0.0, 0.0, 0.0) for c in PERFECT}, 0.0),
]


def make(change: Callable[[dict], None]) -> extraction.Extraction:
    data = copy.deepcopy(GOLD)
    change(data)
    return extraction.Extraction.model_validate(data)


@pytest.mark.parametrize("name,change,counts,prf,headline", CASES, ids=[c[0] for c in CASES])
def test_score_article(name: str, change: Callable, counts: dict, prf: dict, headline: float) -> None:
    result = score.score_article(make(change), make(lambda d: None))
    for category in score.CATEGORIES:
        tp, fp, fn = counts.get(category, PERFECT[category])
        p, r, f1 = prf.get(category, (1.0, 1.0, 1.0))
        got = result["scores"][category]
        assert (got["tp"], got["fp"], got["fn"]) == (tp, fp, fn), category
        assert (got["precision"], got["recall"], got["f1"]) == pytest.approx((p, r, f1)), category
    assert result["headline"] == pytest.approx(headline)


def test_details_name_each_error() -> None:
    wrong = score.score_article(make(wrong_no), make(lambda d: None))
    assert [e["description"] for e in wrong["wrong"]] == ["vote 0 tally.no: gold 18, predicted 19"]
    assert wrong["misses"] == [] and wrong["inventions"] == []
    missing = score.score_article(make(drop_china), make(lambda d: None))
    assert [(e["category"], e["item"]["country"]) for e in missing["misses"]] == [("positions", "CHN")]
    holder = score.score_article(make(wrong_holder), make(lambda d: None))
    assert holder["motive_holders"] == {"pairs": 2, "correct": 1, "accuracy": 0.5}
    assert holder["wrong"][0]["gold_span"] == [span("We cannot reward aggression")[k] for k in ("start", "end")]


def test_empty_gold_and_empty_prediction_is_perfect() -> None:
    # nothing to find and nothing found: P = R = F1 = 1 by definition.
    result = score.score_article(None, extraction.Extraction())
    assert all(s["f1"] == 1.0 for s in result["scores"].values()) and result["headline"] == 1.0


def test_vote_weight() -> None:
    gold = make(lambda d: None).votes[0]
    nowhere = extraction.Span(start=0, end=0)
    only_tally = gold.model_copy(update={"resolution": "L.99", "date": None, "evidence": nowhere})
    assert pairing.vote_weight(gold, gold) == 2 + 2 + 1 + 1 + 1
    assert pairing.vote_weight(gold, only_tally) == 2 + 1  # tally, then body on top
    other = only_tally.model_copy(update={"tally": extraction.Tally(), "body": "security_council"})
    assert pairing.vote_weight(gold, other) == 0  # body alone is not a pair


def write_run(run_dir: Path, records: list[dict], trailer: str = "") -> None:
    run_dir.mkdir()
    (run_dir / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records) + trailer)


def test_evaluate_run_counts_failed_and_missing_as_empty(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for aid in ("a", "b", "c"):
        (gold_dir / f"{aid}.json").write_text(json.dumps(GOLD))
    ok = {"article_id": "a", "source": "a.txt", "status": "ok", "extraction": GOLD, "attempts": 2,
          "usage": {"prompt_tokens": 100, "completion_tokens": 50}, "seconds": 1.5}
    failed = {"article_id": "b", "status": "error", "extraction": None, "error": {"type": "X", "message": "down"},
              "attempts": 1, "usage": {"prompt_tokens": 10, "completion_tokens": 0}, "seconds": 0.2}
    stale = {**ok, "article_id": "b", "extraction": GOLD}  # superseded by the later error record
    extra = {**ok, "article_id": "z"}
    # "c" has no record; a killed run left a broken last line.
    write_run(tmp_path / "run", [stale, ok, failed, extra], trailer='{"article_id": "c", "sta')
    result = score.evaluate_run(tmp_path / "run", gold_dir)

    assert result["articles_scored"] == 3
    statuses = {aid: a["cost"]["status"] for aid, a in result["articles"].items()}
    assert statuses == {"a": "ok", "b": "error", "c": "missing"}
    assert result["articles"]["a"]["headline"] == 1.0
    assert result["articles"]["b"]["headline"] == 0.0 and result["articles"]["c"]["headline"] == 0.0
    # votes over a, b, c: tp 1, fp 0, fn 2 -> P 1, R 1/3, F1 = 2*(1/3)/(4/3) = 1/2; every category likewise.
    votes = result["micro"]["votes"]
    assert (votes["tp"], votes["fp"], votes["fn"]) == (1, 0, 2)
    assert (votes["precision"], votes["recall"], votes["f1"]) == pytest.approx((1.0, 1 / 3, 0.5))
    assert result["micro"]["tallies"]["fn"] == 6  # 3 numbers in each of b and c
    assert result["headline"] == pytest.approx(0.5)
    # macro over articles: (1 + 0 + 0)/3
    assert result["macro_over_articles"]["headline"] == pytest.approx(1 / 3)
    assert result["motive_holder_accuracy"] == {"pairs": 2, "correct": 2, "accuracy": 1.0}
    totals = result["cost_totals"]
    assert (totals["attempts"], totals["prompt_tokens"], totals["completion_tokens"]) == (3, 110, 50)
    assert totals["seconds"] == pytest.approx(1.7)
    assert totals["status_counts"] == {"error": 1, "missing": 1, "ok": 1}
    assert result["without_gold"] == ["z"]
    assert result["articles"]["a"]["source"] == "a.txt"
    json.dumps(result)  # JSON-serialisable


def test_a_damaged_line_in_the_middle_is_skipped_and_reported_once(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "records.jsonl").write_text('{"article_id": "a"\n{"article_id": "b", "status": "ok"}\n[]\n')
    warnings: list[str] = []
    latest = score.load_records(run, warnings.append)
    assert list(latest) == ["b"]
    assert warnings == [f"{run / 'records.jsonl'}: 2 damaged line(s) skipped (line 1, 3: not a JSON record); "
                        "their articles score as missing"]


def test_country_names_in_a_gold_file_become_codes(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    named = copy.deepcopy(GOLD)
    named["votes"][0]["positions"][0]["country"] = "the United States"
    (gold_dir / "a.json").write_text(json.dumps(named))
    (gold,) = score.load_gold(gold_dir).values()
    assert gold.votes[0].positions[0].country == "USA"

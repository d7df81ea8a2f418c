"""The votes pass: the model lists the votes (sentence, body, symbol, subject); rules give the rest.

Shown: the numbered article and hints the rules found (counts, symbols, outcomes per
sentence). Answered: ``answers.Votes``. Settled: the list is checked against what its
sentences report (``ballots``), votes it left out are added where the text reports them
(``ballots.missed``, ``recalled``), and each vote's count, date, body, positions, outcome and
evidence come from the ``Reading``, which the model is poor at and rules are exact at.
"""

from __future__ import annotations

from typing import Any

from extractor.passes import ballots
from extractor.read import bodies, dates, outcomes, reading as reading_module, symbols, tallies as tally_rules
from schemas import answers

PROMPT = "votes"
ANSWER = answers.Votes
MAX_TOKENS = 600
SCHEMA_SHOWN = True   # without its printed function schema the model found fewer votes (seeds votes F1 0.83 -> 0.60)
P5 = {"CHN", "FRA", "GBR", "RUS", "USA"}
Reading = reading_module.Reading


def candidates(reading: Reading) -> dict[int, str]:
    """Sentences that look like they report a vote, with what the rules saw there."""
    lex = reading.lexicon
    found: dict[int, list[str]] = {}
    for t in reading.tallies:
        n = reading.number(t.start)
        if n:
            counts = "-".join("?" if v is None else str(v) for v in (t.yes, t.no, t.abstain))
            found.setdefault(n, []).append(f"count {counts}")
    for start, _, symbol in symbols.symbols(reading.text, lex):
        n = reading.number(start)
        if n:
            found.setdefault(n, []).append(f"symbol {symbol}")
    for n in range(1, len(reading.sentences) + 1):
        sentence = reading.sentence(n)
        if outcomes.without_vote(sentence, lex) and outcomes.cue(sentence, lex) == "adopted":
            found.setdefault(n, []).append("adopted without a vote")
        elif (cue := outcomes.cue(sentence, lex)) and n not in found:
            found.setdefault(n, []).append(cue)
    return {n: ", ".join(v) for n, v in sorted(found.items())}


def hints(reading: Reading) -> str:
    lines = [f"- sentence {n}: {what}" for n, what in candidates(reading).items()]
    return ("Found in the article by rules (a hint, not a rule):\n" + "\n".join(lines)) if lines else ""


def settle(reading: Reading, items: list[answers.VoteItem]) -> tuple[list[answers.VoteItem], list[dict[str, Any]]]:
    """The votes kept, and each as the output dict (positions and outcome included); a vote the
    article only recalls is read from its own sentence, with no voters, and the passages stay the told votes'."""
    told = ballots.settle(reading, items) or ballots.missed(reading)
    told = sorted(told + ballots.apart(reading, told), key=lambda v: v.s)
    again = recalled(reading, told) if told else []
    pairs = sorted(zip(told + again, build(reading, told, True) + build(reading, again, False)), key=lambda p: p[0].s)
    return [v for v, _ in pairs], [b for _, b in pairs]


def build(reading: Reading, kept: list[answers.VoteItem], passages_read: bool) -> list[dict[str, Any]]:
    sentences = [v.s for v in kept]
    counted: list[list[int]] = [[] for _ in kept]      # per vote, the sentences whose count it took
    spans = passages(sentences, reading) if passages_read else [[s] for s in sentences]
    built = [build_vote(reading, v, passage, took) for v, passage, took in zip(kept, spans, counted)]
    stating = position_sentences(reading, sentences, built) if passages_read else [[s] for s in sentences]
    for vote, numbers, took in zip(built, stating, counted):
        unrecorded = outcomes.without_vote(reading.sentence(numbers[0]), reading.lexicon)
        # adopted without a vote or by consensus: no count and no one voting, whatever the passage says next
        # a recalled vote's sentence tells it in passing: the voters it names are the told vote's or of yet another
        vote["positions"] = [] if unrecorded or not passages_read else positions_of(reading, numbers)
        if unrecorded:
            vote["tally"] = {"yes": None, "no": None, "abstain": None}
        vote["outcome"] = outcome(reading, numbers[0], vote["tally"], vote["positions"], vote["body"])
        told = [] if unrecorded else [*numbers[1:], *took]
        lede = reading.lede if passages_read and vote is built[0] else None
        if lede and lede < numbers[0] and ballots.reports(reading, lede):
            told.append(lede)   # a lede that reports a vote reports the first one ("... adopted a text on Monday")
        vote["evidence"] = evidence(reading, numbers[0], told)
    return built


def evidence(reading: Reading, own: int, took: list[int]) -> dict[str, int]:
    """The sentences that report a vote: its own, stretched to those whose count or voters it took
    and to the lede that reports it, but never over text that is not numbered between them (an
    instruction to the model, a caption)."""
    lo = hi = own
    while lo > min(took, default=own) and not reading.text[reading.span(lo - 1)["end"]:reading.span(lo)["start"]].strip():
        lo -= 1
    while hi < max(took, default=own) and not reading.text[reading.span(hi)["end"]:reading.span(hi + 1)["start"]].strip():
        hi += 1
    return {"start": reading.span(lo)["start"], "end": reading.span(hi)["end"]}


def recalled(reading: Reading, kept: list[answers.VoteItem]) -> list[answers.VoteItem]:
    """Votes the article recalls that the model did not list: a sentence, none of the listed votes',
    that reports a text adopted or rejected and sets it apart from them, by a month of its own ("a text
    adopted in June", when the vote told is of July) or as another text ("a second
    resolution adopted ..."); a sentence on what a vote needs is none."""
    lex, listed = reading.lexicon, {v.s for v in kept}
    dated = [d for v in kept if (d := date_of(reading, v.s))] or [reading.date]
    found = []
    for n in range(1, reading.sentence_count + 1):
        sentence = reading.sentence(n)
        if n in listed or not outcomes.cue(sentence, lex) or not lex.regex("reason.document").search(sentence) \
                or tally_rules.thresholds(sentence, lex) or lex.regex("vote.put_off", r"\b{}").search(sentence):
            continue
        own = reading.dated.get(n)
        apart = own and all(d and not dates.same_time(own[:7], d[:7]) for d in dated)   # another month
        # another text is told after the first vote (a lede's "adopted a new resolution" is the first itself)
        if apart or (n > min(listed) and lex.regex("vote.another").search(sentence)):
            near = min(kept, key=lambda v: abs(v.s - n))
            found.append(answers.VoteItem.model_construct(s=n, body=near.body, symbol=None,
                                                          subject=ballots.subject_of(sentence)))
    return found


def build_vote(reading: Reading, item: answers.VoteItem, passage: list[int] | None = None,
               took: list[int] | None = None) -> dict[str, Any]:
    counted = reading.tally_in(item.s)
    near = counted.start - reading.sentences[item.s - 1].start if counted else None
    body = bodies.of_vote(reading.texts, item.s, near, item.body, reading.lexicon)
    date = date_of(reading, item.s)
    return {"body": body, "resolution": item.symbol, "subject": item.subject, "date": date, "outcome": "unknown",
            "tally": tally_of(reading, passage or [item.s], date, took), "positions": [], "evidence": reading.span(item.s)}


def passages(evidence: list[int], reading: Reading) -> list[list[int]]:
    """Each vote's passage, its own sentence first: from where it is reported until the next vote is,
    then, for the first vote, the headline and lede before it (news tells a vote, then its count)."""
    out = []
    for i, s in enumerate(evidence):
        end = evidence[i + 1] if i + 1 < len(evidence) else reading.sentence_count + 1
        out.append(list(range(s, max(end, s + 1))) + (list(range(s - 1, 0, -1)) if i == 0 else []))
    return out


def tally_of(reading: Reading, passage: list[int], date: str | None,
             took: list[int] | None = None) -> dict[str, int | None]:
    """The count printed in the vote's passage, its parts gathered from the sentences that print them
    ("adopted 93 to 18." then "There were 65 abstentions."); a count that disagrees with what is already
    known, or a sentence dated otherwise, is about another vote and adds nothing."""
    tally: dict[str, int | None] = {"yes": None, "no": None, "abstain": None}
    for n in passage:
        if n != passage[0] and not dates.same_time(reading.dated.get(n), date):
            continue
        for t in (t for t in reading.tallies if reading.owner(t.start) == n):
            parts = {k: v for k in tally if (v := getattr(t, k)) is not None}
            if all(tally[k] is None for k in parts) or all(tally[k] in (None, v) for k, v in parts.items()):
                if n != passage[0] and any(tally[k] is not None and tally[k] != v for k, v in parts.items()):
                    continue
                if took is not None and any(tally[k] is None for k in parts):
                    took.append(n)      # the sentences it takes parts from (they join its evidence)
                tally.update({k: v for k, v in parts.items() if tally[k] is None})
    return tally


def position_sentences(reading: Reading, evidence: list[int], votes: list[dict[str, Any]]) -> list[list[int]]:
    """For each vote, its evidence sentence and the sentences stating positions that belong to it.

    News reports a vote, then who voted how, so a sentence belongs to the nearest vote reported
    at or before it (to the first vote if it comes before all of them, as a lede does), and
    only when their dates agree. Measured on the seeds this beat asking the model to link them.
    """
    numbers = [[s] for s in evidence]
    for n in reading.stated:
        if n not in evidence and (i := vote_of(reading, n, evidence, votes)) is not None:
            numbers[i].append(n)
    return numbers


def nearest_vote(n: int, evidence: list[int]) -> int | None:
    """The vote reported at or before sentence n, else the first one after it (a lede comes first)."""
    before = [(n - s, i) for i, s in enumerate(evidence) if s <= n]
    after = [(s - n, i) for i, s in enumerate(evidence) if s > n]
    return min(before or after)[1] if before or after else None


def vote_of(reading: Reading, n: int, evidence: list[int], votes: list[dict[str, Any]]) -> int | None:
    """The nearest vote to sentence n, unless their dates disagree (a 2023 sentence is not about 2025);
    an undated sentence after an earlier vote recalled in passing ("an earlier text, passed in 2019")
    goes on with the article's own vote, when there is one before it."""
    i = nearest_vote(n, evidence)
    if i is None or not dates.same_time(reading.dated.get(n), votes[i]["date"]):
        return None
    month = (reading.date or "")[:7] or None
    if reading.dated.get(n) is None and month and not dates.same_time(votes[i]["date"], month):
        current = [k for k, s in enumerate(evidence) if s <= n and dates.same_time(votes[k]["date"], month)]
        return current[-1] if current else i
    return i


def positions_of(reading: Reading, numbers: list[int]) -> list[dict[str, str]]:
    found: dict[str, str] = {}
    for n in dict.fromkeys(numbers):
        for country, position in reading.stated.get(n, []):
            found.setdefault(country, position)
    return [{"country": c, "position": p} for c, p in found.items()]


def outcome(reading: Reading, n: int, tally: dict[str, int | None], positions: list[dict[str, str]], body: str) -> str:
    """The result the vote's sentence states, else the one its count and a P5 veto imply."""
    sentence, lex = reading.sentence(n), reading.lexicon
    cue = outcomes.cue(sentence, lex)
    if outcomes.without_vote(sentence, lex) and cue != "rejected":
        return "adopted"
    if cue:
        return cue
    yes, no = tally["yes"], tally["no"]
    if body == "security_council" and any(p["country"] in P5 and p["position"] == "no" for p in positions):
        return "rejected"
    if yes is not None and no is not None:
        if body == "security_council":
            return "adopted" if yes >= 9 else "rejected"
        return "adopted" if yes > no else "rejected"
    return "unknown"


def date_of(reading: Reading, s: int, reach: int = 2) -> str | None:
    """The date printed in the evidence sentence, else in the nearest of the sentences just before it."""
    return next((reading.dated[n] for n in range(s, max(0, s - reach - 1), -1) if n in reading.dated), None)

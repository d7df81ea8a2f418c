"""Settle the model's list of votes against what the sentences it points at actually report.

The small model lists the same vote once per sentence that mentions it (headline, lede,
count), points at sentences that report no vote at all, counts a postponed vote, and
leaves the symbol out even when the count's sentence prints it. Each rule here undoes one
of those, using only what the sentences print.
"""

from __future__ import annotations

from extractor.read import bodies, dates, numbers, outcomes, reading as reading_module, symbols, tallies, text as textrules
from schemas import answers

Reading = reading_module.Reading
VoteItem = answers.VoteItem
SUBJECT_WORDS = 10    # a vote found by rule is about what the first words of its sentence say


def settle(reading: Reading, votes: list[VoteItem]) -> list[VoteItem]:
    votes = sorted((repoint(reading, with_symbol(reading, v), votes) for v in votes), key=lambda v: v.s)
    # a batch of texts acted on at once ("adopted 24 resolutions and two decisions") is an event, not a
    # vote (SPEC §3), unless its sentence prints the count or the symbol of one of them
    kept = [v for v in votes if reports(reading, v.s)
            and not (batch(reading, v.s) and not counted(reading, v.s) and not v.symbol)]
    for orphan in (v for v in votes if v.symbol and not reports(reading, v.s)):
        # "The draft, L.11, called for ...": the symbol belongs to the vote reported next to it
        near = [(abs(v.s - orphan.s), v.s > orphan.s, i) for i, v in enumerate(kept)
                if not v.symbol and 0 < abs(v.s - orphan.s) <= 2]
        if near:
            i = min(near)[2]
            kept[i] = kept[i].model_copy(update={"symbol": orphan.symbol})
    body = [v for v in kept if reading.sentences[v.s - 1].start > reading.headline_end >= 0]
    return merge(reading, body or kept)  # a headline sums up a vote the body reports again


def missed(reading: Reading) -> list[VoteItem]:
    """The vote the model did not list, when it listed none: the first sentence that reports a vote
    held and says who voted how ("... in the end Chile and Peru abstained, and Ghana voted no").
    Its subject is the headline's words (what the article is about), its body the one printed nearest."""
    n = next((n for n in sorted(reading.stated) if reports(reading, n)), None)
    if n is None:
        return []
    first = reading.sentence(1) if reading.headline_end >= 0 and reading.sentence_count > 1 else reading.sentence(n)
    return [VoteItem.model_construct(s=n, body="other", symbol=None, subject=subject_of(first))]


def apart(reading: Reading, told: list[VoteItem]) -> list[VoteItem]:
    """Votes the model left out that a count of their own sets apart ("In other action, the Committee
    approved, by 88 in favour to 2 against with 41 abstentions, a text on ..."): after the first listed
    vote, a sentence that states a result and prints a count of two parts or more that differs from
    every count printed before it."""
    if not told:
        return []
    lex, listed, found, earlier = reading.lexicon, {v.s for v in told}, [], []
    for n in range(1, reading.sentence_count + 1):
        count = reading.tally_in(n)
        if count is None:
            continue
        if n > min(listed) and n not in listed and earlier and outcomes.cue(reading.sentence(n), lex) \
                and sum(x is not None for x in (count.yes, count.no, count.abstain)) >= 2 \
                and all(_differ(e, count) for e in earlier):
            near = min(told, key=lambda v: abs(v.s - n))
            found.append(VoteItem.model_construct(s=n, body=near.body, symbol=None,
                                                  subject=subject_of(reading.sentence(n))))
        earlier.append(count)
    return found


def _differ(a: tallies.Tally, b: tallies.Tally) -> bool:
    """Two counts that cannot be one vote's: a part both print, with two values."""
    return any(x is not None and y is not None and x != y for x, y in
               ((a.yes, b.yes), (a.no, b.no), (a.abstain, b.abstain)))


def subject_of(sentence: str) -> str:
    """What a vote found by rule is about: the first words of the sentence that tells of it."""
    return " ".join(sentence.split()[:SUBJECT_WORDS])


def counted(reading: Reading, n: int) -> bool:
    return reading.tally_in(n) is not None


def reports(reading: Reading, n: int) -> bool:
    """A vote's sentence must report a vote that was held: a count, a result, who voted how, or
    a vote word (the lexicon's ``vote.word``, not in a power held: ``vote.power``) that is not about a vote put off (``vote.put_off``)
    nor about what a vote needs ("a resolution needs nine votes in favour": ``tally.threshold``)
    nor what one is expected to be ("China is expected to abstain": ``outcomes.anticipated``). A
    question is the writer's ("should Chile not have asked for a vote?"), and reports none."""
    sentence, lex = reading.sentence(n), reading.lexicon
    if textrules.question(sentence) or outcomes.anticipated(sentence, lex):
        return False
    if counted(reading, n):
        return True
    if tallies.thresholds(sentence, lex):
        return False        # the rule's own words are no result: "nine votes and no veto are needed"
    if outcomes.cue(sentence, lex) or reading.stated.get(n):
        return True
    held = lex.regex("vote.power", r"\b{}").sub(" ", sentence)     # "where it has veto power": no vote cast
    return bool(lex.regex("vote.word", r"\b{}").search(held)) and not lex.regex("vote.put_off", r"\b{}").search(sentence)


def batch(reading: Reading, n: int) -> bool:
    """The sentence counts the texts acted on ("16 draft resolutions", "24 resolutions and decisions")."""
    sentence, lex = reading.sentence(n), reading.lexicon
    texts = lex.regex("event.batch", r"\s+(?:[\w-]+\s+)?{}\b")
    return any(texts.match(sentence, end) for _, end, _ in numbers.spans(sentence, lex))


def repoint(reading: Reading, vote: VoteItem, votes: list[VoteItem]) -> VoteItem:
    """A vote pointed at the sentence beside its count ("... flashed on the board: 111 to 25. By that
    majority, the UN revoked ..."): the count's sentence, when no listed vote points at it."""
    if reports(reading, vote.s):
        return vote
    taken = {v.s for v in votes}
    near = [n for n in (vote.s - 1, vote.s + 1) if 1 <= n <= reading.sentence_count and n not in taken
            and counted(reading, n)]
    return vote.model_copy(update={"s": near[0]}) if near else vote


def with_symbol(reading: Reading, vote: VoteItem) -> VoteItem:
    """The one symbol the vote's own sentence prints, when the model gave none; else the one its
    subject names ("subject": "Resolution 2220 (2015)"), when the article prints it."""
    if vote.symbol:
        return vote
    lex = reading.lexicon
    printed = {sym for _, _, sym in symbols.symbols(reading.sentence(vote.s), lex)}
    if not printed and vote.subject:
        printed = {sym for _, _, sym in symbols.symbols(vote.subject, lex)} & {sym for _, _, sym in symbols.symbols(reading.text, lex)}
    return vote.model_copy(update={"symbol": printed.pop()}) if len(printed) == 1 else vote


def merge(reading: Reading, votes: list[VoteItem]) -> list[VoteItem]:
    """Join a vote announced without its count ("vetoed a resolution", then "The vote was 11 to 3")
    with the one reported at most two sentences after it, when nothing printed tells them apart."""
    kept: list[VoteItem] = []
    for vote in votes:
        previous = kept[-1] if kept else None
        if previous and 0 < vote.s - previous.s <= 2 and same_vote(reading, previous, vote):
            # both counted: the first, whose passage holds the other's count; else the one with the count
            main, other = (previous, vote) if counted(reading, previous.s) and counted(reading, vote.s) else \
                (vote, previous) if counted(reading, vote.s) or not counted(reading, previous.s) and \
                not outcomes.cue(reading.sentence(previous.s), reading.lexicon) else (previous, vote)
            kept[-1] = main.model_copy(update={"symbol": main.symbol or other.symbol})
            continue
        kept.append(vote)
    return [v for i, v in enumerate(kept) if not told_again(reading, v, kept[:i])]


def told_again(reading: Reading, vote: VoteItem, earlier: list[VoteItem]) -> bool:
    """A vote listed again further on, under the same subject, that prints no count or symbol of its
    own: the article comes back to a vote it already reported ("The resolution ... Power said the
    resolution ..."), which is no second vote."""
    if vote.symbol or reading.lexicon.regex("vote.another").search(reading.sentence(vote.s)):
        return False        # "Another text on it was adopted in 2019": the sentence itself says it is another vote
    if counted(reading, vote.s):
        return bool(earlier) and completes(reading, earlier[-1], vote)
    subject = _words(vote.subject)
    return any(subject and _words(p.subject) == subject and same_vote(reading, p, vote) for p in earlier)


def completes(reading: Reading, first: VoteItem, later: VoteItem) -> bool:
    """A count further on that only fills the parts the vote before it lacks, or repeats them, with no
    result of its own ("120 in favour, 30 abstentions", then "Four countries voted against in Monday's
    vote"; "7 for, 3 against, 5 abstentions", then "The five others abstained"): the same vote told
    again, whose passage then holds the count."""
    a, b = reading.tally_in(first.s), reading.tally_in(later.s)
    if a is None:
        return False
    parts = [k for k in ("yes", "no", "abstain") if getattr(b, k) is not None]
    agree = bool(parts) and all(getattr(a, k) in (None, getattr(b, k)) for k in parts)
    # a result of its own makes it another vote, unless two parts repeat the first's ("voted 120-9", then
    # "adopted with 120 votes in favour, nine against and 30 abstentions")
    repeated = sum(getattr(a, k) == getattr(b, k) for k in parts) >= 2
    told = repeated or not outcomes.cue(reading.sentence(later.s), reading.lexicon)
    return agree and told and same_occasion(reading, first, later)


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in text.split() if len(w) > 3)


def same_vote(reading: Reading, a: VoteItem, b: VoteItem) -> bool:
    if counted(reading, a.s) and counted(reading, b.s) and not compatible(reading, a.s, b.s):
        return False
    return same_occasion(reading, a, b)


def same_occasion(reading: Reading, a: VoteItem, b: VoteItem) -> bool:
    """Nothing printed tells the two apart: no two symbols, results, bodies or dates that differ."""
    lex = reading.lexicon
    if a.symbol and b.symbol and a.symbol.lower() != b.symbol.lower():
        return False
    cue_a, cue_b = outcomes.cue(reading.sentence(a.s), lex), outcomes.cue(reading.sentence(b.s), lex)
    if cue_a and cue_b and cue_a != cue_b:
        return False
    if bodies.of_vote(reading.texts, a.s, None, a.body, lex) != bodies.of_vote(reading.texts, b.s, None, b.body, lex):
        return False
    return dates.same_time(reading.dated.get(a.s), reading.dated.get(b.s))


def compatible(reading: Reading, a: int, b: int) -> bool:
    """Two counts of one vote told twice: the second only repeats or completes the first
    ("5 in favour, 4 against and 6 abstentions", then "Four countries voted against: ...")."""
    first, second = reading.tally_in(a), reading.tally_in(b)
    pairs = [(getattr(first, k), getattr(second, k)) for k in ("yes", "no", "abstain")]
    return not _differ(first, second) and any(x == y is not None for x, y in pairs)

"""The rules that choose bodies, event kinds and motive passages (extractor/read/) and settle the
passes' answers (extractor/passes/), on sentences of every language we read."""

import pytest

from extractor import articles
from extractor.passes import ballots, events as events_pass, motives as motives_pass
from extractor.read import bodies, kinds, lexicon, reading, reasons
from schemas import answers

LEX = lexicon.load()   # every language's rules: sentences of each are set in an English article here


@pytest.mark.parametrize("sentence, body", [
    ("The General Assembly's Third Committee approved the draft without a vote.", "ga_committee"),
    ("The Geneva-based rights council adopted the text on Friday.", "human_rights_council"),
    ("The WHO assembly adopted the text on vaccines.", "other"),
    ("La Tercera Comisión aprobó el proyecto A/C.3/79/L.5.", "ga_committee"),
    ("Der UN-Sicherheitsrat scheiterte am Veto Russlands.", "security_council"),
    ("Le Conseil des droits de l'homme a adopté la résolution par 30 voix contre 5.", "human_rights_council"),
    ("Der Menschenrechtsrat in Genf stimmte mit 28 zu 6 zu.", "human_rights_council"),
    ("La Asamblea General aprobó la resolución.", "general_assembly"),
    ("The text, A/ES-10/L.30, was approved by 134 votes in favour.", "general_assembly"),
    ("The draft S/2024/123 was vetoed.", "security_council"),
    ("The measure passed by 87 to 26.", None),
    ("Der Weltsicherheitsrat verlängerte das Mandat.", "security_council"),
    # a body's name that holds another's word is that body: "Assembly" in "the World Health Assembly"
    ("The World Health Assembly approved the budget by 90 votes to 12.", "other"),
    ("The National Assembly passed the bill by 200 votes to 50.", "other"),
    ("El Parlamento Europeo aprobó la moción por 400 votos a 150.", "other"),
    # the Council's forerunner and the labour conference are bodies of their own
    ("The Commission on Human Rights adopted the text on Chile by 20 votes to 18.", "other"),
    ("La Comisión de Derechos Humanos aprobó la resolución sobre Chile.", "other"),
    ("La Commission des droits de l'homme a rejeté le texte sur le Chili.", "other"),
    ("Die Menschenrechtskommission lehnte den Entwurf zu Chile ab.", "other"),
    ("The International Labour Conference voted 300 to 20 to act on Chile.", "other"),
    ("Der Menschenrechtsausschuss der Vollversammlung billigte den Text zu Chile.", "ga_committee"),
])
def test_the_body_is_the_one_the_sentence_names(sentence, body):
    assert bodies.mentioned(sentence, LEX) == body


@pytest.mark.parametrize("sentence", [
    "The Fourth Committee of the UN General Assembly approved the draft by 99 votes to 3.",
    "La Sexta Comisión de la Asamblea General aprobó el proyecto por 99 votos a 3.",
    "La Deuxième Commission de l'Assemblée générale a approuvé le projet par 99 voix contre 3.",
    "Der Zweite Ausschuss der UN-Generalversammlung billigte den Entwurf mit 99 zu 3 Stimmen.",
])
def test_a_committee_of_the_assembly_held_the_committees_vote(sentence):
    assert bodies.mentioned(sentence, LEX, sentence.index("99")) == "ga_committee"
    told_apart = "The committee approved it, and then the General Assembly adopted the text by 99 votes to 3."
    assert bodies.mentioned(told_apart, LEX, told_apart.index("99")) == "general_assembly"


def test_a_vote_takes_the_body_named_nearest_its_count_or_named_last_before_it():
    sentences = ["The Security Council failed to act, so the General Assembly voted 120 to 9 on Friday.",
                 "Diplomats in the Assembly expect more.", "The measure passed by 87 to 26.",
                 "The Human Rights Council meets next month."]
    assert bodies.of_vote(sentences, 1, sentences[0].index("120"), "other", LEX) == "general_assembly"
    assert bodies.of_vote(sentences, 3, None, "other", LEX) == "general_assembly"
    assert bodies.of_vote(["It passed by 87 to 26.", "Nothing else."], 1, None, "other", LEX) == "other"


@pytest.mark.parametrize("sentence, guess, kind", [
    ("Washington pressed Israel at all levels to vote against the text, an official emphasized.", "diplomatic_contact", "pressure"),
    ("Ukraine slammed Israel's decision.", "other", "statement"),
    ("Netanyahu spoke with Zelensky by phone on Thursday.", "statement", "diplomatic_contact"),
    ("The vote sparked a diplomatic spat between the two capitals.", "statement", "dispute"),
    ("Der Botschafter kritisierte den Text scharf.", "other", "statement"),
    ("Une frappe a touché une école.", "other", "military"),
    ("He said the talks would go on.", "statement", "statement"),                 # no cue: the model's label stands
    ("She condemned the pressure from Washington.", "other", "other"),            # two kinds named: no verdict
    ("Artillery shelled the border town overnight.", "statement", "military"),
    ("The envoys struck a deal on the wording.", "other", "agreement"),             # a deal struck is no strike
    ("Japan shipped medical supplies to the camps.", "other", "aid"),
    ("Canada called on both parties to show restraint.", "statement", "pressure"),
    ("Perú instó a Bolivia a retomar el diálogo.", "statement", "pressure"),
    ("El canciller visitó Caracas el lunes.", "other", "diplomatic_contact"),
    ("La Norvège a appelé les deux camps à reprendre les pourparlers.", "other", "pressure"),
    ("Die Minister trafen sich am Rande des Gipfels.", "other", "diplomatic_contact"),
    ("Ghana forderte beide Seiten zur Mäßigung auf.", "statement", "pressure"),
    ("Des missiles ont visé la capitale.", "other", "military"),
])
def test_an_event_kind_named_outright_by_the_sentence_beats_the_models_label(sentence, guess, kind):
    assert kinds.of_sentence(sentence, guess, LEX) == kind


@pytest.mark.parametrize("quote, is_fragment", [
    ("pragmatic", True),
    ("a shameful day for this council", True),
    ("un mensaje claro a quienes quieren silenciar a la prensa", True),
    ("in order to give a chance to the relationship", False),       # a reason word keeps even a fragment
    ("We cannot support a text that denies states a legitimate tool", False),
    ("ferait peser sur tous les États membres le coût d'une opération mal préparée", False),
])
def test_short_quotes_set_inside_a_sentence_are_labels_not_motives(quote, is_fragment):
    assert reasons.fragment(quote, LEX) is is_fragment


def article(text: str, date: str | None = "2024-06-14") -> articles.Article:
    return articles.Article(id="t", source="t.txt", text=text, date=date, sha256="0")


def test_motive_candidates_are_whole_quotes_and_reason_clauses_never_plain_reported_facts():
    a = article("UN adopts text on aid workers\n\n"
                "The General Assembly adopted the text by 134 votes to 11, with 29 abstentions. "
                "\"This resolution ignores the fact that Hamas uses U.N. facilities,\" the Israeli ambassador said. "
                "The U.S. envoy called it \"a good day\" for the council. "
                "A Ukrainian diplomat said Kyiv had stayed away from the vote because its delegation was busy with a summit. "
                "Diplomats said the sponsors had dropped a paragraph on Tuesday. "
                "India justified its abstention, saying that the text ignored national competences.\n")
    found = [a.text[s:e] for _, s, e in motives_pass.candidates(reading.read(a, LEX))]
    assert found == ["This resolution ignores the fact that Hamas uses U.N. facilities",
                     "its delegation was busy with a summit",
                     "the text ignored national competences"]


def test_a_vote_of_the_articles_time_is_one_event_on_its_lede_an_old_vote_told_in_passing_none():
    a = article("date 2024-06-14 Assembly backs aid workers\n\n"
                "The General Assembly on Friday adopted a resolution on aid workers. "
                "Its sponsors had negotiated for six weeks. Ten countries joined late. Many spoke. "
                "It passed by 134 votes to 11, with 29 abstentions. "
                "In December 2023, 153 countries voted for a ceasefire.\n")
    r = reading.read(a, LEX)
    votes = [{"body": "general_assembly", "subject": "aid workers", "date": "2024-06-14", "evidence": r.span(6)},
             {"body": "general_assembly", "subject": "ceasefire", "date": "2023-12", "evidence": r.span(7)}]
    events = events_pass.vote_events(r, [6, 7], votes)
    assert [r.number(e["evidence"]["start"]) for e in events] == [2]      # the lede tells the vote; its count is no second event
    assert all(e["kind"] == "vote" for e in events)
    assert [r.number(e["evidence"]["start"]) for e in events_pass.vote_events(r, [3, 7], votes)] == [2]  # told at once: one
    assert events_pass.vote_events(r, [], []) == []


def settled(text: str, numbers: tuple[int, ...], body: str) -> list[answers.VoteItem]:
    """The votes left after settling a model answer that listed these sentence numbers."""
    asked = [answers.VoteItem(s=n, body=body, subject="x") for n in numbers]
    return ballots.settle(reading.read(article(text), LEX), asked)


def test_a_sentence_that_only_names_a_draft_lends_its_symbol_to_the_vote_beside_it():
    text = ("Rival text fails\n\n"
                "The Assembly rejected a rival draft submitted by the United States on Monday. "
                "The U.S.-backed draft, A/79/L.11, called for a swift end to the conflict. "
                "Earlier, it adopted resolution A/79/L.10 by 93 votes to 18.\n")
    assert [(v.s, v.symbol) for v in settled(text, (2, 1, 3), "general_assembly")] == [(1, "A/79/L.11"), (3, "A/79/L.10")]


def test_a_symbol_the_model_put_in_the_subject_is_the_votes_when_the_article_prints_it():
    r = reading.read(article("Council adopts resolution 2117 (2013) on arms\n\n"
                             "The Council adopted a text on small arms on Friday by 9 votes to none.\n"), LEX)
    assert r.sentence(2).startswith("The Council adopted")          # the vote's own sentence prints no symbol
    named = answers.VoteItem(s=2, body="security_council", subject="Resolution 2117 (2013) on small arms")
    invented = answers.VoteItem(s=2, body="security_council", subject="Resolution 2999 on small arms")
    assert ballots.with_symbol(r, named).symbol == "2117 (2013)"
    assert ballots.with_symbol(r, invented).symbol is None          # not printed: the model's guess is not taken


def test_one_vote_told_in_headline_lede_and_count_is_one_vote_and_a_postponed_vote_is_none():
    told = ("Council blocks Myanmar text\n\n"
            "Russia and China on Wednesday vetoed a Security Council resolution on Myanmar. "
            "The vote was 11 in favour, 3 against, with 1 abstention. "
            "The council will meet again on Friday.\n")
    assert [v.s for v in settled(told, (1, 2, 3), "security_council")] == [2]
    put_off = ("Vote on Haiti postponed\n\n"
               "Le Conseil de sécurité a reporté jeudi le vote sur le projet de résolution.\n")
    assert settled(put_off, (1,), "security_council") == []


@pytest.mark.parametrize("sentence", [
    "The draft would need nine votes in favour and no veto from a permanent member.",
    "A two-thirds majority requires at least 129 votes in the Assembly.",
    "La propuesta necesitaba doce votos afirmativos en la Junta.",
    "Il faut au moins neuf voix et aucun veto au Conseil.",
    "Es braucht mindestens neun Stimmen im Rat.",
    # the rule's own words name no result: "no veto" is part of what is needed
    "Für eine Annahme sind mindestens neun Ja-Stimmen und kein Veto eines ständigen Mitglieds nötig.",
    "Se requieren al menos nueve votos y ningún veto para aprobar un texto.",
])
def test_a_sentence_on_what_a_vote_needs_reports_no_vote(sentence):
    assert settled(f"Rules of the Council\n\n{sentence}\n", (1,), "security_council") == []


@pytest.mark.parametrize("sentence", [
    "China is expected to abstain, and Russia is likely to veto the draft.",
    "Se espera la abstención de Chile y el voto en contra de Perú.",
    "Le Ghana devrait s'abstenir lors du scrutin de vendredi.",
    "Norwegen wird sich voraussichtlich der Stimme enthalten.",
])
def test_a_vote_still_expected_reports_no_vote_no_count_and_no_voters(sentence):
    r = reading.read(article(f"Council to vote on Friday\n\n{sentence}\n"), LEX)
    assert (r.stated.get(2), r.tally_in(2)) == (None, None)
    assert settled(f"Council to vote on Friday\n\n{sentence}\n", (2,), "security_council") == []


@pytest.mark.parametrize("sentence", [
    # an outcome only supposed, and the veto as a power held: no vote was held
    "Norway has promised to block any approval of the bid in the Council, where it has veto power.",
    "Chile ha prometido bloquear una eventual aprobación del pedido en el Consejo, donde tiene derecho de veto.",
    "Le Chili s'opposera à une éventuelle adoption du texte au Conseil, où il dispose du droit de veto.",
    "Chile lehnt eine mögliche Annahme des Antrags im Rat ab, wo es ein Vetorecht hat.",
])
def test_an_outcome_only_supposed_or_a_veto_power_held_reports_no_vote(sentence):
    assert settled(f"Bid goes to the Council\n\n{sentence}\n", (2,), "security_council") == []


@pytest.mark.parametrize("sentence", [
    "Chile vetoed the bid, using the veto power it holds as a permanent member.",
    "La aprobación del pedido llegó el lunes, con el voto de Chile.",
])
def test_a_veto_cast_and_an_approval_told_still_report_votes(sentence):
    assert [v.s for v in settled(f"Council decides on the bid\n\n{sentence}\n", (2,), "security_council")] == [2]


@pytest.mark.parametrize("sentence, stated", [
    ("Russia, which had been expected to veto the text, abstained instead.", [("RUS", "abstain")]),
    ("Chile, expected to vote against, voted in favour after all.", [("CHL", "yes")]),
])
def test_what_happened_after_all_is_told_not_expected(sentence, stated):
    text = f"Council adopts the draft on Ghana\n\n{sentence}\n"
    assert reading.read(article(text), LEX).stated[2] == stated
    assert [v.s for v in settled(text, (2,), "security_council")] == [2]


def test_a_vote_that_went_as_expected_is_still_reported():
    text = "Council adopts the draft on Ghana\n\nAs expected, China abstained and the draft was adopted by 14 votes to none.\n"
    assert [v.s for v in settled(text, (2,), "security_council")] == [2]
    assert reading.read(article(text), LEX).stated[2] == [("CHN", "abstain")]


@pytest.mark.parametrize("sentence", [
    "The Assembly adopted 12 resolutions and three decisions on decolonization on Friday.",
    "La Asamblea aprobó ocho proyectos de resolución sobre el desarme.",
    "Le Conseil a adopté cinq résolutions sur les droits de l'homme.",
    "Die Versammlung nahm sieben Resolutionen zur Abrüstung an.",
])
def test_a_batch_of_texts_adopted_together_is_no_vote(sentence):
    assert settled(f"Assembly acts on its reports\n\n{sentence}\n", (2,), "general_assembly") == []
    named = f"Assembly acts on its reports\n\n{sentence[:-1]}, among them resolution 80/12 by 120 votes to 3.\n"
    assert [v.s for v in settled(named, (2,), "general_assembly")] == [2]


def test_failed_to_with_another_verb_is_no_verdict_but_a_failed_draft_is():
    assert settled("Envoys argue\n\nThe plan failed to address the refugees, the envoy said.\n",
                   (1,), "general_assembly") == []
    assert [v.s for v in settled("Draft falls\n\nThe rival draft failed on Friday.\n",
                                 (1,), "general_assembly")] == [1]


def test_the_models_events_on_the_headline_or_on_a_vote_put_off_are_dropped():
    a = article("date 2024-09-20 ONU : le vote sur Haïti reporté faute d'accord\n\n"
                "Le Conseil de sécurité a reporté jeudi le vote sur le projet de résolution. "
                "La Russie et la Chine ont fait savoir qu'elles n'étaient pas prêtes à le soutenir.\n")
    r = reading.read(a, LEX)
    asked = [{"kind": kind, "summary": "x", "date": None, "actors": [], "evidence": r.span(n)}
             for kind, n in (("vote", 1), ("vote", 2), ("dispute", 3), ("statement", 3))]
    kept = events_pass.other_events(r, [], asked)
    assert [(e["kind"], r.number(e["evidence"]["start"])) for e in kept] == [("dispute", 3)]


def test_a_vote_the_article_comes_back_to_under_the_same_subject_is_not_a_second_vote():
    text = ("Council rejects draft on the border\n\n"
            "The Security Council on Tuesday rejected a draft resolution on the border dispute. "
            "It received 7 votes in favour, 2 against and 6 abstentions. "
            "Diplomats had negotiated for weeks. "
            "The Council adopted a separate resolution on refugees last year. "
            "Critics said the rejected draft resolution on the border dispute was unbalanced.\n")
    r = reading.read(article(text), LEX)
    asked = [answers.VoteItem(s=2, body="security_council", subject="draft resolution on the border dispute"),
             answers.VoteItem(s=5, body="security_council", subject="resolution on refugees"),
             answers.VoteItem(s=6, body="security_council", subject="draft resolution on the border dispute")]
    assert [v.s for v in ballots.settle(r, asked)] == [2, 5]      # the lede holds its count; sentence 6 is no vote
    # told again, but with a count of its own: another vote, kept
    counted = text.replace("was unbalanced.", "was unbalanced, and a second draft failed by 5 votes to 4.")
    assert [v.s for v in ballots.settle(reading.read(article(counted), LEX), asked)] == [2, 5, 6]


def test_a_sentence_that_calls_itself_another_vote_is_not_the_vote_told_again():
    text = ("Assembly backs the text\n\n"
            "The General Assembly adopted a resolution on the occupied territories on Monday. "
            "It passed with 120 votes in favour and 9 against. "
            "Another resolution on the occupied territories was adopted last year.\n")
    asked = [answers.VoteItem(s=1, body="general_assembly", subject="resolution on the occupied territories"),
             answers.VoteItem(s=3, body="general_assembly", subject="resolution on the occupied territories")]
    assert [v.s for v in ballots.settle(reading.read(article(text), LEX), asked)] == [1, 3]

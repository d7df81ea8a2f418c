"""The vote events the rules build and the event kinds cue words name (issue 10), on sentences
written for the tests."""

import pytest

from extractor import articles
from extractor.passes import events as events_pass
from extractor.read import kinds, lexicon, reading

LEX = lexicon.load()   # every language's rules: sentences of each are set in an English article here
HEAD = "The Security Council fails again on Gaza after a long day\n\n"


def read(text: str, date: str | None = None) -> reading.Reading:
    return reading.read(articles.Article(id="t", source="t.txt", text=text, date=date, sha256="0"), LEX)


@pytest.mark.parametrize("text, lede", [
    (HEAD + "The Security Council failed to adopt a resolution on Gaza. It got five votes.\n", 2),
    ("The Security Council failed to adopt a resolution on Gaza. It got five votes.\n\nMore later.\n", 1),
    ("date 2024-03-01 The Council failed to adopt a text on Gaza.\n\nThe draft got five votes in favour.\n", 2),
    (HEAD + "Geneva. The Council failed to adopt the draft on Gaza. It got five votes.\n", 3),
    # a first line of two sentences or more is a paragraph, not a headline, however it ends
    ("date 2024-03-01 Geneva (AP). The Council failed to adopt the draft on Gaza. It got five votes [...]\n\nMore.\n", 2),
])
def test_the_lede_is_the_first_full_sentence_a_stopped_first_line_is_no_headline_and_a_dateline_no_lede(text, lede):
    assert read(text).lede == lede


def event_sentences(text: str, evidence: list[int]) -> list[int]:
    r = read(text)
    votes = [{"body": "general_assembly", "subject": "x", "date": None} for _ in evidence]
    return [r.number(e["evidence"]["start"]) for e in events_pass.vote_events(r, evidence, votes)]


def test_a_lede_naming_the_text_voted_on_is_the_votes_event():
    text = (HEAD + "The Security Council on Monday failed to adopt a Russian resolution on Gaza. "
            "Diplomats met for hours. The draft got five votes in favour and four against.\n")
    assert event_sentences(text, [4]) == [2]


def test_a_lede_counting_a_batch_of_texts_and_the_vote_after_it_are_two_events():
    text = ("The Third Committee acts on sixteen texts in one long day\n\n"
            "The Third Committee approved 16 draft resolutions today. Many spoke. "
            "The text on Myanmar was approved by 135 votes to 10, with 26 abstentions.\n")
    assert event_sentences(text, [4]) == [2, 4]


@pytest.mark.parametrize("batch", [
    # a batch of texts acted on together
    "It also adopted four resolutions on water without a vote.",
    "También aprobó seis resoluciones sobre el agua sin votación.",
    "Il a aussi adopté quatre résolutions sur l'eau sans vote.",
    "Außerdem wurden drei Resolutionen zum Wasser angenommen.",
    # texts listed by their subjects only
    "Chile welcomed the adoption of resolutions on water, deserts and rivers.",
    "Chile celebró la aprobación de resoluciones sobre el agua y los desiertos.",
    "Le Chili salue l'adoption de résolutions sur l'eau et les déserts.",
    "Chile begrüßte die Annahme der Resolutionen zum Wasser und zu den Wüsten.",
])
def test_a_batch_of_texts_or_texts_listed_by_subject_are_a_vote_event(batch):
    text = HEAD + "The Council adopted a text on forests by 12 votes to 3. Delegates spoke. " + batch + "\n"
    assert event_sentences(text, [2]) == [2, 4]


def test_an_earlier_vote_told_in_its_own_sentence_is_an_event_but_not_one_told_in_passing():
    text = (HEAD + "The Council adopted a text on deserts by 12 votes to 3 on Monday. Delegates spoke. "
            "In March 2019, the Council adopted a resolution on rivers.\n")
    r = read(text, "2024-05-08")
    votes = [{"body": "security_council", "subject": "x", "date": d, "evidence": r.span(n)}
             for n, d in ((2, "2024-05-06"), (4, "2019-03"))]
    assert [r.number(e["evidence"]["start"]) for e in events_pass.vote_events(r, [2, 4], votes)] == [2, 4]
    passing = (HEAD + "The Council adopted a text on deserts by 12 votes to 3 on Monday, "
               "a text identical to one passed in March 2019.\n")
    r = read(passing, "2024-05-08")
    votes = [{"body": "security_council", "subject": "x", "date": d, "evidence": r.span(2)}
             for d in ("2024-05-06", "2019-03")]
    assert [r.number(e["evidence"]["start"]) for e in events_pass.vote_events(r, [2, 2], votes)] == [2]
    compared = (HEAD + "The Council adopted a text on deserts by 12 votes to 3 on Monday. Delegates spoke. "
                "Another text, on rivers, was adopted in March 2019.\n")      # a comparison: no event of its own
    r = read(compared, "2024-05-08")
    votes = [{"body": "security_council", "subject": "x", "date": d, "evidence": r.span(n)}
             for n, d in ((2, "2024-05-06"), (4, "2019-03"))]
    assert [r.number(e["evidence"]["start"]) for e in events_pass.vote_events(r, [2, 4], votes)] == [2]


@pytest.mark.parametrize("sentence, guess, kind", [
    ("The committee could not reach an agreement on the admission.", "other", "dispute"),
    ("El comité no pudo llegar a un acuerdo sobre la admisión.", "other", "dispute"),
    ("Actuó de acuerdo con sus principios.", "pressure", "pressure"),        # "de acuerdo con" names no deal
    ("The letter, signed by 40 states, urged a halt to arms sales.", "other", "pressure"),
    ("The envoy said there was no proof of the missile attacks.", "statement", "statement"),
    ("Le représentant a déclaré que le texte était injuste.", "other", "statement"),
    # what an envoy said is a statement, not a contact, unless a meeting or a call is named
    ("The ambassador warned the council that the draft would fail.", "diplomatic_contact", "statement"),
    ("Der Botschafter sagte, der Entwurf sei einseitig.", "diplomatic_contact", "statement"),
    ("El canciller dijo que su país votará en contra.", "diplomatic_contact", "statement"),
    ("The minister spoke with his counterpart and said they agreed.", "diplomatic_contact", "diplomatic_contact"),
])
def test_a_longer_cue_wins_and_reported_speech_is_a_statement(sentence, guess, kind):
    assert kinds.of_sentence(sentence, guess, LEX) == kind


@pytest.mark.parametrize("sentence, kind", [
    ("The Palestinians have threatened to take the case to the court.", "pressure"),
    ("Estados Unidos amenazó con recortar su contribución.", "pressure"),
    ("Three states blocked the adoption of the treaty by consensus last week.", "dispute"),
    ("Die Ukraine dankte den Staaten für ihre Unterstützung.", "statement"),
    ("La France a remercié les délégations pour leur soutien.", "statement"),
    ("Russia invaded its neighbour early on Thursday.", "military"),
    ("El ejército lanzó una ofensiva contra la ciudad.", "military"),
])
def test_threats_blocks_thanks_and_invasions_are_named_by_their_words(sentence, kind):
    assert kinds.of_sentence(sentence, "other", LEX) == kind


@pytest.mark.parametrize("sentence, kind", [
    # pressure and a state's decision on its vote stay what they are when someone reports them
    ("The envoy said Washington had pressed Kyiv to vote against the text.", "pressure"),
    ("El diplomático dijo que Washington presionó a Kiev para votar en contra.", "pressure"),
    ("Le diplomate a déclaré que Washington avait exercé des pressions sur Kiev.", "pressure"),
    ("Der Diplomat sagte, Washington habe Druck auf Kiew ausgeübt.", "pressure"),
    ("A Kyiv official said Ukraine decided not to vote against the text, but to skip the vote.", "vote"),
    ("Un diplomático dijo que México decidió abstenerse en la votación.", "vote"),
    ("Le ministre a dit que la Belgique a décidé de s'abstenir.", "vote"),
    ("Der Minister sagte, Österreich entschied sich, der Abstimmung fernzubleiben.", "vote"),
    # what a document says is no act of a state: the draft "calls on", the resolution "threatens"
    ("The delegate said the draft urged the government to protect the minority.", "statement"),
    ("El delegado dijo que la resolución de la ONU “amenaza la soberanía” del país.", "statement"),
    ("The delegate said the United States urged the council to adopt the draft.", "pressure"),
])
def test_what_was_reported_keeps_its_kind_unless_a_document_says_it(sentence, kind):
    assert kinds.of_sentence(sentence, "statement", LEX) == kind


@pytest.mark.parametrize("sentence, kind", [
    # a cue after a stance only, or before any verb of saying, is what the state did, not what it said
    ("The foreign minister declared the envoy persona non grata on Monday.", "dispute"),
    ("Two states resisted the ceasefire plan, though both were accused of arming one side.", "dispute"),
    ("El canciller aseguró que ambos países siguen en desacuerdo.", "statement"),          # said: inside
    ("The envoy said the two states had resisted calls for a ceasefire.", "statement"),
])
def test_a_cue_outside_what_was_said_names_the_kind_of_a_reported_statement(sentence, kind):
    assert kinds.of_sentence(sentence, "statement", LEX) == kind


@pytest.mark.parametrize("sentence, kind", [
    # a word of another language is no cue: "reporter" is not the French "reporté" (postponed),
    # "critical" not the Spanish "criticó"
    ("Reporters waited outside the hall for the result.", "other"),
    ("The minister was critical of the text.", "other"),
    ("La réunion a été reportée à lundi.", "dispute"),
    ("El canciller criticó la resolución.", "statement"),
])
def test_a_word_of_another_language_is_no_cue(sentence, kind):
    assert kinds.of_sentence(sentence, "other", LEX) == kind


@pytest.mark.parametrize("sentence, kind", [
    # a contact is named by its words; without them, and without speech, it is no contact
    ("The two ministers met with Lavrov in Moscow on Monday.", "diplomatic_contact"),
    ("Jeremic served as foreign minister until 2012.", "other"),
    ("Der Präsident hatte wissen lassen, dass er die Kandidatur nicht unterstütze.", "statement"),
    ("El canciller confirmó que su país no apoyará la candidatura.", "statement"),
    ("Le ministre a fait savoir que la France ne soutiendrait pas le texte.", "statement"),
    ("The envoy confirmed that Chile would not back the bid.", "statement"),
])
def test_a_contact_needs_its_words(sentence, kind):
    assert kinds.of_sentence(sentence, "diplomatic_contact", LEX) == kind


def test_an_event_of_no_kind_that_reports_a_vote_is_a_vote_event():
    r = read(HEAD + "Chile abstained, Peru voted against and the draft failed. "
                    "Chile's minister served in the army until 2012.\n")
    items = [events_pass.answers.EventItem.model_construct(kind="diplomatic_contact", s=n, summary="x", actors=[])
             for n in (2, 3)]
    assert [e["kind"] for e in map(lambda i: events_pass.build_event(r, i), items)] == ["vote", "other"]


def test_who_voted_how_is_a_detail_of_the_vote_event_not_an_event_of_its_own():
    r = read(HEAD + "The Council rejected the draft on Gaza on Tuesday. "
                    "Four countries voted against: Chile, Peru, Ghana and Norway. "
                    "A second text was adopted by 12 votes to 3 later that day.\n")
    voted = [{"kind": "vote", "summary": "x", "date": None, "actors": [], "evidence": r.span(2)}]
    asked = [{"kind": "vote", "summary": "x", "date": None, "actors": [], "evidence": r.span(n)} for n in (3, 4)]
    kept = events_pass.other_events(r, voted, asked)
    assert [r.number(e["evidence"]["start"]) for e in kept] == [4]      # the second text has a result of its own
    assert [r.number(e["evidence"]["start"]) for e in events_pass.other_events(r, [], asked)] == [3, 4]


def test_a_quarrel_between_states_named_as_such_is_a_dispute_event():
    r = read(HEAD + "The vote sparked a diplomatic spat between Chile and Peru. "
                    "La votación provocó una crisis diplomática entre Chile y Perú. "
                    "Le vote a provoqué une brouille entre le Chili et le Pérou. "
                    "Die Abstimmung löste einen diplomatischen Streit zwischen Chile und Peru aus. "
                    "It was the third year in a row that Chile abstained. "
                    "The spat was over by noon.\n")
    found = events_pass.spoken(r, taken=set())
    assert [(r.number(e["evidence"]["start"]), e["kind"], e["actors"]) for e in found] == [
        (n, "dispute", ["CHL", "PER"]) for n in (2, 3, 4, 5)]        # no state named: no event; "in a row": no quarrel


def test_a_state_that_declares_a_stance_makes_a_statement_event():
    r = read(HEAD + "Jordan's ambassador expressed regret at the result. "              # 2: a stance verb
                    "China complained of pressure on the smaller delegations. "         # 3: the state speaks
                    "México dijo que votaría en contra del texto. "                     # 4
                    "Le Pérou a toujours nié avoir reçu des armes. "                    # 5
                    "Kuba beklagte den Druck der Vereinigten Staaten. "                 # 6
                    "Washington, two diplomats said, wanted no vote before March. "     # 7: the diplomats speak
                    "Israel knew it would pass, but a radio station said so first. "    # 8: another subject
                    "Chile, according to diplomats, will abstain. "                     # 9: a source cited
                    "“Peru will abstain,” the newspaper said. "                         # 10: a quote, not a subject
                    "Chilean wine was served after the vote. "                          # 11: no speech at all
                    "The U.S.-backed draft emphasized the need for peace.\n")            # 12: a compound
    found = events_pass.spoken(r, taken=set())
    assert [(r.number(e["evidence"]["start"]), e["actors"]) for e in found] == [
        (2, ["JOR"]), (3, ["CHN"]), (4, ["MEX"]), (5, ["PER"]), (6, ["CUB"])]


def test_praise_blame_and_naming_by_an_official_are_statement_events():
    r = read(HEAD + "Chile's foreign minister welcomed the outcome. "                         # 2
                    "Peru's ambassador called the text one-sided. "                           # 3
                    "El canciller de Bolivia criticó la resolución. "                         # 4
                    "« Ce texte est injuste », a commenté l'ambassadeur du Ghana. "           # 5
                    "Der Außenminister Norwegens begrüßte das Ergebnis. "                      # 6
                    "The French delegation regretted the outcome. "                           # 7
                    "Chile's foreign minister visited the exhibition.\n")                    # 8: no stance
    found = events_pass.spoken(r, taken=set())
    assert [(r.number(e["evidence"]["start"]), e["actors"]) for e in found] == [
        (2, ["CHL"]), (3, ["PER"]), (4, ["BOL"]), (5, ["GHA"]), (6, ["NOR"]), (7, ["FRA"])]


def test_a_state_between_a_document_and_the_cue_is_the_one_acting():
    assert kinds.of_sentence("After the vote on the resolution Russia condemned the West.", "other", LEX) == "statement"
    assert kinds.of_sentence("It passed a resolution condemning the attacks.", "other", LEX) == "other"


def test_what_a_states_official_says_is_a_statement_event():
    r = read(HEAD + "The draft on Gaza failed on Tuesday. "
                    "Norway's ambassador said the text had come too late. "
                    "Diplomats said the mood was grim. "
                    "The Ghanaian foreign minister said Accra would threaten to cut its funding. "
                    "The French delegation said it would try again.\n")
    found = events_pass.spoken(r, taken={2})                         # the headline is sentence 1
    assert [(r.number(e["evidence"]["start"]), e["kind"], e["actors"]) for e in found] == [
        (3, "statement", ["NOR"]), (5, "pressure", ["GHA"]), (6, "statement", ["FRA"])]  # not the unnamed diplomats
    assert events_pass.spoken(r, taken={2, 3, 5, 6}) == []          # a sentence already an event is not told twice


def test_statements_by_rule_fill_the_events_up_to_eight_after_the_models():
    said = " ".join(f"Ghana's envoy said point {i} mattered." for i in range(10))
    r = read(HEAD + said + "\n")
    model = [events_pass.answers.EventItem.model_construct(kind="dispute", s=1, summary="point 0 mattered", actors=[])]
    settled = events_pass.settle(r, [], model)
    assert len(settled) == events_pass.MOST and settled[0]["kind"] == "dispute"


def test_the_writers_question_is_no_statement_event_but_a_quoted_one_is():
    r = read(HEAD + "Was Norway's ambassador right when she said the text came too late? "
                    "Norway's ambassador said: “Why did the Council wait so long?” "
                    "¿Tenía razón el embajador de Chile cuando dijo que el texto llegaba tarde?\n")
    found = events_pass.spoken(r, taken=set())
    assert [(r.number(e["evidence"]["start"]), e["actors"]) for e in found] == [(3, ["NOR"])]


def test_a_model_event_on_a_time_stamp_is_dropped_but_not_one_on_a_short_sentence():
    r = read(HEAD + "10:40 AM, Tuesday, 4 March 2025\n\nChile abstained. Peru's envoy met Chile's envoy.\n")
    model = [events_pass.answers.EventItem.model_construct(kind=kind, s=s, summary=summary, actors=[])
             for kind, s, summary in (("other", 2, "the time"), ("other", 3, "Chile abstained"),
                                      ("diplomatic_contact", 4, "envoys met"))]
    settled = events_pass.settle(r, [], model)
    assert [(r.number(e["evidence"]["start"]), e["kind"]) for e in settled] == [(3, "vote"), (4, "diplomatic_contact")]


def test_a_pronoun_going_on_with_the_statement_before_is_the_same_event():
    r = read(HEAD + "Chile's ambassador said the text ignored the facts. "
                    "She also said the vote came too early. "                        # goes on: one event
                    "The Council then turned to Haiti. "
                    "He said the mission would need more money. "                    # no event before it
                    "El embajador de Perú dijo que el texto era injusto. "
                    "Él dijo además que votaría en contra.\n")                        # goes on
    model = [events_pass.answers.EventItem.model_construct(kind="statement", s=s, summary=summary, actors=[])
             for s, summary in ((3, "she said the vote came too early"), (5, "he said the mission needs money"))]
    settled = events_pass.settle(r, [], model)
    assert sorted(r.number(e["evidence"]["start"]) for e in settled) == [2, 5, 6]


def test_a_step_still_to_come_is_an_other_event_of_its_own():
    r = read(HEAD + "The draft on Gaza failed on Tuesday. "
                    "The committee will meet again on Friday to consider the bid of Peru. "       # 3
                    "El Consejo votará la propuesta chilena la próxima semana. "                   # 4
                    "Aucune date n'a été fixée pour le vote sur le texte du Brésil. "              # 5
                    "Der Bundestag befasst sich noch am Freitag mit der Entscheidung. "            # 6
                    "Will the committee meet again before the summer? "                            # 7: a question
                    "The committee met on Monday.\n")                                             # 8: held, not to come
    found = events_pass.spoken(r, taken={2})
    assert [(r.number(e["evidence"]["start"]), e["kind"], e["actors"]) for e in found] == [
        (3, "other", ["PER"]), (4, "other", ["CHL"]), (5, "other", ["BRA"]), (6, "other", [])]

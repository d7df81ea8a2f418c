"""Which passages the rules offer as motives, and whose motive a state's official gives (issue 10),
on sentences written for the tests in every language we read."""

import pytest

from extractor import articles
from extractor.passes import motives as motives_pass
from extractor.read import lexicon, quotes, reading

# the rules of every language: sentences of each are set in an English article here, and
# reading an article in its own language is tested in test_lexicon
ALL = lexicon.load()

HEAD = "Vote at the UN\n\nThe Assembly adopted the text by 120 votes to 9, with 30 abstentions. "


def offered(body: str) -> list[str]:
    a = articles.Article(id="t", source="t.txt", text=HEAD + body + "\n", date="2024-06-14", sha256="0")
    r = reading.read(a, ALL)
    return [a.text[s:e] for _, s, e in motives_pass.candidates(r)]


def holder(body: str, passage: str) -> str | None:
    a = articles.Article(id="t", source="t.txt", text=HEAD + body + "\n", date="2024-06-14", sha256="0")
    start = a.text.index(passage)
    return motives_pass.holder_by_rule(reading.read(a, ALL), (start, start + len(passage)))


@pytest.mark.parametrize("body, passage", [
    ("Six members abstained, citing concerns over the sanctions regime.", "citing concerns over the sanctions regime"),
    ("Questioning the legal basis of the text, the delegate urged members to vote no.",
     "Questioning the legal basis of the text"),
    ("Chile dejó el pacto argumentando que no respetaba su soberanía -una decisión criticada- y volvió después.",
     "argumentando que no respetaba su soberanía"),
    ("Ungarn lehnte den Text ab mit der Begründung, er sei einseitig.", "mit der Begründung, er sei einseitig"),
    ("Le Brésil s'est abstenu, estimant que le texte était déséquilibré.", "estimant que le texte était déséquilibré"),
    ("Indien beklagte im Rat eine Einmischung in innere Angelegenheiten.",
     "beklagte im Rat eine Einmischung in innere Angelegenheiten"),
    ("Cuba se quejó de la falta de consultas sobre el texto.", "se quejó de la falta de consultas sobre el texto"),
])
def test_a_word_that_attributes_a_reason_offers_its_clause_without_a_speech_verb(body, passage):
    assert offered(body) == [passage]


@pytest.mark.parametrize("body, passage", [
    ("She said the draft was 'deeply flawed' and ignored 'the views of the region'.",
     "the draft was 'deeply flawed' and ignored 'the views of the region"),     # less the final mark, as quotes
    ('Perú dijo que el texto es "desequilibrado" y no ayuda a la paz.', 'el texto es "desequilibrado" y no ayuda a la paz'),
    ('A spokesman argued that the change would only "reward the aggressor," and Greece\'s envoy left the hall.',
     'the change would only "reward the aggressor'),
])
def test_a_said_clause_holding_the_speakers_quoted_words_is_offered_whole(body, passage):
    assert offered(body) == [passage]


@pytest.mark.parametrize("body, passage", [
    ("El representante de Chile explicó su abstención señalando que el texto ignoraba a los Estados costeros.",
     "el texto ignoraba a los Estados costeros"),
    ("Le représentant du Chili a expliqué son vote en affirmant que le texte ignorait les États côtiers.",
     "le texte ignorait les États côtiers"),
])
def test_an_explanation_of_vote_goes_on_in_a_gerund(body, passage):
    assert offered(body) == [passage]


def test_a_vote_told_with_what_the_voter_said_of_it_offers_the_said_clause():
    assert offered("Peru abstained, saying the draft was unbalanced and ignored its concerns.") == \
        ["the draft was unbalanced and ignored its concerns"]
    assert offered("The minister thanked the donors, saying the aid had arrived.") == []    # no vote told


def test_a_said_clause_without_quoted_words_or_little_more_than_a_quoted_label_is_not_offered():
    assert offered("He said the talks would resume on Monday in Geneva.") == []
    assert offered("The official stressed that the vote “is not our position.”") == []


@pytest.mark.parametrize("body", [
    '"This is a historic day for our people and for the region," the minister said.',
    '"Hoy es un día triste para esta organización y sus miembros", afirmó el embajador.',
    'The resolution calls on all states "to refrain from any transfer of arms to the parties".',
    '"Les États doivent coopérer pleinement avec la mission d\'enquête", précise le texte.',
    # a quoted name, and a quote that only prints the count
    'The Council adopted the text titled "Promoting Reconciliation and Accountability in the Region".',
    '"The draft received 12 votes in favour, 2 against and one abstention," the President announced.',
    '"Der Entwurf erhielt 12 Ja-Stimmen und 3 Gegenstimmen", sagte der Präsident.',
    # what a call demands, opening on an infinitive
    'The Council backed a call "to halt every transfer of arms and munitions to the parties of the war".',
])
def test_reactions_to_the_occasion_and_a_documents_own_wording_are_not_offered(body):
    assert offered(body) == []


@pytest.mark.parametrize("body, passage", [
    ('"Chile and Peru voted against the draft on water, because it ignores the rights of coastal states," the envoy said.',
     "because it ignores the rights of coastal states"),
    ('«Chile y Perú votaron en contra del texto sobre el agua porque ignora a los Estados costeros», dijo el embajador.',
     "porque ignora a los Estados costeros"),
])
def test_a_long_quote_whose_reason_follows_a_conjunction_is_offered_from_it(body, passage):
    assert offered(body) == [passage]


def test_in_an_article_that_reports_a_vote_quotes_before_it_are_the_writers_setting():
    def listed(text: str) -> list[str]:
        a = articles.Article(id="t", source="t.txt", text=text, date="2024-06-14", sha256="0")
        return [a.text[x:y] for _, x, y in motives_pass.candidates(reading.read(a, ALL))]
    before = '"Our neighbours have always sold us short on water, since they fear us," the minister wrote last year. '
    after = '"We voted no because the text ignores the rights of coastal states," the Chilean envoy said.'
    assert listed("Water at the UN\n\n" + before + "The Assembly adopted the water text by 120 votes to 3 on Friday. "
                  + after + "\n") == ["We voted no because the text ignores the rights of coastal states"]
    # with no vote reported, nothing comes before it
    assert len(listed("Water at the UN\n\n" + before + after.replace("voted", "will vote") + "\n")) == 2


def test_a_quote_that_gives_a_view_is_still_offered():
    assert offered('"We cannot support a text that ignores the victims," the Irish envoy said.') == \
        ["We cannot support a text that ignores the victims"]


@pytest.mark.parametrize("body, passage, state", [
    ("Russia's ambassador said the text was \"a political stunt that would harm the talks\".",
     "a political stunt that would harm the talks", "RUS"),
    ('"El texto ignora nuestras preocupaciones legítimas", afirmó la delegada mexicana.',
     "El texto ignora nuestras preocupaciones legítimas", "MEX"),
    ("Der chinesische Vertreter sagte, die Resolution sei „eine Einmischung in innere Angelegenheiten“.",
     "eine Einmischung in innere Angelegenheiten", "CHN"),
    ("Le représentant de la Fédération de Russie a déclaré que le texte était « déséquilibré et dangereux ».",
     "déséquilibré et dangereux", "RUS"),
    ('The representative of Cuba said the draft "ignores the blockade and its effects on our people".',
     "ignores the blockade and its effects on our people", "CUB"),
    ('The Irish ambassador spoke after the vote. She said the text "fails the victims of this war and their families".',
     "fails the victims of this war and their families", "IRL"),
    ('México dijo que "este no es el foro adecuado para resolver el conflicto".',
     "este no es el foro adecuado para resolver el conflicto", "MEX"),
])
def test_a_states_official_or_the_state_itself_speaking_makes_it_the_holder(body, passage, state):
    assert holder(body, passage) == state


def test_an_official_of_the_next_clause_does_not_hold_the_passage_before_it():
    body = 'A spokesman argued that repeal would only "reward the aggressors in the region," and Egypt\'s ambassador left.'
    assert holder(body, "reward the aggressors in the region") is None


@pytest.mark.parametrize("body, passage", [
    ("A government spokesman explained that the text ignored the work of national courts.",
     "the text ignored the work of national courts"),
    ("Israel declared the envoy persona non grata over what it described as a failure to condemn the attack.",
     "over what it described as a failure to condemn the attack"),
    ("Delegates heard that the text was motivated by concern over “grave” abuses in the region.",
     "motivated by concern over “grave” abuses in the region"),
    ("To make matters worse, Power said, it 'was put to a vote without any discussion.'",
     "it 'was put to a vote without any discussion"),
    ('La delegada pidió votar en contra, pues la admisión es "prematura" para el proceso de paz.',
     'la admisión es "prematura" para el proceso de paz'),
])
def test_explanations_and_reasons_holding_the_speakers_words_are_offered(body, passage):
    assert offered(body) == [passage]


@pytest.mark.parametrize("body", [
    "The rulings are “binding” because the court has no army to enforce them.",       # the writer's own cause
    'Why did the envoy say that the text was "unbalanced" before the vote?',           # the writer's question
    '"It is regrettable that the council failed once again," the envoy said.',         # a reaction
    "El documento llama a los Estados para que “actúen con rapidez” ante la crisis.",  # a document's words
])
def test_the_writers_causes_and_questions_reactions_and_documents_are_not_offered(body):
    assert offered(body) == []


def test_an_attribution_followed_by_a_participle_is_no_said_clause_and_a_pull_quote_is_offered_once():
    body = ('"We will go on with this work," the envoy said, adding that the council "had failed the people". '
            '"We will go on with this work," she repeated.')
    assert offered(body) == ["We will go on with this work"]


def test_straight_single_marks_are_quotes_only_where_an_article_prints_no_double_ones():
    single = "'We cannot back a text that ignores Israel's security,' the envoy said. The Palestinians' bid failed."
    assert [single[q.start:q.end] for q in quotes.quotes(single)] == ["We cannot back a text that ignores Israel's security"]
    doubled = single + ' He called it "a sad day".'
    assert [doubled[q.start:q.end] for q in quotes.quotes(doubled)] == ["a sad day"]


@pytest.mark.parametrize("body, passage, state", [
    ('U.S. Ambassador Linda Carter spoke first. Later Carter said the text "ignores the security of our ally".',
     "ignores the security of our ally", "USA"),
    ('On behalf of Chile, the ambassador rejected the text. She said it "ignores the work of our courts".',
     "ignores the work of our courts", "CHL"),
    ("Myanmar's representative spoke next. Questioning the mandate of the Council, he urged members to vote no.",
     "Questioning the mandate of the Council", "MMR"),
    ('The French envoy spoke last. "We cannot accept a text that punishes the victims."',
     "We cannot accept a text that punishes the victims", "FRA"),
    ('"Tenemos muy poco tiempo. Cada día vemos una nueva ofensiva contra los civiles", expresó el canciller francés.',
     "Tenemos muy poco tiempo. Cada día vemos una nueva ofensiva contra los civiles", "FRA"),
    ('"Israel could have abstained, and it voted against it anyway," the Ukrainian ambassador said.',
     "Israel could have abstained, and it voted against it anyway", "ISR"),
])
def test_the_holder_is_the_state_whose_official_speaks_or_whose_vote_the_passage_states(body, passage, state):
    assert holder(body, passage) == state


def test_an_official_named_only_as_the_object_of_another_speakers_sentence_holds_nothing():
    body = ('Russian President Ivan Petrov met him twice. Later Sokolov met Petrov and insisted that the text '
            '"would only deepen the conflict in the region".')
    assert holder(body, "would only deepen the conflict in the region") is None


@pytest.mark.parametrize("body, passages", [
    ("Explaining its vote, the Indian delegate said the text ignored the role of national courts.",
     ["the text ignored the role of national courts"]),
    ("Speaking in explanation of vote, Chile's representative said the draft was unbalanced. "
     "She said the new mandate had no budget at all. She said the process lacked any consultation. "
     "Norway said the talks would resume in May.",
     ["the draft was unbalanced", "the new mandate had no budget at all", "the process lacked any consultation"]),
    ("En explicación de voto, el delegado de Perú dijo que el texto no respeta la soberanía.",
     ["el texto no respeta la soberanía"]),
    ("Expliquant son vote, le représentant du Brésil a déclaré que le texte restait déséquilibré.",
     ["le texte restait déséquilibré"]),
])
def test_an_explanation_of_vote_offers_its_said_clauses_and_those_of_the_she_said_sentences_after_it(body, passages):
    assert offered(body) == passages


def test_objections_to_a_text_in_reported_speech_are_its_reason():
    assert offered("The envoy said Chile had serious objections to the mandate of the new office.") == \
        ["objections to the mandate of the new office"]


@pytest.mark.parametrize("body, passages", [
    ("The envoy said Chile abstained since it found the text one-sided.", ["it found the text one-sided"]),
    ("The envoy said Chile abstained as it considered the text one-sided.", ["it considered the text one-sided"]),
    ("The envoy said Chile has abstained since 2022 on every such text.", []),       # "since" a date: no reason
    ("El embajador dijo que Perú se abstuvo puesto que el texto era parcial.", ["el texto era parcial"]),
    ("Der Botschafter sagte, Österreich habe sich enthalten, denn der Text sei einseitig.", ["der Text sei einseitig"]),
    ("L'ambassadeur a déclaré que la France s'était abstenue puisqu'il manquait des garanties.",
     ["il manquait des garanties"]),
])
def test_causal_conjunctions_in_reported_speech_offer_the_clause_after_them(body, passages):
    assert offered(body) == passages


@pytest.mark.parametrize("body, passage", [
    ("India’s delegate said that for the same reason his country had abstained on the earlier text.",
     "for the same reason his country had abstained on the earlier text"),
    ("The Norwegian envoy said the draft offered a shorter mandate in an effort to reach a compromise.",
     "in an effort to reach a compromise"),
    ("El delegado de Chile dijo que por la misma razón su país se abstuvo en la votación anterior.",
     "por la misma razón su país se abstuvo en la votación anterior"),
    ("Le délégué du Chili a déclaré que pour la même raison son pays s’était abstenu lors du vote précédent.",
     "pour la même raison son pays s’était abstenu lors du vote précédent"),
    ("Der Vertreter Chiles sagte, aus demselben Grund habe sein Land sich bei der früheren Abstimmung enthalten.",
     "aus demselben Grund habe sein Land sich bei der früheren Abstimmung enthalten"),
])
def test_a_reason_pointed_back_to_or_a_purpose_in_reported_speech_is_offered_from_it(body, passage):
    assert passage in offered(body)


@pytest.mark.parametrize("body, passage", [
    ("Peru voted against the text because it was “one-sided”.", "one-sided"),
    ("In an effort to “find common ground”, the delegate of Chile said her country would back the text.",
     "find common ground"),
])
def test_a_short_quote_a_reason_word_introduces_is_the_reason(body, passage):
    assert passage in offered(body)


def test_a_short_quote_inside_a_longer_reason_clause_is_not_offered_on_its_own():
    assert "grave" not in offered("The delegate of Peru said the text met the need to stop “grave” abuses in the region.")


@pytest.mark.parametrize("body, passage", [
    ("Russia’s envoy called the draft “one-sided,” saying it ignored the government’s efforts.",
     "it ignored the government’s efforts"),
    ("El embajador ruso calificó el texto de “sesgado”, diciendo que ignoraba los esfuerzos del gobierno.",
     "ignoraba los esfuerzos del gobierno"),
    ("L’ambassadeur russe a qualifié le texte de « partial », affirmant qu’il ignorait les efforts du gouvernement.",
     "il ignorait les efforts du gouvernement"),
])
def test_a_judgement_of_the_text_told_with_what_was_said_of_it_offers_the_said_clause(body, passage):
    assert passage in offered(body)


@pytest.mark.parametrize("body, passage", [
    ("The UN Secretary-General said the vote mattered “because it shows the world is watching closely”.",
     "because it shows the world is watching closely"),
    ("“The text passed because members feared a veto next time,” said a professor of politics at Leiden.",
     "The text passed because members feared a veto next time"),
    ("El relator especial dijo que “los Estados votaron en contra porque temían perder sus mercados”.",
     "los Estados votaron en contra porque temían perder sus mercados"),
    ("« Les États ont voté contre parce qu’ils craignaient des sanctions », a déclaré un chercheur de l’IRIS.",
     "Les États ont voté contre parce qu’ils craignaient des sanctions"),
    ("Amnesty International erklärte, die Staaten hätten dagegen gestimmt, weil sie Sanktionen fürchteten.",
     "sie Sanktionen fürchteten"),
])
def test_what_a_un_official_a_scholar_or_a_rights_group_says_explains_no_states_act(body, passage):
    assert not any(passage in p or p in passage for p in offered(body))


def test_a_states_official_quoting_an_expert_still_gives_a_motive():
    body = "Chile’s ambassador said her country abstained “because the experts had no time to read the text”."
    assert "because the experts had no time to read the text" in " ".join(offered(body))

"""Who voted how, from sentence grammar: seed sentences plus other bodies and languages."""

import pytest

from extractor.read import lexicon, outcomes, positions

LEX = lexicon.load()


@pytest.mark.parametrize("sentence, expected", [
    ("The United States joined Russia in opposing the resolution, along with North Korea, Belarus, Hungary, and Israel.",
     [("USA", "no"), ("RUS", "no"), ("PRK", "no"), ("BLR", "no"), ("HUN", "no"), ("ISR", "no")]),
    ("Iran, China, and the United Arab Emirates all abstained.", [("IRN", "abstain"), ("CHN", "abstain"), ("ARE", "abstain")]),
    # the object of the vote is not a voter
    ("Israel voted this week against a United Nations resolution backing Ukraine’s territorial integrity.", [("ISR", "no")]),
    # the possessor of a decision to vote is the voter; the critic is not
    ("Ukraine slammed Israel’s decision to vote against the Ukrainian-backed draft resolution.", [("ISR", "no")]),
    # a demonym votes only as a state actor; an adjective does not
    ("The American mission to the UN, which voted in favor of the Ukrainian draft two years ago, submitted a rival text.",
     [("USA", "yes")]),
    # counterfactuals do not count, the real vote does
    ("Israel could have abstained, and it voted against it.", [("ISR", "no")]),
    ("Netanyahu, Zelensky spoke before Ukraine skipped UN vote on anti-Israel resolution", [("UKR", "absent")]),
    ("Russia vetoed the draft, which 13 members supported; China abstained.", [("RUS", "no"), ("CHN", "abstain")]),
    ("Rusia y China vetaron el proyecto, mientras que Estados Unidos votó a favor.",
     [("RUS", "no"), ("CHN", "no"), ("USA", "yes")]),
    ("Estados Unidos, Israel y la Argentina votaron en contra.", [("USA", "no"), ("ISR", "no"), ("ARG", "no")]),
    ("Deutschland enthielt sich, Frankreich stimmte dafür.", [("DEU", "abstain"), ("FRA", "yes")]),
    ("La France a voté pour, tout comme l’Allemagne et l’Espagne.", [("FRA", "yes"), ("DEU", "yes"), ("ESP", "yes")]),
    ("Washington urged Israel to vote against the measure.", []),          # a request is not a vote
    ("The Assembly adopted the resolution without a vote.", []),
    # a habit is not a position in this vote
    ("Norway has routinely voted against such texts.", []),
    ("Over the last five years, Ghana has abstained on every one of them.", []),
    ("Chile vota sistemáticamente a favor de estas resoluciones.", []),
    ("Le Pérou s'abstient régulièrement sur ce point.", []),
    ("Fidschi stimmt seit Jahren dagegen.", []),
    ("Norway voted against the text on Friday.", [("NOR", "no")]),
    # verb first (German after a fronted phrase): the names inside the cue are its voters
    ("Am Freitag stimmten China und Russland gegen den Entwurf.", [("CHN", "no"), ("RUS", "no")]),
    ("Zwar stimmten Chile und Peru dafür, die übrigen 13 Mitglieder enthielten sich aber.", [("CHL", "yes"), ("PER", "yes")]),
    # the states a verb-first cue holds are one word of its gap, however many they are
    ("Am Montag stimmten Chile, Peru und Ghana ebenfalls gegen den Entwurf.", [("CHL", "no"), ("PER", "no"), ("GHA", "no")]),
    ("Votaron Chile, Perú y Bolivia también en contra del proyecto.", [("CHL", "no"), ("PER", "no"), ("BOL", "no")]),
    ("Ont voté le Chili, le Pérou et la Bolivie eux aussi contre le texte.", [("CHL", "no"), ("PER", "no"), ("BOL", "no")]),
    # "the other 13 members" after a comma are a group of their own, not the names before them
    ("Ghana, the sponsor of the text, spoke first, the other 13 members abstained.", []),
    ("Rusia presentó el texto, los otros 14 miembros se abstuvieron.", []),
    ("La Russie a présenté le texte, les 14 autres membres se sont abstenus.", []),
    ("Russland legte den Text vor, die übrigen 14 Mitglieder enthielten sich.", []),
])
def test_positions_stated_in_a_sentence(sentence, expected):
    assert positions.in_sentence(sentence, 0, len(sentence), LEX) == expected


def test_offsets_index_the_whole_article():
    text = "Headline.\nIran abstained. China voted against."
    start = text.index("China")
    assert positions.in_sentence(text, start, len(text), LEX) == [("CHN", "no")]


@pytest.mark.parametrize("sentence, expected", [
    ("China and Cuba had objected to the debate on Ukraine, but this time they abstained.", ["CHN", "CUB"]),
    ("China y Cuba se habían opuesto al debate sobre Ucrania, pero esta vez ellos se abstuvieron.", ["CHN", "CUB"]),
    ("La Chine et Cuba avaient refusé le débat sur l'Ukraine, mais ils se sont également abstenus.", ["CHN", "CUB"]),
    ("China und Kuba hatten der Debatte über die Ukraine widersprochen, doch sie enthielten sich diesmal.", ["CHN", "CUB"]),
])
def test_a_plural_pronoun_before_the_cue_points_back_at_the_first_list_of_states(sentence, expected):
    assert positions.in_sentence(sentence, 0, len(sentence), LEX) == [(code, "abstain") for code in expected]


@pytest.mark.parametrize("sentence, expected", [
    ("El texto fue rechazado por Noruega, Chile y los Países Bajos, mientras que Perú se abstuvo.",
     [("NOR", "no"), ("CHL", "no"), ("NLD", "no"), ("PER", "abstain")]),
    ("Le texte a été rejeté par la Norvège, le Chili et le Pérou.", [("NOR", "no"), ("CHL", "no"), ("PER", "no")]),
    ("The amendment was rejected by Norway, Chile and Peru.", [("NOR", "no"), ("CHL", "no"), ("PER", "no")]),
])
def test_a_text_rejected_by_states_is_their_no_and_not_its_outcome(sentence, expected):
    assert positions.in_sentence(sentence, 0, len(sentence), LEX) == expected
    assert outcomes.cue(sentence, LEX) is None
    assert outcomes.cue("The draft was rejected by the Security Council on Friday.", LEX) == "rejected"


@pytest.mark.parametrize("sentence", ["The draft on Gaza was vetoed by Russia.", "El proyecto sobre Gaza fue vetado por Rusia."])
def test_a_text_vetoed_by_a_state_failed_and_the_state_voted_no(sentence):
    assert outcomes.cue(sentence, LEX) == "rejected"
    assert positions.in_sentence(sentence, 0, len(sentence), LEX) == [("RUS", "no")]


@pytest.mark.parametrize("sentence, expected", [
    ("Entre los países que votaron en contra figuran Rusia, Nicaragua, Siria y Bielorrusia, mientras que la India se abstuvo.",
     [("RUS", "no"), ("NIC", "no"), ("SYR", "no"), ("BLR", "no"), ("IND", "abstain")]),
    ("Indien enthielt sich, ebenso Indonesien und Katar.", [("IND", "abstain"), ("IDN", "abstain"), ("QAT", "abstain")]),
    ("Among those voting against were Cuba, Iran and Syria.", [("CUB", "no"), ("IRN", "no"), ("SYR", "no")]),
    ('U.S. Deputy Ambassador Robert Hale called the double veto "a shameful day".', []),
    ("France cast a veto.", [("FRA", "no")]),
    # the right of veto is a noun in every language; a veto someone cast is a "no"
    ("Estados Unidos tiene derecho de veto en el Consejo.", []),
    ("Rusia ejerció su veto contra el texto.", [("RUS", "no")]),
    ("Le Royaume-Uni dispose du droit de veto.", []),
    ("Russland hat gegen den Text sein Veto eingelegt.", [("RUS", "no")]),
    ("China besitzt wie Frankreich ein Veto im Rat.", []),
    ("The draft failed owing to the veto cast by the Russian Federation.", [("RUS", "no")]),
    # "most notably", "en particular", "notamment", "insbesondere" add voters as "along with" does
    ("Several states voted against, most notably Chile and Peru.", [("CHL", "no"), ("PER", "no")]),
    ("Varios Estados votaron en contra, en particular Chile y Perú.", [("CHL", "no"), ("PER", "no")]),
    ("Plusieurs États ont voté contre, notamment le Chili et le Pérou.", [("CHL", "no"), ("PER", "no")]),
    # the sponsors named before the agent's cue are not its voters
    ("The text — tabled by Chile and Peru — fell to the veto cast by China.", [("CHN", "no")]),
    ("La propuesta de Chile y Perú fue rechazada por Noruega.", [("NOR", "no")]),
])
def test_lists_after_the_cue_and_vetoes_as_nouns(sentence, expected):
    assert positions.in_sentence(sentence, 0, len(sentence), LEX) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Ghana joined the Chilean position on the text.", [("GHA", "no")]),
    ("Ghana se sumó a la posición de Chile, mientras Perú se abstuvo.", [("GHA", "no")]),
    ("Le Ghana s'est rallié à la position chilienne.", [("GHA", "no")]),
    ("Ghana schloss sich der Position Chiles an.", [("GHA", "no")]),
    ("Ghana joined the Peruvian position.", []),                 # Peru's vote is not stated: nothing to take
    ("Ghana joined the talks on the Chilean position.", []),     # no stance taken as its own
])
def test_a_state_that_joins_anothers_stated_position_votes_as_it_does(sentence, expected):
    assert positions.joined_position(sentence, LEX, {"CHL": "no"}) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Ghana and Norway did the same.", [("GHA", "abstain"), ("NOR", "abstain")]),
    ("Ghana followed suit on Tuesday.", [("GHA", "abstain")]),
    ("Ghana y Noruega optaron por la misma opción.", [("GHA", "abstain"), ("NOR", "abstain")]),
    ("Le Ghana a fait de même.", [("GHA", "abstain")]),
    ("Ghana tat es ihnen gleich.", [("GHA", "abstain")]),
    ("Ghana praised the text.", []),                    # no "did the same"
])
def test_states_that_did_as_those_just_named_take_their_position(sentence, expected):
    assert positions.did_the_same(sentence, LEX, [("CHL", "abstain"), ("PER", "abstain")]) == expected


def test_did_the_same_after_several_positions_is_too_vague_to_read():
    assert positions.did_the_same("Ghana did the same.", LEX, [("CHL", "no"), ("PER", "abstain")]) == []


@pytest.mark.parametrize("sentence, expected", [
    ("La resolución obtuvo el apoyo de Chile y Perú, la oposición de Cuba y las abstenciones de Ghana o Noruega.",
     [("CHL", "yes"), ("PER", "yes"), ("CUB", "no"), ("GHA", "abstain"), ("NOR", "abstain")]),
    ("The text received the support of Chile and Peru, with the opposition of Cuba and the abstention of Brazil.",
     [("CHL", "yes"), ("PER", "yes"), ("CUB", "no"), ("BRA", "abstain")]),
    ("Le texte a obtenu le soutien du Chili, l'opposition de Cuba et l'abstention du Brésil.",
     [("CHL", "yes"), ("CUB", "no"), ("BRA", "abstain")]),
    # the list starts a few words after its noun, and ends where no list word joins the next name
    ("El texto obtuvo el apoyo, entre otros, de los países del Caribe, Chile y Perú.", [("CHL", "yes"), ("PER", "yes")]),
    ("The bid received the opposition of Chile during a session held in Paris.", [("CHL", "no")]),
    # no count or result received: a state's support is no vote
    ("Chile reiterated the support of its people for Peru.", []),
])
def test_positions_a_noun_names_go_to_the_states_listed_after_it(sentence, expected):
    assert positions.by_noun(sentence, LEX) == expected

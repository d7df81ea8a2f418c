"""A vote is read from its passage (its sentence until the next vote's), not from one sentence:
its count's parts, the list forms of UN reporting and who voted how, in every lexicon language."""

import dataclasses

import pytest

from extractor.passes import votes as votes_pass
from extractor.read import lexicon, reading as reading_module, tallies
from schemas import answers

LEX = lexicon.load()   # every language's rules: sentences of each are set in an English article here


@dataclasses.dataclass
class Article:
    text: str
    id: str = "test"
    date: str | None = "2030-05-02"


def settled(text: str, *sentences: int) -> list[dict]:
    reading = reading_module.read(Article(text), LEX)
    items = [answers.VoteItem.model_construct(s=n, body="general_assembly", symbol=None, subject="x")
             for n in sentences]
    return votes_pass.settle(reading, items)[1]


def counts(text):
    return [(x.yes, x.no, x.abstain) for x in tallies.tallies(text, LEX)]


def test_count_parts_from_the_next_sentences_of_the_passage():
    text = ("The Assembly adopted a text on ocean litter.\n\nIt passed by 120 votes to 9. "
            "There were 30 abstentions. Delegates then turned to the budget.")
    assert settled(text, 1)[0]["tally"] == {"yes": 120, "no": 9, "abstain": 30}


def test_a_votes_evidence_covers_the_sentences_whose_count_and_voters_it_took():
    text = ("Council fails on water text\n\nThe Council rejected a draft on water on Friday. It got 4 votes in favour. "
            "Chile and Peru voted against it. Delegates then turned to the budget. No one spoke after that.")
    r = reading_module.read(Article(text), LEX)
    vote = settled(text, 2)[0]
    assert text[vote["evidence"]["start"]:vote["evidence"]["end"]] == (
        "The Council rejected a draft on water on Friday. It got 4 votes in favour. Chile and Peru voted against it.")
    assert r.number(vote["evidence"]["end"] - 1) == 4


def test_the_first_votes_evidence_reaches_back_to_the_lede_that_reports_it():
    text = ("Assembly backs a plan on ocean litter\n\nThe Assembly adopted a resolution on ocean litter on Thursday. "
            "Delegates had debated it for a week. The text, drafted by Fiji, passed under a new procedure.")
    vote = settled(text, 4)[0]
    assert text[vote["evidence"]["start"]:vote["evidence"]["end"]] == text.split("\n\n")[1]
    unreported = "Assembly backs a plan on ocean litter\n\nDelegates debated ocean litter for a week. The text passed 120 to 9."
    vote = settled(unreported, 3)[0]
    assert unreported[vote["evidence"]["start"]:vote["evidence"]["end"]] == "The text passed 120 to 9."


def test_a_count_before_the_vote_sentence_completes_the_first_vote():
    text = "Assembly backs ocean text 120-9-30 in vote\n\nThe Assembly adopted a text on ocean litter on Monday."
    assert settled(text, 2)[0]["tally"] == {"yes": 120, "no": 9, "abstain": 30}


def test_the_next_vote_and_a_disagreeing_count_stay_out_of_a_passage():
    text = ("The Assembly adopted a text on ocean litter by 120 votes to 9. A year earlier it had passed 101 to 12, "
            "with 40 abstentions. It then adopted a text on deserts by 88 votes to 20, with 11 abstentions.")
    first, earlier, second = settled(text, 1, 3)     # the earlier vote is a vote too (SPEC §3), with its own count
    assert first["tally"] == {"yes": 120, "no": 9, "abstain": None}
    assert earlier["tally"] == {"yes": 101, "no": 12, "abstain": 40} and earlier["positions"] == []
    assert second["tally"] == {"yes": 88, "no": 20, "abstain": 11}


@pytest.mark.parametrize("text, expected", [
    ("Adopted by a recorded vote of 150 in favour to 4 against (Chile, Ghana, Norway, Peru, Italy, Japan, Kenya, "
     "Mexico, Nepal, Oman, Poland, Qatar, Spain, Sweden), with 9 abstentions (Fiji, Togo).", (150, 4, 9)),
    ("It passed with 30 votes in favour, 12 abstentions and only two against.", (30, 2, 12)),
    ("Fue aprobada con 30 votos a favor, 12 abstenciones y solo dos en contra.", (30, 2, 12)),
    ("Sie wurde mit 30 Ja-Stimmen, 12 Enthaltungen und nur zwei Nein-Stimmen angenommen.", (30, 2, 12)),
    ("Elle a été adoptée par 30 voix pour, 12 abstentions et seulement deux contre.", (30, 2, 12)),
])
def test_one_count_across_long_lists_and_only(text, expected):
    assert counts(text) == [expected]


def stated(text: str) -> list[tuple[str, str]]:
    reading = reading_module.read(Article(text), LEX)
    return [p for n in sorted(reading.stated) for p in reading.stated[n]]


@pytest.mark.parametrize("text, expected", [
    # a bracket after a count's part lists who voted so; a bracket of anything else does not
    ("Adopted by a recorded vote of 150 in favour to 4 against (Chile, Ghana, Norway, Peru), with 9 abstentions "
     "(Fiji, Togo).", [("CHL", "no"), ("GHA", "no"), ("NOR", "no"), ("PER", "no"), ("FJI", "abstain"),
                       ("TGO", "abstain")]),
    ("It was approved 120 to 9 (a record for Chile's draft).", []),
    ("It was approved by 107 votes in favour (most of Latin America, Chile, Peru and others), 14 against "
     "(Norway among them) and 52 abstentions, including Ghana and Togo.",
     [("CHL", "yes"), ("PER", "yes"), ("NOR", "no"), ("GHA", "abstain"), ("TGO", "abstain")]),
    ("A favor votaron 120 delegaciones, mientras que 30 se abstuvieron, entre ellas Chile y Perú.",
     [("CHL", "abstain"), ("PER", "abstain")]),
    ("The text passed 11 to 1, with three abstentions: Brazil, Kenya and the United Kingdom.",
     [("BRA", "abstain"), ("KEN", "abstain"), ("GBR", "abstain")]),
    ("Three states voted against the text: Chile, Peru and Ghana.", [("CHL", "no"), ("PER", "no"), ("GHA", "no")]),
    ("Two countries joined Norway in voting for the draft: Fiji and Togo.", [("NOR", "yes"), ("FJI", "yes"),
                                                                             ("TGO", "yes")]),
    ("It was adopted by 9 in favour, none against and the abstentions of Chile and Peru.",
     [("CHL", "abstain"), ("PER", "abstain")]),
    ("Fue aprobada por 120 votos a favor, dos en contra (Chile y Perú) y tres abstenciones (Fiyi, Togo y Noruega).",
     [("CHL", "no"), ("PER", "no"), ("FJI", "abstain"), ("TGO", "abstain"), ("NOR", "abstain")]),
    ("En contra votaron Chile y Perú.", [("CHL", "no"), ("PER", "no")]),
    ("Se abstuvieron Noruega y Ghana.", [("NOR", "abstain"), ("GHA", "abstain")]),
    ("Gegen den Entwurf stimmten Chile, Peru und Ghana.", [("CHL", "no"), ("PER", "no"), ("GHA", "no")]),
    ("Gegen den Entwurf haben Chile und Peru gestimmt.", [("CHL", "no"), ("PER", "no")]),
    ("Vier Länder stimmten dagegen: Chile, Peru, Ghana und Norwegen.",
     [("CHL", "no"), ("PER", "no"), ("GHA", "no"), ("NOR", "no")]),
    ("Quatre pays ont voté contre : le Chili, le Pérou, le Ghana et la Norvège.",
     [("CHL", "no"), ("PER", "no"), ("GHA", "no"), ("NOR", "no")]),
    ("Ont voté pour : le Chili et le Pérou.", [("CHL", "yes"), ("PER", "yes")]),
    ("Le texte a été adopté avec l'abstention de la Norvège et du Ghana.", [("NOR", "abstain"), ("GHA", "abstain")]),
    # the object of a vote is not listed as a voter
    ("Chile voted against a text on Peru.", [("CHL", "no")]),
    # states named just before a count are among those counted
    ("It passed by 101 votes to 12, with Fiji, Togo and Ghana among the 40 abstaining.",
     [("FJI", "abstain"), ("TGO", "abstain"), ("GHA", "abstain")]),
    ("Fue aprobada con Chile y Perú entre los 12 votos en contra.", [("CHL", "no"), ("PER", "no")]),
    # a verb-first inverted cue, and one opening a clause after a comma and a conjunction
    ("Votaron en contra Noruega y Ghana, y se abstuvieron Fiyi y Togo.",
     [("NOR", "no"), ("GHA", "no"), ("FJI", "abstain"), ("TGO", "abstain")]),
    ("Der Text wurde angenommen; dagegen stimmten unter anderem Chile und Peru.", [("CHL", "no"), ("PER", "no")]),
    ("Ghana stimmte dafür, Norwegen stimmte mit Nein.", [("GHA", "yes"), ("NOR", "no")]),
])
def test_list_forms(text, expected):
    assert stated(text) == expected


@pytest.mark.parametrize("text, tally, expected", [
    ("Assembly adopts text on ocean litter\n\nThe Assembly adopted the text by a recorded vote.\n\n"
     "In favour (3):\nChile\nPeru\nGhana\n\nAgainst: 01\nNorway\n\nAbstaining (2): Fiji, Togo\n",
     (3, 1, 2), [("CHL", "yes"), ("PER", "yes"), ("GHA", "yes"), ("NOR", "no"), ("FJI", "abstain"), ("TGO", "abstain")]),
    ("La Asamblea aprobó el texto en votación registrada.\n\nVotaron a favor: Chile, Perú.\n\nEn contra: Noruega.\n",
     (None, None, None), [("CHL", "yes"), ("PER", "yes"), ("NOR", "no")]),
    ("Die Versammlung nahm den Text an.\n\nDafür stimmten: Chile, Peru.\n\nDagegen (1): Norwegen.\n",
     (None, 1, None), [("CHL", "yes"), ("PER", "yes"), ("NOR", "no")]),
    ("L'Assemblée a adopté le texte.\n\nOnt voté pour : Chili, Pérou.\n\nAbstentions : Norvège.\n",
     (None, None, None), [("CHL", "yes"), ("PER", "yes"), ("NOR", "abstain")]),
])
def test_headed_lists_of_a_press_release(text, tally, expected):
    assert stated(text) == expected
    vote = reading_module.read(Article(text), LEX).sentence_count      # the list follows the vote's sentence
    assert settled(text, vote)[0]["tally"] == dict(zip(("yes", "no", "abstain"), tally))


@pytest.mark.parametrize("text, expected", [
    ("The text passed, with 120 states in favour and 40 countries, including Chile and Peru, abstaining.",
     [(120, None, 40)]),
    ("Insgesamt 88 Länder, darunter Chile und Peru, stimmten dafür.", [(88, None, None)]),
    ("A favor votaron 120 delegaciones y en contra votaron 4 países.", [(120, 4, None)]),
    ("Dafür stimmten 93 Staaten, dagegen stimmten 18 Länder.", [(93, 18, None)]),
    ("Ont voté pour 93 pays.", [(93, None, None)]),
    ("Voting in favour were 93 states.", [(93, None, None)]),
    ("La resolución obtuvo 107 sufragios a favor.", [(107, None, None)]),
    ("The vote by the 15-member panel was 11 to one, with three abstentions.", [(11, 1, 3)]),
    # a threshold is a rule of the body, not a count
    ("At least nine votes in favour are needed for adoption.", []),
    ("Mindestens neun Ja-Stimmen sind nötig.", []),
    ("Se necesitan al menos nueve votos a favor.", []),
    ("Il faut au moins neuf voix pour.", []),
    ("Se necesitaría nueve votos a favor para aprobarla.", []),
    # a pair whose no count is a word for zero; a yes part named "for"; an elided "votos"; "contra" pairs
    ("The Council voted 12 to none, with three abstentions.", [(12, 0, 3)]),
    ("The Assembly approved it with 158 votes for, none against and 8 abstentions.", [(158, 0, 8)]),
    ("Con 98 votos afirmativos, 12 negativos y 40 abstenciones, se aprobó el texto.", [(98, 12, 40)]),
    ("El texto fue aprobado por 12 votos contra 1 y 2 abstenciones.", [(12, 1, 2)]),
    ("Only 14 opposed it and 45 abstained.", [(None, 14, 45)]),
])
def test_count_forms(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, tally", [
    ("The Council adopted the text unanimously by its 15 members.", (15, None, None)),
    ("El Consejo aprobó el texto por unanimidad de los 15 miembros.", (15, None, None)),
    ("Der Rat nahm den Text einstimmig mit 15 Stimmen an.", (15, None, None)),
    ("Le texte a été adopté à l'unanimité par les quinze membres du Conseil.", (15, None, None)),
])
def test_unanimity_that_prints_its_count(text, tally):
    vote = settled(text, 1)[0]
    assert vote["tally"] == dict(zip(("yes", "no", "abstain"), tally))
    assert vote["positions"] == [] and vote["outcome"] == "adopted"


def test_adopted_without_a_vote_has_no_count_and_no_positions():
    text = ("The Assembly adopted a text on deserts without a vote. Chile, which voted against a similar text "
            "in 2010 by 120 to 9, welcomed it.")
    vote = settled(text, 1)[0]
    assert vote["tally"] == {"yes": None, "no": None, "abstain": None}
    assert vote["positions"] == [] and vote["outcome"] == "adopted"


@pytest.mark.parametrize("text, body", [
    # a Committee's press release names the Assembly its draft goes to; the Committee voted
    ("The Third Committee met this morning. Approved by 127 votes to 2, a draft would have the Assembly request "
     "more aid.", "ga_committee"),
    ("The Third Committee met this morning. By the text, approved by 120 votes to 9, the General Assembly would "
     "call on States to act.", "ga_committee"),
    ("La Tercera Comisión se reunió hoy. Por el texto, aprobado por 120 votos a favor y 9 en contra, la Asamblea "
     "General pediría más ayuda.", "ga_committee"),
    # an Assembly press release on a text its Committee recommended: the Assembly voted
    ("The General Assembly adopted by 120 votes to 9 a text recommended by its Fourth Committee.",
     "general_assembly"),
    ("The UNESCO General Conference admitted the new member by 107 votes to 14.", "other"),
    ("Der Gouverneursrat der IAEO nahm die Resolution mit 25 Stimmen an.", "other"),
])
def test_the_body_that_voted(text, body):
    reading = reading_module.read(Article(text), LEX)
    n = reading.sentence_count
    assert settled(text, n)[0]["body"] == body


def test_one_vote_told_twice_is_one_vote_with_the_full_count():
    text = ("The Council rejected the draft on Monday, with 5 votes in favour, 4 against and 6 abstentions. "
            "Chile backed it. Four countries voted against: Norway, Peru, Ghana and Fiji.")
    votes = settled(text, 1, 3)
    assert len(votes) == 1 and votes[0]["tally"] == {"yes": 5, "no": 4, "abstain": 6}
    assert {p["country"]: p["position"] for p in votes[0]["positions"]}["NOR"] == "no"


def test_two_votes_whose_counts_disagree_stay_two():
    text = "The first text passed by 120 votes to 9. The second passed by 88 votes to 9."
    assert [v["tally"]["yes"] for v in settled(text, 1, 2)] == [120, 88]


def test_a_vote_pointed_beside_its_count_moves_to_it():
    text = ("The vote flashed on the board: 111 to 25. By that majority, the Assembly revoked the old text. "
            "Delegates applauded.")
    votes = settled(text, 2)
    assert len(votes) == 1 and votes[0]["tally"] == {"yes": 111, "no": 25, "abstain": None}


@pytest.mark.parametrize("text, expected", [
    ("There were eight votes in favour, including Chile, Peru and Ghana, two against and five abstentions.",
     [(8, 2, 5)]),
    ("To pass, a resolution needs nine votes in favour.", []),
    ("Una resolución necesita nueve votos a favor.", []),
    ("Eine Resolution braucht neun Ja-Stimmen.", []),
    ("Pour être adoptée, il faut neuf voix pour.", []),
])
def test_asides_and_requirements(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the name right before the next cue is that cue's subject, not one more name added to this one
    ("Chile abstained, just like Peru, Norway voted against.", [("CHL", "abstain"), ("PER", "abstain"),
                                                               ("NOR", "no")]),
    ("Chile enthielt sich genau wie Peru, Norwegen stimmte dagegen.", [("CHL", "abstain"), ("PER", "abstain"),
                                                                      ("NOR", "no")]),
    # an aside inside a count names some of those counted
    ("In all, 93 countries, including Chile and Peru, voted in favour.", [("CHL", "yes"), ("PER", "yes")]),
    ("Insgesamt 88 Länder, darunter Chile und Peru, stimmten dafür.", [("CHL", "yes"), ("PER", "yes")]),
    # "the abstentions of powers such as ..."
    ("It drew the abstentions of powers such as Norway and Chile.", [("NOR", "abstain"), ("CHL", "abstain")]),
    ("Se sumaron las abstenciones de potencias como Noruega y Chile.", [("NOR", "abstain"), ("CHL", "abstain")]),
    # "with only ..." adds a voter to the cue
    ("Norway voted no, with only Chile.", [("NOR", "no"), ("CHL", "no")]),
    ("Laissant la Norvège voter « non » avec seulement le Chili.", [("NOR", "no"), ("CHL", "no")]),
    # the votes of named states as a noun phrase: "con el voto en contra de ...", "gegen die Stimmen der ..."
    ("Fue aprobada con los votos en contra de Chile y Perú.", [("CHL", "no"), ("PER", "no")]),
    ("Le texte a été adopté avec le vote contre des États-Unis.", [("USA", "no")]),
    ("Der Text wurde gegen die Stimmen der USA und Israels angenommen.", [("USA", "no"), ("ISR", "no")]),
    ("Der Text wurde mit den Stimmen von Chile und Peru angenommen.", [("CHL", "yes"), ("PER", "yes")]),
    # the lone dissenter; the subject after a German abstention
    ("Norway cast the lone dissenting vote on the draft.", [("NOR", "no")]),
    ("Der Stimme enthalten haben sich Chile und Peru.", [("CHL", "abstain"), ("PER", "abstain")]),
    # "Seul" opening a French sentence is "only", not Seoul
    ("Seul le Chili a voté contre le projet de résolution.", [("CHL", "no")]),
])
def test_voters_around_a_cue(text, expected):
    assert stated(text) == expected


@pytest.mark.parametrize("text, tally, expected", [
    ("Three countries - Chile, Peru and Ghana - voted against.", (None, 3, None),
     [("CHL", "no"), ("PER", "no"), ("GHA", "no")]),
    ('25 Länder stimmten mit "Ja", drei Länder - Chile, Peru und Ghana - mit "Nein".', (25, 3, None),
     [("CHL", "no"), ("PER", "no"), ("GHA", "no")]),
    ("Others stayed away from the vote (Chile and Peru).", None, [("CHL", "absent"), ("PER", "absent")]),
    ("Otros se ausentaron de la votación (Chile y Perú).", None, [("CHL", "absent"), ("PER", "absent")]),
    ("Ein Land, Chile, war bei der Abstimmung nicht anwesend.", None, [("CHL", "absent")]),
    ("Chile was not present when the Assembly voted on the text.", None, [("CHL", "absent")]),
    ("Chile no estuvo presente cuando la Asamblea votó el texto.", None, [("CHL", "absent")]),
    ("Le Chili n'était pas présent lorsque l'Assemblée a voté le texte.", None, [("CHL", "absent")]),
])
def test_dashed_asides_brackets_after_a_cue_and_absence(text, tally, expected):
    assert counts(text) == ([tally] if tally else [])
    assert stated(text) == expected


def test_one_position_per_state_in_a_vote_and_counts_in_words():
    text = ("The Assembly adopted the text by a recorded vote.\n\nIn favour (twenty-five): Chile, Peru\n\n"
            "Against (cinco): Norway\n\nLater, Chile said it abstained in an earlier round.")
    vote = settled(text, 1)[0]
    assert vote["tally"] == {"yes": 25, "no": 5, "abstain": None}
    assert vote["positions"] == [{"country": "CHL", "position": "yes"}, {"country": "PER", "position": "yes"},
                                 {"country": "NOR", "position": "no"}]


def test_an_earlier_adoption_told_by_its_participle_is_a_vote():
    text = "Der Rat nahm am Freitag eine Resolution an. Die letzte verabschiedete Resolution stammte vom Februar 2006."
    votes = settled(text, 1, 2)
    assert [v["outcome"] for v in votes] == ["adopted", "adopted"] and votes[1]["date"] == "2006-02"


@pytest.mark.parametrize("text, tally, expected", [
    ("A total of 161 States voted in favour, with 3 States voting against, and 13 abstentions.", (161, 3, 13), []),
    ("Se abstuvieron de votar Chile y Perú, al igual que Noruega.", None,
     [("CHL", "abstain"), ("PER", "abstain"), ("NOR", "abstain")]),
])
def test_participle_counts_and_inverted_cues_with_a_tail(text, tally, expected):
    assert counts(text) == ([tally] if tally else [])
    assert stated(text) == expected


@pytest.mark.parametrize("text, voters", [
    ("Council ends two-day debate on a water text\n\nThe council debated the text for two days. In the end Chile and Peru abstained, "
     "and Ghana voted against it.", [("CHL", "abstain"), ("PER", "abstain"), ("GHA", "no")]),
    ("El consejo termina su debate sobre el agua\n\nEl consejo debatió el texto dos días. Al final Chile y Perú se abstuvieron.",
     [("CHL", "abstain"), ("PER", "abstain")]),
    ("Le conseil achève son débat sur l'eau\n\nLe conseil a débattu du texte pendant deux jours. Le Chili et le Pérou se sont abstenus.",
     [("CHL", "abstain"), ("PER", "abstain")]),
])
def test_a_vote_the_model_did_not_list_is_read_from_who_voted_how(text, voters):
    (vote,) = settled(text)
    assert [(p["country"], p["position"]) for p in vote["positions"]] == voters
    assert vote["subject"] == text.split("\n")[0]           # what the headline says it is about


@pytest.mark.parametrize("text", [
    "Council ends two-day debate on a water text\n\nThe council debated the text for two days. Chile hopes to vote on it next week.",
    "Council ends two-day debate on a water text\n\nThe council debated the text. Chile has routinely voted against such texts.",
])
def test_no_vote_is_made_up_where_no_one_is_said_to_have_voted(text):
    assert settled(text) == []


@pytest.mark.parametrize("text, recalled", [
    ("The Council adopted a text on water by 13 votes to 2 on Friday. "
     "It builds on a resolution the Council adopted in February 2027 against the group.", [2]),
    ("El Consejo aprobó el texto sobre el agua por 13 votos a favor y 2 en contra el viernes. "
     "El texto retoma una resolución aprobada en enero de 2028 por el Consejo.", [2]),
    ("Der Rat nahm den Text über Wasser am Freitag mit 13 zu 2 Stimmen an. "
     "Zu einer zweiten Resolution über Flüchtlinge, die ebenfalls angenommen wurde, gab es Streit.", [2]),
    ("Le Conseil a adopté vendredi le texte sur l'eau par 13 voix contre 2. "
     "Une autre résolution, sur les réfugiés, a été adoptée sans vote.", [2]),
    # the same month is the same vote told again; what a text needs, or a lede before the vote, is no vote
    ("The Council adopted a text on water by 13 votes to 2 on Friday. "
     "The resolution adopted on 29 April 2030 calls for talks.", []),
    ("The Council adopted a text on water by 13 votes to 2 on Friday. "
     "To be adopted, a resolution needs nine votes in favour.", []),
])
def test_a_vote_the_article_recalls_is_a_vote_of_its_own(text, recalled):
    votes = settled(text, 1)
    r = reading_module.read(Article(text), LEX)
    assert [r.number(v["evidence"]["start"]) for v in votes[1:]] == recalled


def test_a_ledes_new_resolution_is_the_vote_itself():
    text = ("The Council acts on water at last\n\nThe Council adopted a new resolution on water on Friday. "
            "It passed by 13 votes to 2, with Chile and Peru against.")
    assert len(settled(text, 3)) == 1


def test_a_recalled_vote_leaves_the_told_votes_voters_to_it():
    text = ("The Council adopted a text on water by 13 votes to 2 on Friday. It builds on a resolution "
            "the Council adopted in February 2027. Chile and Peru voted against the new text.")
    told, recalled = settled(text, 1)
    assert [p["country"] for p in told["positions"]] == ["CHL", "PER"] and recalled["positions"] == []
    assert recalled["date"] == "2027-02" and recalled["tally"] == {"yes": None, "no": None, "abstain": None}


@pytest.mark.parametrize("text", [
    "The Assembly adopted the treaty with 120 votes in favour and 30 abstentions. Delegates applauded at length. "
    "Four countries voted against in Monday's vote.",
    "La Asamblea aprobó el tratado con 120 votos a favor y 30 abstenciones. Los delegados aplaudieron largamente. "
    "Cuatro países votaron en contra en la votación del lunes.",
    "Die Versammlung nahm den Vertrag mit 120 Ja-Stimmen bei 30 Enthaltungen an. Die Delegierten applaudierten lange. "
    "Vier Länder stimmten dagegen, wie erwartet.",
    "L'Assemblée a adopté le traité par 120 voix pour et 30 abstentions. Les délégués ont longuement applaudi. "
    "Quatre pays ont voté contre lors du vote de lundi.",
])
def test_a_count_further_on_that_fills_what_the_vote_lacks_is_that_vote_told_again(text):
    (vote,) = settled(text, 1, 3)
    assert vote["tally"] == {"yes": 120, "no": 4, "abstain": 30}


@pytest.mark.parametrize("text", [
    "The draft received 7 votes in favour, 3 against and 5 abstentions. Ghana spoke after the vote. "
    "The five other members abstained.",
    "El proyecto obtuvo 7 votos a favor, 3 en contra y 5 abstenciones. Ghana habló tras la votación. "
    "Los cinco miembros restantes se abstuvieron.",
    "Le projet a obtenu 7 voix pour, 3 contre et 5 abstentions. Le Ghana a parlé après le vote. "
    "Les cinq autres membres se sont abstenus.",
])
def test_a_count_further_on_that_repeats_part_of_the_vote_is_that_vote_told_again(text):
    (vote,) = settled(text, 1, 3)
    assert vote["tally"] == {"yes": 7, "no": 3, "abstain": 5}


@pytest.mark.parametrize("sentence", [
    "Le texte a été adopté par 12 voix pour et trois pays se sont abstenus – le Chili, le Pérou et le Ghana –, selon le décompte.",
    "The text passed with 12 votes and three members abstained — Chile, Peru and Ghana — after a long debate.",
])
def test_a_list_set_off_by_dashes_after_a_count_names_its_voters(sentence):
    (vote,) = settled(sentence, 1)
    assert [(p["country"], p["position"]) for p in vote["positions"]] == [("CHL", "abstain"), ("PER", "abstain"), ("GHA", "abstain")]


def test_the_states_an_aside_names_after_the_count_and_its_object_are_its_voters():
    (vote,) = settled("Zwölf Länder stimmten für den Text, einschließlich Chile und Peru.", 1)
    assert [(p["country"], p["position"]) for p in vote["positions"]] == [("CHL", "yes"), ("PER", "yes")]


def test_an_aside_after_a_later_count_is_that_counts_and_not_the_one_before():
    (vote,) = settled("The text got nine votes in favour, three against and four abstentions, among them Peru.", 1)
    assert [(p["country"], p["position"]) for p in vote["positions"]] == [("PER", "abstain")]


@pytest.mark.parametrize("sentence, position", [
    ("The text passed with 150 votes. Among the 12 abstentions were Chile and Peru.", "abstain"),
    ("The text passed with 150 votes. The 12 countries that voted against included Chile and Peru.", "no"),
    ("El texto fue aprobado con 150 votos. Entre las 12 abstenciones figuraban Chile y Perú.", "abstain"),
])
def test_a_copula_after_a_count_names_those_counted(sentence, position):
    (vote,) = settled(sentence, 1)
    assert [(p["country"], p["position"]) for p in vote["positions"]] == [("CHL", position), ("PER", position)]


def test_a_count_of_its_own_with_a_result_the_model_left_out_is_another_vote():
    text = ("The Committee approved a text on water by 120 votes to 3, with 20 abstentions. Delegates spoke at length. "
            "In other action, the Committee approved, by 88 in favour to 2 against (Chile and Peru), with 41 abstentions, "
            "a text on deserts.")
    first, other = settled(text, 1)
    assert other["tally"] == {"yes": 88, "no": 2, "abstain": 41}
    assert [(p["country"], p["position"]) for p in other["positions"]] == [("CHL", "no"), ("PER", "no")]
    # a count that only completes the first is that vote: "Six members abstained", then "9 in favour, none against"
    again = ("The Council adopted a text on arms as six members abstained. "
             "It was adopted by a vote of 9 in favour, none against and the abstentions of Chile and Peru.")
    assert len(settled(again, 1)) == 1


@pytest.mark.parametrize("text", [
    "The Council adopted a text on water by 13 votes to 2. It also adopted a resolution on deserts.",
    "El Consejo aprobó un texto sobre el agua por 13 votos contra 2. También aprobó una resolución sobre los desiertos.",
    "Le Conseil a adopté un texte sur l'eau par 13 voix contre 2. Il a également adopté une résolution sur les déserts.",
])
def test_a_text_also_adopted_is_another_vote(text):
    assert len(settled(text, 1)) == 2


def test_a_count_further_on_that_repeats_two_parts_is_the_vote_told_again_even_with_its_result():
    text = ("The Assembly on Monday voted 120-9 to adopt a text on ocean litter. Delegates spoke at length. "
            "Several amendments were debated. In the end the text was adopted with 120 votes in favour, nine against "
            "and 30 abstentions.")
    (vote,) = settled(text, 1, 4)
    assert vote["tally"] == {"yes": 120, "no": 9, "abstain": 30}


def test_a_count_further_on_with_a_result_of_its_own_is_another_vote():
    text = ("The Assembly adopted the treaty with 120 votes in favour and 30 abstentions. Delegates applauded at length. "
            "A draft on deserts was rejected, with 4 votes against it.")
    assert len(settled(text, 1, 3)) == 2


@pytest.mark.parametrize("question", [
    "Why did Chile not call for a vote and reject the resolution there?",
    "¿Por qué Chile no pidió una votación para rechazar la resolución?",
    "Warum hat Chile die Resolution nicht in einer Abstimmung abgelehnt?",
    "Pourquoi le Chili n'a-t-il pas demandé un vote pour rejeter la résolution ?",
])
def test_a_question_is_the_writers_and_reports_no_vote(question):
    assert settled("The Council met on Monday in Geneva. " + question, 2) == []


@pytest.mark.parametrize("text, expected", [
    ("Three countries voted on Tuesday against it.", [(None, 3, None)]),
    ("Tres países votaron el martes en contra.", [(None, 3, None)]),
    ("Drei Länder stimmten am Dienstag dagegen.", [(None, 3, None)]),
    ("Trois pays ont voté mardi contre.", [(None, 3, None)]),
    ("Three countries voted for it and against the amendment.", []),   # a particle ends the words between
])
def test_a_few_words_between_a_counts_verb_and_its_particle(text, expected):
    assert counts(text) == expected


def test_who_voted_how_after_an_earlier_vote_recalled_in_passing_is_the_articles_own_vote():
    text = ("The committee approved the text on 1 May 2030 by 110 votes to 39. "
            "A similar text had been adopted in 2027 by 109 votes to 41. "
            "Among the states that voted against were Chile and Peru.")
    votes = settled(text, 1, 2)
    assert [sorted(p["country"] for p in v["positions"]) for v in votes] == [["CHL", "PER"], []]

"""Role check: a shared name that is recipient, target, agent or origin on one side only."""

import pytest

from check_table import fake_tokens
from toolkit.checks.base import PairContext
from toolkit.checks.roles import check_roles

ROWS = [
    # (source, src_lang, translation, tgt_lang, flagged, excerpt in translation or None)
    ("Nach westlichen Angaben liefert Russland Artilleriemunition und Raketen an das kommunistisch regierte Land.",
     "de", "According to Western information, the communist-ruled country supplies artillery ammunition and missiles to Russia.",
     "en", True, "Russia"),
    ("Nach westlichen Angaben liefert das kommunistisch regierte Land Artilleriemunition und Raketen an Russland.",
     "de", "According to Western information, the communist-ruled country supplies artillery ammunition and missiles to Russia.",
     "en", False, None),
    ("Russland führt Krieg gegen die Ukraine.", "de", "Ukraine is waging war against Russia.", "en", True, "Russia"),
    ("Russland führt Krieg gegen die Ukraine.", "de", "Russia is waging war against Ukraine.", "en", False, None),
    ("La Russie livre des missiles à la Corée du Nord.", "fr", "North Korea delivers missiles to Russia.", "en", True, "Russia"),
    ("La Corée du Nord livre des missiles à la Russie.", "fr", "North Korea delivers missiles to Russia.", "en", False, None),
    # the first object of a verb taking two is an unmarked recipient ("offered the Swedes"), not a bare subject
    ("Svein offrit aux Suédois de faire des sacrifices, en référence au rituel.", "fr",
     "Svein offered the Swedes to do sacrifices, in reference to the ritual.", "en", False, None),
    ("Poutine a donné une voiture à Kim et a envoyé une lettre au Japon.", "fr",
     "Putin gave Kim a car and sent a letter to Japan.", "en", False, None),
    ("Putin reist wie geplant nach Vietnam weiter.", "de", "Putin travels on to Vietnam as planned.", "en", False, None),
    ("The talks were held according to Kremlin sources.", "en", "Die Gespräche fanden nach Angaben des Kremls statt.", "de", False, None),
    ("North Korea sells arms to Russia.", "en", "Russia sells arms to North Korea.", "en", True, "North Korea"),
    # Another preposition governs the name on the other side: a role the markers do not know, no swap.
    ("Estonia regained its independence from the Soviet Union after the end of the communist era.", "en",
     "Estland erlangte seine Unabhängigkeit von der Sowjetunion zurück, nach dem Ende der Ära aus dem Kommunismus.",
     "de", False, None),
    # A possessor holds no role of its own: the ability is the agent, not Turkey.
    ("The outlook brightened, not least by Turkey's ability to attract capital.", "en",
     "Der Ausblick hellte sich auf, nicht zuletzt durch die Fähigkeit der Türkei, Kapital anzuziehen.", "de",
     False, None),
    # A name in the genitive or as an adjective modifies a noun: the tactics, the ice cap hold the role.
    ("The administration felt betrayed by French tactics, while the French President felt confirmed.", "en",
     "Die Regierung fühlte sich durch das Taktieren Frankreichs hintergangen, der französische Präsident bestätigt.",
     "de", False, None),
    ("Core samples from the Greenland ice cap show sudden drops.", "en",
     "Proben aus der Eisdecke Grönlands belegen abrupte Rückgänge.", "de", False, None),
    ("Giveaways to America's richest people will not win the US sympathy.", "en",
     "Steuergeschenke an Amerikas Reiche bringen den USA keine Sympathie.", "de", False, None),
    # A German article shows a dative or a genitive: no bare subject or object to have swapped with.
    ("The state visit conveyed to the Americans a message to the world.", "en",
     "Der Staatsbesuch übermittelte den Amerikanern eine Botschaft an die Welt.", "de", False, None),
    ("Israel would respond with its army, whether supported by the US or not.", "en",
     "Israel würde durch die Armee reagieren, mit oder ohne Unterstützung der USA.", "de", False, None),
    ("The measures introduced by the European Central Bank have relieved the banks.", "en",
     "Durch die Maßnahmen der Europäischen Zentralbank wurden die Banken entlastet.", "de", False, None),
    # Part of a longer name or of a compound: the university, the broadcaster hold the role.
    ("She failed the entrance examination to Peking University.", "en",
     "Sie fiel bei der Aufnahmeprüfung an die Universität Peking durch.", "de", False, None),
    ("The speeches by Qardawi were aired, and Qatar-funded Al Jazeera grew.", "en",
     "Die Reden Qardawis wurden gesendet, und der durch Katar finanzierte Sender wuchs.", "de", False, None),
    # two languages mark one role by different words ("from" / "durch"): no swap unless each side gives the
    # other's role to someone else
    ("The provocations from North Korea worried officials from Seoul.", "en",
     "Die Provokationen durch Nordkorea beunruhigten Beamte aus Seoul.", "de", False, None),
    ("The missiles were sent by Russia to North Korea.", "en",
     "Die Raketen wurden durch Nordkorea an Russland geschickt.", "de", True, "Russland"),
    ("He went to Cairo to address the Arab world with respect.", "en",
     "Er begab sich nach Kairo, um sich mit Respekt an die arabische Welt zu wenden.", "de", False, None),
    # a rendering that marks a role once more than the other side ("European" / "aus Europa") moves no role
    ("Most fighters come from the Arab world, and 4,000 European men and women have joined them.", "en",
     "Die meisten Kämpfer stammen aus der arabischen Welt, und 4.000 Männer und Frauen aus Europa haben sich ihnen "
     "angeschlossen.", "de", False, None),
]


@pytest.mark.parametrize("source, src_lang, translation, tgt_lang, flagged, excerpt", ROWS)
def test_role_swaps(source, src_lang, translation, tgt_lang, flagged, excerpt):
    result = check_roles(PairContext(source, translation, src_lang, tgt_lang))
    assert bool(result.reasons) == flagged
    assert result.features["roles.any_swap"] == float(flagged)
    if excerpt:
        spans = [r.translation_span for r in result.reasons]
        assert any(translation[a:b] == excerpt for a, b in spans)
        assert all(r.kind == "role" for r in result.reasons)


def test_features_are_always_present():
    result = check_roles(PairContext("Hallo.", "Hello.", "de", "en"))
    assert result.features == {"roles.swaps": 0.0, "roles.any_swap": 0.0}


def test_a_name_mentioned_twice_keeps_its_roles():
    source = "Die Zusammenarbeit zwischen Russland und Nordkorea richtet sich gegen Russlands Gegner."
    translation = "The cooperation between Russia and North Korea is directed against Russia's opponents."
    assert not check_roles(PairContext(source, translation, "de", "en")).reasons


@pytest.mark.parametrize("later, flagged", [([1, 0.1, 0], True), ([0, 0.1, 1], False)])
def test_the_mention_facing_the_marked_one_decides(later, flagged):
    """'den Amerikanern' renders 'to the Americans' (a dative, no swap); the later bare 'die USA' renders the
    source's later 'the US', unless it is the one reading like the recipient."""
    source = "He conveyed to the Americans a message: the US must act."
    translation = "Er übermittelte den Amerikanern eine Botschaft an die Welt: Die USA müssen handeln."
    tokens = (fake_tokens(source, {"Americans": [1, 0, 0], "US": [0, 0, 1]}),
              fake_tokens(translation, {"Amerikanern": [0.9, 0.3, 0.1], "USA": later}))
    result = check_roles(PairContext(source, translation, "en", "de", source_tokens=tokens[0],
                                     translation_tokens=tokens[1]))
    assert bool(result.reasons) == flagged

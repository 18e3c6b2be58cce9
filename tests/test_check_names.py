"""The names check: names matched across languages and scripts, swaps reported with spans."""

from __future__ import annotations

import pytest

from check_table import assert_row, fake_tokens, reason_excerpts
from toolkit.checks.base import PairContext
from toolkit.checks.names import FEATURE_KEYS, check_names, keys_match, name_mentions, spelling_key

OK = (False, None, None)


def drift(source_excerpt, translation_excerpt):
    return (True, source_excerpt, translation_excerpt)


ROWS = [
    # de-en, the seed article
    ("Der russische Präsident Wladimir Putin kommt.", "de", "Russian President Vladimir Putin is coming.", "en", *OK),
    ("Der Kremlchef wurde am Abend in Pjöngjang erwartet.", "de",
     "The Kremlin chief was expected in Pyongyang in the evening.", "en", *OK),
    ("auf Einladung von Machthaber Kim Jong Un", "de", "at the invitation of ruler Kim Jong Un", "en", *OK),
    ("auf Einladung von Machthaber Kim Jong Un", "de", "at the invitation of ruler Xi Jinping", "en",
     *drift("Kim Jong Un", "Xi Jinping")),
    ("Zunächst besuchte er die russische Stadt Jakutsk.", "de",
     "First, he visited the Russian city of Yakutsk.", "en", *OK),
    ("Zunächst besuchte er die russische Stadt Wladiwostok.", "de",
     "First, he visited the Russian city of Yakutsk.", "en", *drift("Wladiwostok", "Yakutsk")),
    ("sagte der Sprecher des US-Außenministeriums, Matthew Miller, am Montag", "de",
     "US State Department spokesman Matthew Miller said on Monday", "en", *OK),
    ("schrieb Putin für die offizielle nordkoreanische Zeitung Rodong Sinmun", "de",
     "Putin wrote for the official North Korean newspaper Rodong Sinmun", "en", *OK),
    ("gegen die Sanktionsresolutionen des UN-Sicherheitsrats", "de",
     "against the UN Security Council's sanctions resolutions", "en", *OK),
    ("In Seoul wurde angenommen, dass", "de", "In Seoul, it was assumed that", "en", *OK),
    ("In Seoul wurde angenommen, dass", "de", "In Pyongyang, it was assumed that", "en", *drift("Seoul", "Pyongyang")),
    # A verb ending like an adjective ("sagte", "wurde") puts no noun after it: the name there is a stand-in.
    ("Am Montag sagte Medwedew, der Krieg gehe weiter.", "de", "On Monday, Lavrov said the war would go on.", "en",
     *drift("Medwedew", "Lavrov")),
    ("Der geplante Besuch fand statt.", "de", "Macron's visit took place.", "en", *OK),
    # An initial's full stop ends no sentence, and a word ending like an adjective may be a function word ("wie"):
    # the name after it is a stand-in.
    ("Politiker wie George W. Bush versprachen es.", "de", "Politicians like George W. Bush promised it.", "en",
     *OK),
    ("Politiker wie Gauck versprachen es.", "de", "Politicians like George W. Bush promised it.", "en",
     *drift("Gauck", "George W. Bush")),
    ("Präsident Richard Nixon trat zurück.", "de", "President Richard M. Nixon resigned.", "en", *OK),
    ("Die Abstimmung gegen Merkel scheiterte.", "de", "The vote against Macron failed.", "en",
     *drift("Merkel", "Macron")),
    # The old spelling and Swiss German write ß as ss and the other way round.
    ("Rußlands Annäherung an die NATO", "de", "Russia's rapprochement with NATO", "en", *OK),
    ("In Südkorea wurde angenommen, dass", "de", "In South Korea, it was assumed that", "en", *OK),
    # a headline in title case: capitals mark no names, only table names count
    ("Vom Großen Spiel zum großen Abkommen", "de", "From Great Game to Grand Bargain", "en", *OK),
    ("Putin lobt Nordkoreas Unterstützung", "de", "Putin Praises North Korea's Support", "en", *OK),
    ("Putin kommt in Wladiwostok an", "de", "Putin Arrives in Pyongyang", "en", *drift("Wladiwostok", "Pyongyang")),
    ("In Südkorea wurde angenommen, dass", "de", "In North Korea, it was assumed that", "en",
     *drift("Südkorea", "North Korea")),
    ("Moskau pflegt enge Kontakte zu Nordkorea.", "de", "Moscow maintains close contacts with North Korea.", "en",
     *OK),
    ("Nach westlichen Informationen liefert das Land Munition an Russland.", "de",
     "According to Western information, the country supplies ammunition to Russia.", "en", *OK),
    ("Es ist Putins erster Besuch in Nordkorea, nachdem Kim im September in Russland war.", "de",
     "It is Putin's first visit to North Korea after Kim was in Russia in September.", "en", *OK),
    ("Umfassendes Kooperationsabkommen", "de", "Comprehensive cooperation agreement", "en", *OK),
    ("Vor Auslandsreise: Kampf gegen die Ukraine: Putin lobt Nordkoreas Unterstützung", "de",
     "Before foreign trip: Fight against Ukraine: Putin praises North Korea’s support", "en", *OK),
    # en-de (the critical-error-detection direction)
    ("Moscow maintains close contacts with North Korea.", "en", "Moskau unterhält enge Kontakte zu Nordkorea.", "de",
     *OK),
    ("Kim Jong Un met Vladimir Putin in Pyongyang.", "en", "Kim Jong Un traf Wladimir Putin in Pjöngjang.", "de",
     *OK),
    ("Kim Jong Un met Vladimir Putin in Pyongyang.", "en", "Kim Jong Un traf Wladimir Putin in Peking.", "de",
     *drift("Pyongyang", "Peking")),
    ("U.S. officials met NATO diplomats.", "en", "US-Beamte trafen Nato-Diplomaten.", "de", *OK),
    ("NEW YORK – The IMF met in Hong Kong.", "en", "NEW YORK – Der IWF tagte in Hongkong.", "de", *OK),
    ("Kosovo is the heart of Serbia and of Irish Pakistani voters.", "en",
     "Das Kosovo ist das Herz Serbiens und irischer pakistanischer Wähler.", "de", *OK),
    ("The Soviets feared betrayal.", "en", "Die Sowjets fürchteten Verrat.", "de", *OK),
    ("Najib Mikati resigned.", "en", "Nadschib Mikati trat zurück.", "de", *OK),
    ("The talks took place in Helsinki.", "en", "Die Gespräche fanden in Zürich statt.", "de",
     *drift("Helsinki", "Zürich")),
    ("The Middle East's regimes crushed the opposition.", "en",
     "Die Regime des Mittleren Ostens zerschlugen die Opposition.", "de", *OK),
    ("The Fed raised rates.", "en", "Die US-Notenbank erhöhte die Zinsen.", "de", *OK),
    ("WTO rules conflict with local safeguards.", "en", "Regeln der WHO widersprechen lokalen Schutzklauseln.", "de",
     *drift("WTO", "WHO")),  # two table entities, acronyms or not, are a swap
    ("Europe's leaders met in Brussels.", "en", "Die Staatschefs der EU trafen sich in Brüssel.", "de", *OK),
    ("Отношения с Ближним Востоком улучшились.", "ru", "Relations with the Middle East improved.", "en", *OK),
    ("The treaty of Nice took effect.", "en", "Der Vertrag von Nizza trat in Kraft.", "de", *OK),
    ("Myanmar's generals ruled for decades.", "en", "Burmas Generäle herrschten jahrzehntelang.", "de", *OK),
    ("After the Iron Curtain fell, trade grew.", "en", "Nach dem Fall des Eisernen Vorhangs wuchs der Handel.", "de",
     *OK),
    ("Israel builds in the occupied Palestinian territories.", "en",
     "Israel baut in den besetzten palästinensischen Gebieten.", "de", *OK),
    ("· Seventh, the deal must protect forests.", "en", "· Siebtens muss das Abkommen Wälder schützen.", "de", *OK),
    # countries, nationalities and cities the hand-made table lacks, from CLDR
    ("Serbia asked NATO not to bomb Belgrade.", "en", "Serbien bat die NATO, Belgrad nicht zu bombardieren.", "de",
     *OK),
    ("The Japanese government sent troops.", "en", "Die japanische Regierung schickte Truppen.", "de", *OK),
    ("The Japanese government sent troops.", "en", "Die griechische Regierung schickte Truppen.", "de",
     *drift("Japanese", "griechische")),
    ("Prisoners were sent to the Maldives.", "en", "Häftlinge wurden auf die Malediven geschickt.", "de", *OK),
    ("All but Luxembourg reported deficits.", "en", "Alle außer Luxemburg meldeten Defizite.", "de", *OK),
    ("Michael Jordan met Mexico City's mayor.", "en", "Michael Jordan traf den Bürgermeister von Mexiko-Stadt.",
     "de", *OK),
    ("The Serbian minister arrived.", "en", "Der kroatische Minister kam an.", "de", *drift("Serbian", "kroatische")),
    # nationalities of countries whose language CLDR files under another country (English, Arabic, Spanish...)
    ("The Canadian government sent troops.", "en", "Die kanadische Regierung schickte Truppen.", "de", *OK),
    ("The Dutch government sent troops.", "en", "Die kanadische Regierung schickte Truppen.", "de",
     *drift("Dutch", "kanadische")),
    ("Many Pakistanis and Afghans fled to Kenya.", "en", "Viele Pakistaner und Afghanen flohen nach Kenia.", "de", *OK),
    # an Italian article opening a sentence is no name
    ("Il governo canadese ha inviato truppe.", "it", "The Dutch government sent troops.", "en",
     *drift("canadese", "Dutch")),
    # peoples named by their own nouns ("die Russen", "the Spaniards"), England apart from Britain
    ("Die Russen und die Franzosen gewannen, sagten die Spanier.", "de",
     "The Russians and the French won, the Spaniards said.", "en", *OK),
    ("Die Schweden, Dänen und Finnen stimmten zu, die Türken und Griechen nicht.", "de",
     "The Swedes, Danes and Finns agreed, the Turks and Greeks did not.", "en", *OK),
    ("Ein Franzose und ein Engländer kamen nach England.", "de", "A Frenchman and an Englishman came to England.",
     "en", *OK),
    ("Die Franzosen haben gewonnen.", "de", "The Germans won.", "en", *drift("Franzosen", "Germans")),
    ("Die Schweden stimmten zu.", "de", "The Danes agreed.", "en", *drift("Schweden", "Danes")),
    ("Er lebt in England.", "de", "He lives in Britain.", "en", *OK),  # news writes one for the other
    ("Er lebt in England.", "de", "He lives in France.", "en", *drift("England", "France")),
    # fr-en
    ("Smith a rencontré Jones à Paris.", "fr", "Smith met Jones in Paris.", "en", *OK),
    ("Smith a rencontré Brown à Paris.", "fr", "Smith met Jones in Paris.", "en", *drift("Brown", "Jones")),
    ("La Corée du Nord a salué le soutien de la Russie.", "fr", "North Korea praised Russia's support.", "en", *OK),
    ("Le Conseil de sécurité de l'ONU s'est réuni à Genève.", "fr", "The UN Security Council met in Geneva.", "en",
     *OK),
    ("Il vit en Angleterre, près de Londres.", "fr", "He lives in England, near London.", "en", *OK),
    ("Il vit en Nouvelle-Angleterre, près de Boston.", "fr", "He lives in New England, near Boston.", "en", *OK),
    ("Il vit en Nouvelle-Angleterre, près de Boston.", "fr", "He lives in England, near Boston.", "en",
     *drift("Nouvelle-Angleterre", "England")),
    ("Les Suédois sont venus en Grande-Bretagne.", "fr", "The Swedes came to Great Britain.", "en", *OK),
    ("Les Suédois sont venus.", "fr", "The Norwegians came.", "en", *drift("Suédois", "Norwegians")),
    ("Au XIXe siècle, Élisabeth Ire régnait.", "fr", "In the 19th century, Elizabeth I reigned.", "en", *OK),
    ("Marine Le Pen a parlé.", "fr", "Marine Le Pen spoke.", "en", *OK),
    # ru-en
    ("Путин прибыл в Пхеньян.", "ru", "Putin arrived in Pyongyang.", "en", *OK),
    ("Путин встретился с Кимом в Пхеньяне.", "ru", "Putin met Kim in Pyongyang.", "en", *OK),
    ("Владимир Путин встретился с Ким Чен Ыном в Сеуле.", "ru", "Vladimir Putin met Kim Jong Un in Pyongyang.", "en",
     *drift("Сеуле", "Pyongyang")),
    # es-en
    ("Angela Merkel visitó Madrid.", "es", "Angela Merkel visited Madrid.", "en", *OK),
    ("Angela Merkel visitó Madrid.", "es", "Olaf Scholz visited Madrid.", "en", *drift("Angela Merkel", "Olaf Scholz")),
    ("El presidente Zelenski viajó a Kiev.", "es", "President Zelensky travelled to Kyiv.", "en", *OK),
    ("El siglo XIX fue largo.", "es", "The 19th century was long.", "en", *OK),  # an ordinal, read as a number
    ("Nel XIX secolo la città crebbe.", "it", "In the 19th century the city grew.", "en", *OK),
    ("Luis XIV murió en 1715.", "es", "Louis XIV died in 1715.", "en", *OK),
    # a title is no name; "ch" may sound as k; a table name may be hyphenated ("Neu-England" for "Neuengland")
    ("They wanted to topple Czar Nicholas I.", "en", "Sie wollten Zar Nikolaus I. stürzen.", "de", *OK),
    ("A similar storm hit New England.", "en", "Ein ähnlicher Sturm suchte Neu-England heim.", "de", *OK),
    ("A similar storm hit England.", "en", "Ein ähnlicher Sturm suchte Neu-England heim.", "de",
     *drift("England", "Neu-England")),
    # German writes the United Kingdom "das Vereinigte Königreich", inflected; another country in its place is a swap
    ("The United Kingdom left the European Union in 2020.", "en",
     "Das Vereinigte Königreich verließ die Europäische Union im Jahr 2020.", "de", *OK),
    ("The exit of the UK worries investors.", "en", "Der Austritt des Vereinigten Königreichs beunruhigt Investoren.",
     "de", *OK),
    ("The exit of France worries investors.", "en", "Der Austritt des Vereinigten Königreichs beunruhigt Investoren.",
     "de", *drift("France", "Vereinigten Königreichs")),
    # A capital, seat of government or central bank stands for its country: the translation may name the country
    # for it, not the other way round, and not when the translation names it itself or the country as often
    ("Washington imposed new sanctions on Iran.", "en", "Die USA verhängten neue Sanktionen gegen den Iran.", "de",
     *OK),
    ("The Kremlin denied it.", "en", "Russland dementierte.", "de", *OK),
    ("The US imposed new sanctions on Iran.", "en", "Washington verhängte neue Sanktionen gegen den Iran.", "de",
     *drift("US", "Washington")),
    ("The Kremlin freed the Ukrainian pilot.", "en", "Der Kreml ließ die russische Pilotin frei.", "de",
     *drift("Ukrainian", "russische")),
    ("The Fed bought US bonds.", "en", "Die EU kaufte US-Anleihen.", "de", *drift("Fed", "EU")),
    # en-en
    ("Matthew Miller spoke on Monday.", "en", "Matthew Miller spoke on Monday.", "en", *OK),
    ("The envoy met Matthew Miller on Monday.", "en", "The envoy met Matthew Perry on Monday.", "en",
     *drift("Matthew Miller", "Matthew Perry")),
    # a dateline names a place, in capitals or opening the sentence
    ("LAGUNA BEACH – For decades, the West put its faith in a paradigm.", "en",
     "LAGUNA BEACH – Jahrzehntelang vertraute der Westen einem Paradigma.", "de", *OK),
    # a regnal number marks a ruler's name, even at a sentence's start
    ("Henry VIII was willing to execute two wives.", "en", "Heinrich VIII. war bereit, zwei Ehefrauen hinzurichten.",
     "de", *OK),
    ("Henry VIII was willing to execute two wives.", "en", "Elisabeth II. war bereit, zwei Ehefrauen hinzurichten.",
     "de", *drift("Henry VIII", "Elisabeth II")),
    ("COSTA SMERALDA, SARDINIA – Every nation gets the government it deserves.", "en",
     "TORINO, SARDINIEN – Jede Nation bekommt die Regierung, die sie verdient.", "de",
     *drift("COSTA SMERALDA", "TORINO")),
    ("Israel's labor market is now sealed off to Palestinians.", "en",
     "Israels Arbeitsmarkt ist nun den Palästinensern verschlossen.", "de", *OK),
]


@pytest.mark.parametrize(
    "source, source_lang, translation, translation_lang, drifted, source_excerpt, translation_excerpt", ROWS
)
def test_names_table(source, source_lang, translation, translation_lang, drifted, source_excerpt,
                     translation_excerpt):
    result = check_names(PairContext(source, translation, source_lang, translation_lang))
    assert_row(result, source, translation, result.features["names.any_unmatched"] == 1.0, drifted, "name",
               source_excerpt, translation_excerpt)


@pytest.mark.parametrize(
    "name, other",
    [("Wladimir", "Vladimir"), ("Pjöngjang", "Pyongyang"), ("Путин", "Putin"), ("Jakutsk", "Yakutsk"),
     ("Selenskyj", "Zelensky"), ("Putins", "Putin"), ("Tschaikowsky", "Chaikovsky"), ("Nicholas", "Nikolaus"),
     ("Christoph", "Kristof")],
)
def test_transliterations_share_a_key(name, other):
    assert keys_match(spelling_key(name), spelling_key(other))


@pytest.mark.parametrize("name, other", [("Wladiwostok", "Yakutsk"), ("Xi", "Kim"), ("Seoul", "Pyongyang"),
                                         ("Merkel", "Scholz"), ("Chen", "Ken")])
def test_different_names_do_not_match(name, other):
    assert not keys_match(spelling_key(name), spelling_key(other))


@pytest.mark.parametrize(
    "source, translation, kind",
    [
        ("The talks took place in Helsinki.", "Die Gespräche fanden in Zürich statt.", "name"),
        ("First, he visited the Russian city of Yakutsk.", "Zunächst besuchte er die russische Stadt Wladiwostok.",
         "name"),
        # a compound part, a demonym, a common noun: no other name stands in the name's place
        ("Unemployment is rising in Europe.", "Die Arbeitslosigkeit steigt in Südeuropa.", "name-missing"),
        ("Reform of the Southern African Customs Union is overdue.", "Eine Reform der Südafrikanischen Zollunion ist "
         "überfällig.", "name-missing"),  # German nouns end in -ion ("Union", "Region"), names hardly
        ("The Estonian certificates were revoked.", "Die Vertrauenszertifikate wurden widerrufen.", "name-missing"),
        ("Aid went to the Netherlands.", "Die Hilfe ging an die Ebene.", "name-missing"),
    ],
)
def test_only_a_name_in_a_names_place_is_a_substitution(source, translation, kind):
    result = check_names(PairContext(source, translation, "en", "de"))
    assert [reason.kind for reason in result.reasons] == [kind]
    assert result.features["names.substituted"] == float(kind == "name")


@pytest.mark.parametrize(
    "source, translation, kinds",
    [
        # a compass word glued to a name renders the words "East Germany", "Central Asian", "Southeast Asia"
        ("East Germany's economy grew.", "Ostdeutschlands Wirtschaft wuchs.", []),
        ("The Central Asian countries agreed.", "Die zentralasiatischen Länder stimmten zu.", []),
        ("Trade with Southeast Asia grew.", "Der Handel mit Südostasien wuchs.", []),
        ("Western Europe and the US agreed.", "Westeuropa und die USA stimmten zu.", []),
        # ... but says more than the bare name
        ("Germany's economy grew.", "Ostdeutschlands Wirtschaft wuchs.", ["name-missing"]),
        # a table name with a letter doubled by mistake
        ("Trade with Latin America and the Carribean grew.", "Der Handel mit Lateinamerika und der Karibik wuchs.",
         []),
        # a capitalised article or preposition inside a sentence opens a title: it names nothing
        ("It is worth reading a passage from his book Dreams from My Father.",
         "Es lohnt sich, eine Passage aus seinem Buch Ein amerikanischer Traum zu lesen.", ["name-missing"]),
    ],
)
def test_compass_compounds_misspellings_and_titles(source, translation, kinds):
    result = check_names(PairContext(source, translation, "en", "de"))
    assert sorted({reason.kind for reason in result.reasons}) == kinds


def test_message_names_both_sides():
    result = check_names(PairContext("Machthaber Kim Jong Un", "ruler Xi Jinping", "de", "en"))
    [reason] = result.reasons
    assert reason.message == (
        "name 'Xi Jinping' in the translation has no counterpart in the source (the source has 'Kim Jong Un' instead)"
    )


def test_partial_match_names_the_missing_part():
    result = check_names(PairContext("Kim Jong Il kam.", "Kim Jong Un came.", "en", "en"))
    messages = [reason.message for reason in result.reasons]
    assert any("only partly matches" in message and "'Il'" in message for message in messages)


def test_token_embeddings_pick_the_aligned_counterpart():
    source = "The chancellor Merkel met Macron in Berlin."
    translation = "The chancellor Scholz met Biden in Berlin, said Lopez."
    # Two source names face three translation names: text order cannot pair them.
    plain = check_names(PairContext(source, translation, "en", "en"))
    assert all(reason.translation_span is None for reason in plain.reasons if "in the source has no" in reason.message)
    source_tokens = fake_tokens(source, {"Merkel": [1, 0, 0], "Macron": [0, 1, 0]})
    translation_tokens = fake_tokens(translation, {"Scholz": [0, 0, 1], "Biden": [0.1, 1, 0], "Lopez": [1, 0.1, 0]})
    aligned = check_names(PairContext(source, translation, "en", "en", source_tokens=source_tokens,
                                      translation_tokens=translation_tokens))
    pairs = {
        source[slice(*reason.source_span)]: translation[slice(*reason.translation_span)]
        for reason in aligned.reasons
        if "in the source has no" in reason.message
    }
    assert pairs == {"Merkel": "Lopez", "Macron": "Biden"}


@pytest.mark.parametrize("translation, kind", [
    ("Großbritannien und das Vereinigte Königreich legten eine Resolution vor.", "name"),
    # a name in apposition to the same entity is no second mention, so no stand-in
    ("Großbritannien (Vereinigtes Königreich) legte eine Resolution vor.", "name-missing"),
])
def test_a_name_said_twice_may_stand_where_another_stood(translation, kind):
    """'France and Britain' / 'Großbritannien und das Vereinigte Königreich': the second mention replaced France."""
    source = "France and Britain presented a resolution."
    source_tokens = fake_tokens(source, {"France": [1, 0, 0], "Britain": [0, 1, 0]})
    translation_tokens = fake_tokens(translation, {"Großbritannien": [0, 1, 0], "Vereinigte": [0.7, 0.7, 0]})
    result = check_names(PairContext(source, translation, "en", "de", source_tokens=source_tokens,
                                     translation_tokens=translation_tokens))
    assert [(reason.kind, source[slice(*reason.source_span)]) for reason in result.reasons] == [(kind, "France")]
    if kind == "name":
        assert translation[slice(*result.reasons[0].translation_span)] == "Vereinigte Königreich"


@pytest.mark.parametrize("vector, kind", [
    ([0.6, 0.8, 0], "name"),  # alike in context: another name in its place
    ([0, 0.2, 1], "name-missing"),  # unlike: the name was paraphrased away
    ([0.95, 0.05, 0], "name-missing"),  # almost the same: its rendering ("League" / "Liga")
])
def test_a_swap_needs_a_counterpart_alike_in_context(vector, kind):
    source, translation = "Smith met Jones in Paris.", "Smith met Brown in Paris."
    tokens = fake_tokens(source, {"Jones": [1, 0, 0]}), fake_tokens(translation, {"Brown": vector})
    result = check_names(PairContext(source, translation, "en", "en", source_tokens=tokens[0],
                                     translation_tokens=tokens[1]))
    assert [reason.kind for reason in result.reasons] == [kind]


@pytest.mark.parametrize("elsewhere, kind", [([0.1, 1, 0], "name"), ([1, 0.1, 0], "name-missing")])
def test_a_name_rendered_by_other_words_is_not_swapped(elsewhere, kind):
    """'Jones' and 'Brown' are alike in context, but when another word of the translation reads clearly
    more like 'Jones', Jones was rendered there, not replaced by Brown."""
    source, translation = "Smith met Jones in Paris.", "Smith met Brown in Paris, the joiner."
    tokens = (fake_tokens(source, {"Jones": [1, 0, 0]}),
              fake_tokens(translation, {"Brown": [0.7, 0.7, 0], "joiner": elsewhere}))
    result = check_names(PairContext(source, translation, "en", "en", source_tokens=tokens[0],
                                     translation_tokens=tokens[1]))
    assert [reason.kind for reason in result.reasons] == [kind]


@pytest.mark.parametrize("source, translation, swapped, other_word", [
    # a dateline names a place, also when it opens the sentence
    ("LAGUNA BEACH – For decades, the West put its faith in a paradigm.",
     "Düsseldorf – Jahrzehntelang vertraute der Westen einem Paradigma.", ("LAGUNA BEACH", "Düsseldorf"),
     "Jahrzehntelang"),
    # a people's noun is its country's name with an ending, not a compound holding that name
    ("Israel's labor market is now sealed off to Palestinians.",
     "Israels Arbeitsmarkt ist nun den Israelis verschlossen.", ("Palestinians", "Israelis"), "Arbeitsmarkt"),
])
def test_a_name_in_the_place_of_another_is_a_swap(source, translation, swapped, other_word):
    missing, stand_in = swapped
    tokens = (fake_tokens(source, {missing: [1, 0, 0]}),
              fake_tokens(translation, {stand_in: [0.6, 0.8, 0], other_word: [0, 0, 1]}))
    result = check_names(PairContext(source, translation, "en", "de", source_tokens=tokens[0],
                                     translation_tokens=tokens[1]))
    assert ("name", missing, stand_in) in reason_excerpts(result, source, translation)


def test_a_spaced_hyphen_opens_no_dateline():
    """Tokenised text writes "IP - Adresse": the words before it name no place, so nothing was swapped."""
    result = check_names(PairContext("Multiple user This IP address is used by multiple users.",
                                     "Mehrfacher Anwender Diese IP - Adresse wird von mehreren Anwendern genutzt.",
                                     "en", "de"))
    assert "name" not in [reason.kind for reason in result.reasons]


def test_a_compound_holding_another_name_renders_both():
    """'Südostenglands' renders 'the Southeast of England', the compass word too: only London is missing."""
    source, translation = "Voters outside London and the Southeast of England.", "Wähler außerhalb Südostenglands."
    tokens = (fake_tokens(source, {"Southeast": [1, 0, 0]}), fake_tokens(translation, {"Südostenglands": [1, 1, 0]}))
    result = check_names(PairContext(source, translation, "en", "de", source_tokens=tokens[0],
                                     translation_tokens=tokens[1]))
    assert [(reason.kind, reason.message.split("'")[1]) for reason in result.reasons] == [("name-missing", "London")]


@pytest.mark.parametrize("similarity, kind", [(0.5, "name"), (0.4, "name-missing")])
def test_two_entities_alike_in_context_are_swapped_even_when_one_reads_like_other_words(similarity, kind):
    """'Slovakia' reads more like 'Wahlen' than like 'Niederlande'; the two table entities stand in the same
    place all the same when they read alike enough."""
    source, translation = "Turnout was low in Slovakia.", "Die Wahlen waren in der Niederlande schwach."
    other = [similarity, (1 - similarity ** 2) ** 0.5, 0]
    tokens = (fake_tokens(source, {"Slovakia": [1, 0, 0]}),
              fake_tokens(translation, {"Niederlande": other, "Wahlen": [0.9, 0, 0.44]}))
    result = check_names(PairContext(source, translation, "en", "de", source_tokens=tokens[0],
                                     translation_tokens=tokens[1]))
    assert [reason.kind for reason in result.reasons] == [kind]


def test_caseless_side_is_not_counted_as_missing_names():
    result = check_names(PairContext("Putin met Kim Jong Un in Pyongyang.", "普京在平壤会见了金正恩。", "en", "zh"))
    assert not result.reasons and result.features["names.any_unmatched"] == 0.0


def test_features_are_always_the_same_bounded_keys():
    empty = check_names(PairContext("Es regnet.", "It rains.", "de", "en"))
    busy = check_names(PairContext(
        "x", "Alpha Beta met Gamma Delta, Epsilon Zeta, Eta Theta, Iota Kappa, Lambda My and Ny Xi.", "de", "en"))
    assert tuple(empty.features) == FEATURE_KEYS == tuple(busy.features)
    assert all(value == 0.0 for value in empty.features.values())
    assert busy.features["names.translation_unmatched"] == 5.0
    assert 0.0 <= busy.features["names.unmatched_ratio"] <= 1.0


@pytest.mark.parametrize("text, language, entity", [
    ("Die kanadische Regierung und die Pakistaner", "de", "canada"),
    ("Il governo canadese ha inviato truppe.", "it", "canada"),
    ("El gobierno paquistaní envió tropas.", "es", "pakistan"),
    ("Le gouvernement marocain a envoyé des troupes.", "fr", "morocco"),
    ("De Canadese regering stuurde troepen.", "nl", "canada"),
    ("O governo canadense enviou tropas.", "pt", "canada"),
    ("Канадское правительство направило войска.", "ru", "canada"),
    ("Il governo olandese ha inviato truppe.", "it", "netherlands"),
    ("Марокканские власти направили войска.", "ru", "morocco"),
    ("De Peruaanse regering stuurde troepen.", "nl", "peru"),
])
def test_nationality_adjectives_name_their_country(text, language, entity):
    assert entity in {key for key, _ in name_mentions(text, language)}

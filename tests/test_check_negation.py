"""The negation check: negations counted per language, antonym polarity compared, spans into the text."""

from __future__ import annotations

import pytest

from check_table import assert_row, fake_tokens
from toolkit.checks.base import PairContext
from toolkit.checks.negation import FEATURE_KEYS, check_negation, negation_spans

OK = (False, None, None, None)


def drift(kind, source_excerpt, translation_excerpt):
    return (True, kind, source_excerpt, translation_excerpt)


ROWS = [
    # phrases that negate nothing and words negative in meaning, seen on faithful WMT22 pairs
    ("Adjustment policies have helped, no doubt at the cost of growth.", "en",
     "Anpassungsmaßnahmen haben geholfen, allerdings auf Kosten des Wachstums.", "de", *OK),
    ("Teaching reduces, if not eliminates, the advantage.", "en",
     "Die Lehre verringert den Vorteil oder beseitigt ihn sogar.", "de", *OK),
    ("All of this cannot fail to weaken its allure.", "en", "All dies kann seine Anziehungskraft nur schwächen.", "de",
     *OK),
    ("They are as critical, if not more so.", "en", "Sie sind ebenso kritisch, wenn nicht gar kritischer.", "de", *OK),
    ("Eine Investition ist ohne jeden Zweifel gut angelegt.", "de", "An investment is certainly money well spent.", "en",
     *OK),
    ("There will be consequences.", "en", "Das wird nicht folgenlos bleiben.", "de", *OK),
    ("It is not beyond the capabilities of a terrorist group.", "en",
     "Es liegt im Rahmen der Möglichkeiten einer Terrorgruppe.", "de", *OK),
    ("It defies standard approaches.", "en", "Mit Standardansätzen kommt man nicht weiter.", "de", *OK),
    ("Programs will be slashed, with the exception of the military.", "en",
     "Programme werden gestrichen, wenn auch nicht beim Militär.", "de", *OK),
    ("We have underutilized resources.", "en", "Wir haben nicht ausgelastete Ressourcen.", "de", *OK),
    ("Physicians are scarce.", "en", "Ärzte stehen nicht in ausreichender Zahl zur Verfügung.", "de", *OK),
    ("Damit nicht genug, erschien ein Buch.", "de", "Indeed, a book was published.", "en", *OK),
    ("It goes without saying that we agree.", "en", "Wir sind uns einig.", "de", *OK),
    ("ein nie da gewesenes Risiko", "de", "an all-time high risk", "en", *OK),
    ("Beide Länder haben nicht ganz Unrecht.", "de", "Both countries have a point.", "en", *OK),
    ("China was wary of offending Korea.", "en", "China wollte Korea nicht vor den Kopf stoßen.", "de", *OK),
    ("Er hat nicht genug Geld.", "de", "He has enough money.", "en", *drift("negation", "nicht", None)),
    ("Die Wahlen waren nicht frei.", "de", "The elections were free.", "en", *drift("negation", "nicht", None)),
    ("Er hat es nicht vergessen.", "de", "He forgot it.", "en", *drift("negation", "nicht", None)),
    # de-en, the seed article's headlines and sentences
    ("Vor Auslandsreise", "de", "Before foreign trip", "en", *OK),
    ("Vor Auslandsreise", "de", "Before travelling abroad", "en", *OK),
    ("Vor Auslandsreise", "de", "After foreign trip", "en", *drift("polarity", "Vor", "After")),
    ("Nach Auslandsreise", "de", "Before travelling abroad", "en", *drift("polarity", "Nach", "Before")),
    # "nach" after a word of opinion and "vor dem Hintergrund" are no time order.
    ("Sie wollen allem Anschein nach zum Jahresende aufhören.", "de",
     "They want to end it before the end of the year.", "en", *OK),
    ("Die USA könnten vor dem Hintergrund der Gespräche verhandeln.", "de",
     "The US could negotiate following the talks.", "en", *OK),
    ("Seine Ankunftszeit war nicht bekannt.", "de", "His arrival time was not known.", "en", *OK),
    ("Seine Ankunftszeit war unbekannt.", "de", "His arrival time was not known.", "en", *OK),
    ("Seine Ankunftszeit war nicht bekannt.", "de", "His arrival time was unknown.", "en", *OK),
    ("Seine Ankunftszeit war bekannt.", "de", "His arrival time was not known.", "en", *drift("negation", None, "not")),
    # A litotes: a negation before a word negative in meaning cancels it.
    ("Der Präsident ist nicht unschuldig.", "de", "The president is to blame.", "en", *OK),
    ("Die Aufgabe ist keineswegs unmöglich.", "de", "The task is possible.", "en", *OK),
    ("Die Aufgabe ist nicht möglich.", "de", "The task is possible.", "en", *drift("negation", "nicht", None)),
    ("Es war schon geschehen.", "de", "It had not yet occurred.", "en", *drift("negation", None, "not")),
    # not forgetting, ignoring or underestimating is remembering, heeding, weighing
    ("Japan must always bear in mind its neighbours.", "en", "Japan darf seine Nachbarn nie vergessen.", "de", *OK),
    ("We must remember the victims.", "en", "Wir dürfen die Opfer nicht vergessen.", "de", *OK),
    ("Sein Einfluss ist nicht zu unterschätzen.", "de", "His influence is considerable.", "en", *OK),
    ("The ministers should not ignore this anger.", "en", "Die Minister müssen dieser Wut Beachtung schenken.", "de",
     *OK),
    ("The risk should not be overlooked.", "en", "Das Risiko ist ernst zu nehmen.", "de", *OK),
    ("Wir dürfen die Opfer nicht vergessen.", "de", "We may remember the victims.", "en", *OK),
    ("Wir dürfen die Opfer nicht kennen.", "de", "We may know the victims.", "en", *drift("negation", "nicht", None)),
    ("Wir dürfen die Opfer nicht vergessen.", "de", "We must forget the victims.", "en",
     *drift("negation", "nicht", None)),
    ("No debemos olvidar a las víctimas.", "es", "We must remember the victims.", "en", *OK),
    ("No debemos olvidar a las víctimas.", "es", "We must forget the victims.", "en", *drift("negation", "No", None)),
    ("Non si deve sottovalutare il rischio.", "it", "The risk must be taken seriously.", "en", *OK),
    ("Não podemos ignorar esta raiva.", "pt", "We must heed this anger.", "en", *OK),
    ("We mogen de slachtoffers niet vergeten.", "nl", "We must remember the victims.", "en", *OK),
    ("Het risico is niet te onderschatten.", "nl", "The risk is considerable.", "en", *OK),
    ("Il ne faut pas oublier les victimes.", "fr", "We must remember the victims.", "en", *OK),
    ("N'oublions pas les victimes.", "fr", "Let us remember the victims.", "en", *OK),
    ("Il ne faut pas oublier les victimes.", "fr", "We must forget the victims.", "en",
     *drift("negation", "ne faut pas", None)),
    # a word negative in meaning on the other side renders the negation: no flip
    ("But this logic failed to account for the consequences.", "en",
     "Aber diese Logik zog die Folgen nicht in Betracht.", "de", *OK),
    ("Democracy may be unfinished, but it works.", "en", "Die Demokratie ist nicht vollendet, aber sie funktioniert.",
     "de", *OK),
    ("This will no doubt please observers.", "en", "Das wird Beobachter zweifellos freuen.", "de", *OK),
    ("We will no doubt see it soon.", "en", "Zweifellos werden wir es bald sehen.", "de", *OK),  # sentence-initial
    ("Congress has yet to ratify the agreement.", "en", "Der Kongress hat das Abkommen noch nicht ratifiziert.",
     "de", *OK),
    ("Reforms brought rising wages, not to mention lower prices.", "en",
     "Die Reformen brachten steigende Löhne, von niedrigeren Preisen ganz zu schweigen.", "de", *OK),
    ("Our ancestors lived in a less risky world.", "en",
     "Unsere Vorfahren lebten in einer Welt, die nicht so riskant war.", "de", *OK),
    ("The French voted no.", "en", "Die Franzosen stimmten mit Nein.", "de", *OK),
    ("Congress has ratified the agreement.", "en", "Der Kongress hat das Abkommen nicht ratifiziert.", "de",
     *drift("negation", None, "nicht")),
    ("Elections are contested, and they are meaningful.", "en",
     "Die Wahlen werden nicht nur umkämpft, sie sind auch bedeutsam.", "de", *OK),  # "not only ... but also"
    ("The central banker is not only a lender, but also a speaker.", "en",
     "Der Zentralbanker ist Kreditgeber und Sprecher.", "de", *OK),
    ("The central banker is not a lender, but a speaker.", "en", "Der Zentralbanker ist Kreditgeber und Sprecher.",
     "de", *drift("negation", "not", None)),
    ("Voters were asked whether they trust or mistrust the parliament.", "en",
     "Die Wähler wurden gefragt, ob sie dem Parlament vertrauen oder nicht.", "de", *OK),
    ("He stays on stage no matter who governs.", "en", "Er bleibt auf der Bühne, egal wer regiert.", "de", *OK),
    ("The ceremonies were meant, notably, to replace wars.", "en",
     "Die Zeremonien sollten nicht zuletzt Kriege ersetzen.", "de", *OK),
    ("Most corporations are merely convenient mechanisms.", "en",
     "Die meisten Konzerne sind nichts anderes als praktische Einrichtungen.", "de", *OK),
    ("If not, the prospects seem high.", "en", "Andernfalls scheinen die Aussichten gut.", "de", *OK),
    ("The system seems unable to move quickly.", "en", "Das System scheint außerstande, sich schnell zu bewegen.",
     "de", *OK),
    ("He suggested that he isn't popular.", "en", "Er deutete seine Unbeliebtheit an.", "de", *OK),
    ("There is no tariff on oil.", "en", "Öl ist zollfrei.", "de", *OK),
    ("He called for tolerance of non-Muslim communities.", "en",
     "Er forderte Toleranz gegenüber nicht muslimischen Gemeinschaften.", "de", *OK),
    ("In 1945 the party had no more than 1,000 members.", "en", "1945 hatte die Partei lediglich 1000 Mitglieder.",
     "de", *OK),
    ("Prices rose by no more than two percent.", "en", "Die Preise stiegen um höchstens zwei Prozent.", "de", *OK),
    ("No more wars were fought.", "en", "Es wurden mehr Kriege geführt.", "de", *drift("negation", "No", None)),
    ("No more than 1,000 members joined.", "en", "Mehr als 1.000 Mitglieder traten bei.", "de",
     *drift("negation", "No", None)),
    ("Not surprisingly, prices fell.", "en", "Naturgemäß fielen die Preise.", "de", *OK),
    ("They are barred from using the fund.", "en", "Sie dürfen den Fonds nicht verwenden.", "de", *OK),
    ("The fund is equally important.", "en", "Der Fonds ist nicht minder wichtig.", "de", *OK),
    ("It is little wonder that voters left.", "en", "Es überrascht nicht, dass die Wähler gingen.", "de", *OK),
    ("Barring any shocks, the changes will help.", "en",
     "Wenn es nicht zu Schocks kommt, werden die Änderungen helfen.", "de", *OK),
    ("The public mistrusts the government.", "en", "Die Öffentlichkeit vertraut der Regierung nicht.", "de", *OK),
    ("Citizens do not trust their elite.", "en", "Die Bürger misstrauen ihrer Elite.", "de", *OK),
    ("Addressing NCDs requires an effort.", "en", "Nicht übertragbare Krankheiten zu bekämpfen erfordert Mühe.", "de",
     *OK),  # non-communicable diseases
    ("Unable to conclude a deal, the world turns inward.", "en",
     "Angesichts gescheiterter Verhandlungen wendet sich die Welt nach innen.", "de", *OK),
    ("Oscar did not anoint the film.", "en", "Dem Film blieben die Oscar-Weihen verwehrt.", "de", *OK),
    ("China may resist the idea.", "en", "China will davon nichts wissen.", "de", *OK),
    ("The point is ambiguous.", "en", "Der Punkt ist nicht genau bestimmbar.", "de", *OK),
    ("But this is not the case in Asia.", "en", "In Asien ist das anders.", "de", *OK),
    ("The US was not pursuing such options.", "en", "Die USA haben solche Optionen ausgeschlossen.", "de", *OK),
    ("One need look no further than Ecuador.", "en", "Man muss nur nach Ecuador blicken.", "de", *OK),
    ("He was born not long after the war.", "en", "Er wurde kurz nach dem Krieg geboren.", "de", *OK),
    ("These stresses are eminently manageable.", "en", "Diese Spannungen sind ohne Weiteres zu bewältigen.", "de",
     *OK),
    ("It is easy to see why.", "en", "Es ist nicht schwer zu begreifen, warum.", "de", *OK),
    ("That was to be expected.", "en", "Das war nicht anders zu erwarten.", "de", *OK),
    ("There is an inescapable contradiction.", "en", "Es gibt einen Widerspruch, den wir nicht übersehen können.",
     "de", *OK),
    ("They are the BRICS minus Russia.", "en", "Sie sind die BRICS ohne Russland.", "de", *OK),
    ("Such complaints have few echoes in the provinces.", "en", "Solches Genörgel findet in den Provinzen kein Echo.",
     "de", *OK),
    ("The industries were misaligned with the resources.", "en",
     "Die Branchen standen nicht im Einklang mit den Ressourcen.", "de", *OK),
    ("Setting aside media attention, the experts chose.", "en",
     "Ohne die Medienaufmerksamkeit zu berücksichtigen, wählten die Experten.", "de", *OK),
    ("Despite its still-inconclusive outcome, the uprising weakened Egypt.", "en",
     "Trotz seines noch nicht entschiedenen Ausgangs schwächte der Aufstand Ägypten.", "de", *OK),
    # a litotes with a copula before its word, or a German one of small quantity
    ("The transformation will not be costless.", "en", "Die Umstellung wird ihren Preis haben.", "de", *OK),
    ("Such a decision would not be unprecedented.", "en", "Für eine solche Entscheidung gibt es Präzedenzfälle.",
     "de", *OK),
    ("The task would not be possible.", "en", "Die Aufgabe wäre möglich.", "de", *drift("negation", "not", None)),
    ("A substantial minority of women studied.", "en", "Eine nicht geringe Zahl von Frauen studierte.", "de", *OK),
    # a list repeating its determiner holds one negation
    ("Membership did not promise a stable environment, higher efficiency or faster growth.", "en",
     "Die Mitgliedschaft versprach kein stabiles Umfeld, keine höhere Effizienz und kein schnelleres Wachstum.",
     "de", *OK),
    # a contrast ("rather than", "statt") often renders a negation of the other side
    ("Decisions should follow faith rather than the wish to keep rights.", "en",
     "Entscheidungen sollten dem Glauben folgen und nicht dem Wunsch, Rechte zu behalten.", "de", *OK),
    ("Cooperation means reaching agreements, not simply making demands.", "en",
     "Zusammenarbeit heißt, Übereinkünfte zu erzielen, statt bloß Forderungen zu stellen.", "de", *OK),
    ("Does this mean that no intervention should have occurred?", "en",
     "Heißt das, dass man auf eine Intervention hätte verzichten sollen?", "de", *OK),
    ("Nevertheless, the logic accounted for the consequences.", "en",
     "Trotzdem zog die Logik die Folgen nicht in Betracht.", "de", *drift("negation", None, "nicht")),
    ("Putin lobt Nordkoreas Unterstützung", "de", "Putin praises North Korea's support", "en", *OK),
    ("Putin kritisiert Nordkoreas Unterstützung", "de", "Putin praises North Korea's support", "en",
     *drift("polarity", "kritisiert", "praises")),
    ("Beide Länder haben Vorwürfe zurückgewiesen.", "de", "Both countries have denied accusations.", "en", *OK),
    ("Beide Länder haben Vorwürfe zurückgewiesen.", "de", "Both countries have confirmed accusations.", "en",
     *drift("polarity", "zurückgewiesen", "confirmed")),
    ("Zum Inhalt wurden keine Einzelheiten genannt.", "de", "No details were given about the content.", "en", *OK),
    ("Zum Inhalt wurden Einzelheiten genannt.", "de", "No details were given about the content.", "en",
     *drift("negation", None, "No")),
    ("Putin reist wie geplant nach Vietnam weiter.", "de", "Putin travels on to Vietnam as planned.", "en", *OK),
    ("Die Gespräche finden statt, bevor Putin nach Vietnam weiterreist.", "de",
     "The talks take place before Putin travels on to Vietnam.", "en", *OK),
    ("Nach Angaben des Kremls wollen beide Länder ein Abkommen unterzeichnen.", "de",
     "According to the Kremlin, both countries want to sign an agreement before the visit.", "en", *OK),
    ("Russland begann den Krieg vor mehr als zwei Jahren.", "de", "Russia began the war more than two years ago.", "en",
     *OK),
    ("Russland begann den Krieg vor mehr als zwei Jahren.", "de",
     "Russia began the war more than two years after.", "en", *drift("polarity", "vor", "after")),
    ("Der Kreml lehnte den Vorschlag ab.", "de", "The Kremlin rejected the proposal.", "en", *OK),
    ("After all, the rich live better than ever.", "en", "Schließlich leben die Reichen besser als jemals zuvor.",
     "de", *OK),
    ("For now, the SADC should at long last act.", "en", "Fürs Erste sollte die SADC endlich handeln.", "de", *OK),
    ("Fear of famine focused the agency on food in the following decades.", "en",
     "Die Angst vor Hunger lenkte die Behörde in den folgenden Jahrzehnten auf Nahrung.", "de", *OK),
    ("Hillary Clinton's just-concluded visit was launched in Washington.", "en",
     "Clintons soeben beendeter Besuch wurde in Washington lanciert.", "de", *OK),
    ("Clinton's just-concluded visit impressed her hosts.", "en", "Clintons Besuch begann und beeindruckte die Gastgeber.",
     "de", *drift("polarity", "concluded", "begann")),
    ("Der Kreml lehnte den Vorschlag ab.", "de", "The Kremlin accepted the proposal.", "en",
     *drift("polarity", "lehnte", "accepted")),
    ("Die Preise sind gestiegen.", "de", "Prices have fallen.", "en", *drift("polarity", "gestiegen", "fallen")),
    ("Russland will mehr mit Nordkorea zusammenarbeiten.", "de", "Russia wants to work more closely with North Korea.",
     "en", *OK),
    ("Er arbeitet nicht mehr dort.", "de", "He no longer works there.", "en", *OK),
    ("Die Region wird weniger anfällig für Schocks.", "de", "The region becomes more resilient to shocks.", "en",
     *OK),
    ("Nordkorea lieferte weniger als 1.000 Container.", "de", "North Korea delivered more than 1,000 containers.",
     "en", *drift("polarity", "weniger", "more")),
    # en-de
    ("The content is still unknown.", "en", "Der Inhalt ist noch unbekannt.", "de", *OK),
    ("The content is still unknown.", "en", "Der Inhalt ist schon bekannt.", "de", *drift("negation", "unknown", None)),
    ("He never said that.", "en", "Er hat das nie gesagt.", "de", *OK),
    ("Inflation is at a record high.", "en", "Die Inflation ist so hoch wie nie.", "de", *OK),
    ("The plan is somewhat problematic.", "en", "Der Plan ist nicht ganz unproblematisch.", "de", *OK),
    ("He didn't say that.", "en", "Er hat das gesagt.", "de", *drift("negation", "didn't", None)),
    # fr-en
    ("Il n'a pas dit cela.", "fr", "He did not say that.", "en", *OK),
    ("Il ne viendra jamais.", "fr", "He will never come.", "en", *OK),
    ("Il ne mange que du pain.", "fr", "He only eats bread.", "en", *OK),
    ("Il a dit cela.", "fr", "He did not say that.", "en", *drift("negation", None, "not")),
    ("Personne n'a été blessé.", "fr", "No one was injured.", "en", *OK),
    ("Personne n'a été blessé.", "fr", "Everyone was injured.", "en", *drift("negation", "Personne n", None)),
    ("La personne n'est venue que lundi.", "fr", "The person only came on Monday.", "en", *OK),
    ("Il a choisi la paix et non la guerre.", "fr", "He chose peace, not war.", "en", *OK),
    ("Il a choisi la paix et non la guerre.", "fr", "He chose peace and war.", "en", *drift("negation", "non", None)),
    ("Il faut aider non seulement la France, mais aussi l'Allemagne.", "fr", "We must help France and Germany.",
     "en", *OK),
    ("Fujiwara no Hirotsugu était le chef.", "fr", "Fujiwara no Hirotsugu was the leader.", "en", *OK),
    ("Avant la visite, Poutine a salué le soutien.", "fr", "Before the visit, Putin praised the support.", "en", *OK),
    ("Après la visite, Poutine a critiqué le soutien.", "fr", "Before the visit, Putin praised the support.", "en",
     *drift("polarity", "Après", "Before")),
    # es-en: negative concord is one negation
    ("No dijo nada.", "es", "He said nothing.", "en", *OK),
    ("Nunca lo dijo.", "es", "He never said it.", "en", *OK),
    ("Lo dijo.", "es", "He never said it.", "en", *drift("negation", None, "never")),
    # ru-en
    ("Никто не пришёл.", "ru", "Nobody came.", "en", *OK),
    ("Он не знал об этом.", "ru", "He knew about it.", "en", *drift("negation", "не", None)),
    ("После визита Путин уехал.", "ru", "Before the visit Putin left.", "en", *drift("polarity", "После", "Before")),
    # en-en
    ("Neither side commented, nor did the ministry.", "en", "Neither side commented, nor did the ministry.", "en",
     *OK),
    ("The ban was lifted before the election.", "en", "The ban was lifted after the election.", "en",
     *drift("polarity", "before", "after")),
    ("Shares rose by 3 percent.", "en", "Shares fell by 3 percent.", "en", *drift("polarity", "rose", "fell")),
    ("Iran-backed rebels defied the ceasefire.", "en", "Pro-iranische Rebellen widersetzten sich der Waffenruhe.",
     "de", *OK),
    ("Rebels defied the ceasefire.", "en", "Rebellen unterstützten die Waffenruhe.", "de",
     *drift("polarity", "defied", "unterstützten")),
]


@pytest.mark.parametrize(
    "source, source_lang, translation, translation_lang, drifted, kind, source_excerpt, translation_excerpt",
    ROWS,
)
def test_negation_table(source, source_lang, translation, translation_lang, drifted, kind, source_excerpt,
                        translation_excerpt):
    result = check_negation(PairContext(source, translation, source_lang, translation_lang))
    flagged = result.features["negation.flip"] == 1.0 or result.features["polarity.any_flip"] == 1.0
    assert_row(result, source, translation, flagged, drifted, kind, source_excerpt, translation_excerpt)


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("Il ne mange pas de pain.", "fr", ["ne mange pas"]),
        ("Il n'a rien dit.", "fr", ["n'a rien"]),
        ("Il ne mange que du pain.", "fr", []),
        ("No dijo nada a nadie.", "es", ["No"]),
        ("Weder Moskau noch Pjöngjang äußerten sich.", "de", ["Weder"]),
        ("Neither Moscow nor Pyongyang commented.", "en", ["Neither"]),
        ("Er kam nicht, und sie sagte nichts.", "de", ["nicht", "nichts"]),
        ("It isn't clear and cannot be known.", "en", ["isn't", "cannot"]),
        ("Никто ничего не сказал.", "ru", ["не"]),
        ("Nie ma nikogo.", "pl", ["Nie"]),
        ("Not only did he come, he also stayed; he did not leave.", "en", ["not"]),
        ("Er kam nicht nur, sondern blieb auch.", "de", []),
        ("Er kam nicht nur zu spät.", "de", ["nicht"]),  # no closer: a negation after all
        ("No solo vino, sino que también se quedó.", "es", []),
        ("Ob er kommt oder nicht, wir fangen an.", "de", []),
        ("Fujiwara no Hirotsugu led the Shikike branch.", "en", []),  # a name's particle
        ("Japan no longer exports rice.", "en", ["no"]),
        ("Qu'il vienne ou non, nous commençons.", "fr", []),
        ("Die Inflation ist so hoch wie noch nie.", "de", []),  # a comparison: a record
        ("Er war noch nie in Berlin.", "de", ["nie"]),
        ("Prices rose like never before.", "en", []),
        ("Das ist nicht ganz unproblematisch.", "de", []),  # a litotes with a degree word between
        ("Er war nicht ganz zufrieden.", "de", ["nicht"]),
        ("This is not entirely unexpected.", "en", []),
        ("It would not be entirely unexpected.", "en", []),
        ("Es gäbe keine Eisenbahnen, keine Autos, Satelliten und kein Internet.", "de", ["keine"]),
        ("No railways, no cars and no Internet.", "en", ["No"]),
        ("Er hat keine Zeit. Und kein Geld.", "de", ["keine", "kein"]),  # two sentences: two negations
        ("Er kam nicht, und keiner sagte etwas.", "de", ["nicht", "keiner"]),  # after another cue: no list
    ],
)
def test_negations_are_counted_once_per_negation(text, lang, expected):
    assert [text[start:end] for start, end in negation_spans(text, lang)] == expected


def test_unsupported_language_is_not_read_as_no_negation():
    assert negation_spans("Hij kwam niet.", "xx") is None
    result = check_negation(PairContext("Er kam nicht.", "他没有来。", "de", "zh"))
    assert result.features["negation.flip"] == 0.0 and not result.reasons


def test_a_large_count_difference_is_reported_without_a_flip():
    result = check_negation(PairContext(
        "Er kam nicht, sie sagte nichts, und niemand half.", "He did not come, she said something and everyone helped.",
        "de", "en"))
    assert result.features["negation.count_diff"] == 2.0 and result.features["negation.flip"] == 0.0
    assert [reason.kind for reason in result.reasons] == ["negation"]


def test_a_count_difference_rendered_by_words_negative_in_meaning_is_not_reported():
    result = check_negation(PairContext(
        "The US is unwilling to give up its dominance, yet unwilling to pay for it.",
        "Die USA sind nicht willens, ihre Vorherrschaft abzugeben, aber auch nicht bereit, dafür zu zahlen.",
        "en", "de"))
    assert result.features["negation.count_diff"] == 2.0 and not result.reasons


@pytest.mark.parametrize("elsewhere, kinds", [([0, 1, 0], ["polarity"]), ([0, 0, 1], [])])
def test_an_antonym_that_renders_another_word_is_no_reversal(elsewhere, kinds):
    """'Ende' faces 'begin', but when it reads clearly more like 'eliminating' it renders that word."""
    source = "Eliminating fishing would let Somalia begin to license tuna."
    translation = "Ein Ende der Fischerei würde Somalia erlauben, Lizenzen zu verkaufen."
    tokens = (fake_tokens(source, {"begin": [1, 0, 0], "Eliminating": elsewhere}),
              fake_tokens(translation, {"Ende": [0.5, 0, 0.87], "Fischerei": [0, 1, 0]}))
    result = check_negation(PairContext(source, translation, "en", "de", source_tokens=tokens[0],
                                        translation_tokens=tokens[1]))
    assert [reason.kind for reason in result.reasons] == kinds


@pytest.mark.parametrize("changed, kind", [([0, 1, 0], "negation"), ([0.2, 0.3, 0.93], "negation-reworded")])
def test_a_negation_among_reworded_words_is_only_a_hint(changed, kind):
    """'nicht' beside a word with no counterpart ('ändern' for 'here to stay') may be carried by the rewording;
    beside words rendered one for one it is a flip."""
    source, translation = "Die Preise werden sich nicht ändern.", "Prices are here to stay."
    tokens = (fake_tokens(source, {"Preise": [1, 0, 0], "nicht": [0, 0, 1], "ändern": changed}),
              fake_tokens(translation, {"Prices": [1, 0, 0], "stay": [0, 1, 0]}))
    result = check_negation(PairContext(source, translation, "de", "en", source_tokens=tokens[0],
                                        translation_tokens=tokens[1]))
    assert [reason.kind for reason in result.reasons] == [kind]
    assert ("reworded" in result.reasons[0].message) == (kind == "negation-reworded")


@pytest.mark.parametrize("percent, kind", [([0, 0, 1, 0], "polarity"), ([1, 1, 1, 1], "polarity-reworded")])
def test_a_reversal_among_reworded_words_is_only_a_hint(percent, kind):
    """Antonyms facing each other among words rendered one for one are a reversal; beside a word with no
    counterpart, the rewording may turn it back."""
    source, translation = "Shares rose by 3 percent in May.", "Shares fell by 3 percent in May."
    tokens = (fake_tokens(source, {"Shares": [1, 0, 0, 0], "rose": [0, 1, 0, 0], "percent": [0, 0, 1, 0],
                                   "May": [0, 0, 0, 1]}),
              fake_tokens(translation, {"Shares": [1, 0, 0, 0], "fell": [0, 1, 0, 0], "percent": percent,
                                        "May": [0, 0, 0, 1]}))
    result = check_negation(PairContext(source, translation, "en", "en", source_tokens=tokens[0],
                                        translation_tokens=tokens[1]))
    assert [reason.kind for reason in result.reasons] == [kind]


def test_message_says_what_was_reversed():
    result = check_negation(PairContext("Vor Auslandsreise", "After foreign trip", "de", "en"))
    assert result.reasons[0].message == (
        "the source says 'Vor' (before) but the translation says 'After' (after): the meaning is reversed"
    )


def test_features_are_always_the_same_bounded_keys():
    empty = check_negation(PairContext("Es regnet.", "It rains.", "de", "en"))
    busy = check_negation(PairContext(
        "nicht nicht nicht nicht nicht vor lobt steigt gewinnt",
        "after criticises falls loses", "de", "en"))
    assert tuple(empty.features) == FEATURE_KEYS == tuple(busy.features)
    assert all(value == 0.0 for value in empty.features.values())
    assert busy.features["negation.count_diff"] == 3.0
    assert busy.features["polarity.flips"] == 3.0 and busy.features["polarity.any_flip"] == 1.0

"""A hand-built Comparison for report tests: every verdict, spans on both sides, hostile text.

The report emitters must work (and be testable) without the model, the aligner or
the scorer, so this module builds the kind of result the pipeline produces. The
omitted source sentence carries HTML injection payloads; if the HTML report ever
fails to escape them, they would create an element with id ``pwned`` or change
the page title, which the tests (and the browser test) look for.
"""

from __future__ import annotations

from toolkit.checks.base import Reason
from toolkit.documents import Document, Segment
from toolkit.result import CandidateResult, Comparison, PairResult, Severity, Verdict, join_segments

SCRIPT_PAYLOAD = "<script>alert(1)</script><script>document.title='pwned'</script>"
ATTRIBUTE_PAYLOAD = '"><img src=x id=pwned onerror=alert(1)>'
PWNED_TITLE = "pwned"

SOURCE_SENTENCES = [
    "Vor Auslandsreise: Putin lobt Nordkoreas Unterstützung",
    "Russland will enger mit Nordkorea zusammenarbeiten.",
    "Mehr als 11.000 Soldaten sollen nicht an die Front geschickt worden sein.",
    "Der Kremlchef wurde am Abend in Pjöngjang erwartet.",
    "Seine Ankunftszeit war nicht bekannt.",
    f"Ein Leser schrieb: {SCRIPT_PAYLOAD} und {ATTRIBUTE_PAYLOAD} & mehr.",
]

TRANSLATION_SENTENCES = [
    "Before foreign trip: Putin praises North Korea’s support",
    "Russia wants to work more closely with North Korea.",
    "More than 1,100 soldiers are said to have been sent to the front.",
    "The Kremlin chief was expected in Pyongyang in the evening; his arrival time was not known.",
    "Kim Jong Un <b>greeted</b> him at the airport & waved.",
]

SOURCE_PATH = "corpora/sample/de.txt"
TRANSLATION_PATH = "corpora/sample/en.txt"
HOSTILE_CANDIDATE_PATH = "notes/\"><script>document.title='pwned'</script>.txt"


def document(path: str, lang: str, sentences: list[str]) -> Document:
    """A document with one sentence per line and exact segment offsets."""
    segments, offset = [], 0
    for index, sentence in enumerate(sentences):
        end = offset + len(sentence)
        segments.append(Segment(index, sentence, offset, end, index + 1, 1, index + 1, len(sentence) + 1))
        offset = end + 1
    return Document(path, "\n".join(sentences) + "\n", lang, segments)


def span_of(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def pair(source: Document, translation: Document, src: list[int], tgt: list[int], verdict: Verdict,
         severity: Severity, similarity: float, drift: float, reasons=()) -> PairResult:
    """A pair whose texts come from the documents; ``reasons`` are built from the joined texts."""
    source_text = join_segments(source.segments, src)
    translation_text = join_segments(translation.segments, tgt)
    return PairResult(src, tgt, source_text, translation_text, similarity, drift, verdict, severity,
                      [make(source_text, translation_text) for make in reasons])


def number_reason(source_text: str, translation_text: str) -> Reason:
    return Reason("numbers", "1,100 in the translation is 11.000 in the source (×10)",
                  span_of(source_text, "11.000"), span_of(translation_text, "1,100"), "number")


def negation_reason(source_text: str, translation_text: str) -> Reason:
    return Reason("negation", "the source says soldiers were NOT sent; the translation says they were",
                  span_of(source_text, "nicht an die Front geschickt"),
                  span_of(translation_text, "have been sent to the front"), "negation")


def overlapping_reason(source_text: str, translation_text: str) -> Reason:
    """Overlaps the negation span on both sides, to exercise span merging."""
    return Reason("token_alignment", "\"nicht\" has no counterpart in the translation",
                  span_of(source_text, "sollen nicht"), span_of(translation_text, "said to have"), "negation")


def omission_reason(source_text: str, translation_text: str) -> Reason:
    return Reason("alignment", f"source sentence with no counterpart in the translation: {source_text[:60]}",
                  (0, len(source_text)), None, "omission")


def addition_reason(source_text: str, translation_text: str) -> Reason:
    return Reason("alignment", "translation sentence with no counterpart in the source: <b>greeted</b>",
                  None, (0, len(translation_text)), "addition")


def variant_reason(source_text: str, translation_text: str) -> Reason:
    return Reason("wording", "worded differently, meaning kept", span_of(source_text, "zusammenarbeiten"),
                  span_of(translation_text, "work more closely"), "rewording")


def sample_comparison() -> Comparison:
    """Five pairs, one per verdict, plus a 2-1 bead; candidates ranked as the pipeline would."""
    source = document(SOURCE_PATH, "de", SOURCE_SENTENCES)
    translation = document(TRANSLATION_PATH, "en", TRANSLATION_SENTENCES)
    pairs = [
        pair(source, translation, [0], [0], Verdict.OK, Severity.NONE, 0.91, 0.04),
        pair(source, translation, [1], [1], Verdict.VARIANT, Severity.LOW, 0.86, 0.22, [variant_reason]),
        pair(source, translation, [2], [2], Verdict.DRIFT, Severity.HIGH, 0.74, 0.93,
             [number_reason, negation_reason, overlapping_reason]),
        pair(source, translation, [3, 4], [3], Verdict.OK, Severity.NONE, 0.89, 0.06),
        pair(source, translation, [5], [], Verdict.OMISSION, Severity.HIGH, 0.0, 1.0, [omission_reason]),
        pair(source, translation, [], [4], Verdict.ADDITION, Severity.MEDIUM, 0.0, 1.0, [addition_reason]),
    ]
    candidates = [
        CandidateResult(SOURCE_PATH, "de", 0.87, 0.83, "source"),
        CandidateResult("corpora/sample/fr-partial.txt", "fr", 0.41, 0.33, "partial"),
        CandidateResult(HOSTILE_CANDIDATE_PATH, "de", 0.08, 0.0, "unrelated"),
    ]
    signature = {
        "toolkit": "driftcheck",
        "version": "0.1.0",
        "model": "bundled-multilingual-e5-small",
        "aligner": "AlignConfig(max_bead=2, skip_penalty=0.3)",
        "scorer": "scorer-v1",
        "drift_threshold": 0.5,
        "variant_threshold": 0.2,
        "langdetect_seed": 0,
        "presplit": False,
    }
    return Comparison(signature, translation, source, candidates, pairs)

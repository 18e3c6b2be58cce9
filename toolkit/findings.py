"""Findings: one comparison's problems as CI-ready records with rule ids, places and fingerprints.

Every CI format (SARIF, JUnit, GitHub annotations, GitLab Code Quality, text,
JSON) is rendered from the same :class:`Finding` list, so they always agree.
A finding points at the translation file (where a reviewer fixes things) and
carries the source location as a related location.

Fingerprints identify a finding across runs without line numbers: they hash
the rule, the file and the normalised texts of both sides of the pair, so an
edit elsewhere in the file does not change them and a baseline keeps working.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .checks.base import Reason
from .documents import Document
from .errors import InputError
from .result import Comparison, PairResult, Severity, Verdict, span_in_document


@dataclass(frozen=True)
class Rule:
    """A stable kind of finding; ``id`` and ``name`` never change once released."""

    id: str
    name: str
    short: str
    full: str
    help: str
    default_severity: Severity


def _rule(rule_id: str, name: str, short: str, full: str, help_text: str,
          severity: Severity = Severity.HIGH) -> Rule:
    return Rule(rule_id, name, short, full, help_text, severity)


RULES: dict[str, Rule] = {r.id: r for r in (
    _rule("DC001", "input-error", "A file could not be read",
          "A translation or source file is missing, unreadable, binary, empty or not UTF-8, "
          "so the pair was not checked.",
          "Fix the path in the configuration or save the file as UTF-8 text."),
    _rule("DC100", "drift", "The meaning of the translation drifted",
          "The translated sentence does not say what its source sentence says, "
          "although no specific fact check pinned the change.",
          "Compare the sentence with its source and correct the translation.", Severity.MEDIUM),
    _rule("DC101", "number-drift", "A number differs from the source",
          "A number, amount or quantity in the translation differs from the one in the source sentence.",
          "Check the number against the source; mind decimal and thousands separators."),
    _rule("DC102", "name-drift", "A name differs from the source",
          "A person, organisation or place name in the translation does not match the source sentence.",
          "Use the name the source uses (in its usual spelling in the target language)."),
    _rule("DC103", "date-drift", "A date or weekday differs from the source",
          "A date, weekday, month or time expression in the translation differs from the source sentence.",
          "Check the date against the source."),
    _rule("DC104", "negation-drift", "A negation was added or lost",
          "The translation negates what the source affirms, or the reverse.",
          "Check for a missing or extra 'not', 'no', 'never' or similar."),
    _rule("DC105", "polarity-drift", "The polarity of a statement was reversed",
          "The translation says the opposite of the source (praise vs criticism, before vs after...).",
          "Check the verb or preposition that carries the direction of the statement."),
    _rule("DC106", "role-drift", "Who did what to whom changed",
          "The roles in the sentence (agent, recipient, target) are swapped or reassigned in the translation.",
          "Check subject, object and recipient against the source."),
    _rule("DC107", "tone-drift", "The tone differs from the source",
          "One side insults or swears and the other does not: an offensive word was softened away or added.",
          "Render the register of the source: keep an insult an insult, add none."),
    _rule("DC108", "untranslated-text", "Text was left in the source language",
          "A translation sentence is still written in the language of its source: a reader of the "
          "translation cannot read it.",
          "Translate the sentence."),
    _rule("DC110", "omission", "Source content is missing from the translation",
          "A source sentence or clause has no counterpart in the translation.",
          "Translate the missing text at the place indicated, or confirm that leaving it out is intended."),
    _rule("DC111", "addition", "The translation adds content not in the source",
          "A translation sentence has no counterpart in the source.",
          "Remove the added text or confirm its origin.", Severity.MEDIUM),
)}

_KIND_RULES = {
    "number": "DC101", "number-missing": "DC101", "qualifier": "DC101",
    "name": "DC102", "name-missing": "DC102", "place": "DC102", "date": "DC103", "date-missing": "DC103",
    "negation": "DC104", "negation-reworded": "DC104", "polarity": "DC105",
    "polarity-reworded": "DC105", "role": "DC106", "tone": "DC107", "untranslated": "DC108",
    "omission": "DC110", "addition": "DC111",
}
INPUT_ERROR_RULE = "DC001"
GENERIC_DRIFT_RULE = "DC100"


def rule_for_kind(kind: str) -> Rule:
    """The rule of a reason kind; kinds without their own rule are generic drift."""
    return RULES[_KIND_RULES.get(kind, GENERIC_DRIFT_RULE)]


@dataclass(frozen=True)
class Location:
    """A region of a file: 1-based lines and columns, ``end_column`` just past the last character."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column}

    @classmethod
    def from_dict(cls, data: dict) -> "Location":
        return cls(data["path"], data["line"], data["column"], data["end_line"], data["end_column"])


@dataclass
class Finding:
    """One problem for CI.

    Attributes:
        rule: the rule id (``"DC101"``); see :data:`RULES`.
        severity: how much it matters (compared with ``fail_on``).
        message: one self-contained sentence for an annotation.
        location: where in the translation file (or the unreadable file, for DC001).
        related: source locations the finding was derived from.
        fingerprint: stable identity across runs (see :func:`assign_fingerprints`).
        pair: name of the configured document pair it belongs to.
        translation_excerpt: the translation text concerned ("" for an omission).
        source_excerpt: the source text concerned ("" for an addition).
    """

    rule: str
    severity: Severity
    message: str
    location: Location
    related: list[Location] = field(default_factory=list)
    fingerprint: str = ""
    pair: str = ""
    translation_excerpt: str = ""
    source_excerpt: str = ""

    @property
    def rule_name(self) -> str:
        return RULES[self.rule].name

    @property
    def labelled_message(self) -> str:
        """``RULE name: message`` for a log line, the name said once (a drift's message already opens with it)."""
        prefix = f"{self.rule_name}: "
        return f"{self.rule} {self.message if self.message.startswith(prefix) else prefix + self.message}"

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "rule_name": self.rule_name,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_dict(),
            "related": [r.to_dict() for r in self.related],
            "fingerprint": self.fingerprint,
            "pair": self.pair,
            "translation_excerpt": self.translation_excerpt,
            "source_excerpt": self.source_excerpt,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        """The inverse of :meth:`to_dict` (``rule_name`` is derived, so it is not read back)."""
        return cls(
            rule=data["rule"],
            severity=Severity(data["severity"]),
            message=data["message"],
            location=Location.from_dict(data["location"]),
            related=[Location.from_dict(r) for r in data["related"]],
            fingerprint=data["fingerprint"],
            pair=data["pair"],
            translation_excerpt=data["translation_excerpt"],
            source_excerpt=data["source_excerpt"],
        )


def display_path(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """``path`` relative to ``root`` with forward slashes, or absolute when outside it."""
    resolved = Path(os.path.abspath(path))
    try:
        return resolved.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return resolved.as_posix()


def normalise_text(text: str) -> str:
    """Text as compared by fingerprints: NFKC, case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _region(document: Document, path: str, start: int, end: int) -> Location:
    line, column = document.locate(start)
    end_line, end_column = document.locate(max(start, end))
    return Location(path, line, column, end_line, end_column)


def _segments_region(document: Document, path: str, indices: list[int]) -> Location:
    first, last = document.segments[indices[0]], document.segments[indices[-1]]
    return Location(path, first.line, first.column, last.end_line, last.end_column)


def _side_region(document: Document, path: str, indices: list[int], span: tuple[int, int] | None) -> Location:
    if span is None:
        return _segments_region(document, path, indices)
    start, end = span_in_document(document.segments, indices, span)
    return _region(document, path, start, end)


def _neighbour(pairs: list[PairResult], position: int, translation: Document) -> list[int]:
    """The translation segment where an omitted source text should have been: the one before, else after."""
    for earlier in reversed(pairs[:position]):
        if earlier.translation:
            return [earlier.translation[-1]]
    for later in pairs[position + 1:]:
        if later.translation:
            return [later.translation[0]]
    return [0] if translation.segments else []


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reasons_of(pair: PairResult) -> list[Reason]:
    """The pair's reasons, one per (kind, spans); a drift without reasons gets a generic one."""
    seen: set[tuple] = set()
    unique = []
    for reason in pair.reasons:
        key = (_KIND_RULES.get(reason.kind, GENERIC_DRIFT_RULE), reason.source_span, reason.translation_span)
        if key not in seen:
            seen.add(key)
            unique.append(reason)
    if not unique:
        unique.append(Reason("scorer", f"the meaning drifted (drift probability {pair.drift:.2f})", kind="drift"))
    return unique


def findings_from_comparison(result: Comparison, root: str | os.PathLike, pair_name: str = "") -> list[Finding]:
    """Every problem of a comparison as findings on the translation file, fingerprinted."""
    translation, source = result.translation, result.source
    translation_path, source_path = display_path(translation.path, root), display_path(source.path, root)
    findings: list[Finding] = []
    for position, pair in enumerate(result.pairs):
        if not pair.verdict.is_problem:
            continue
        severity = pair.severity if pair.severity is not Severity.NONE else Severity.LOW
        for reason in _reasons_of(pair):
            rule = _rule_of(pair.verdict, reason)
            related = ([_side_region(source, source_path, pair.source, reason.source_span)]
                       if pair.source else [])
            if pair.translation:
                location = _side_region(translation, translation_path, pair.translation, reason.translation_span)
            else:
                neighbour = _neighbour(result.pairs, position, translation)
                location = _segments_region(translation, translation_path, neighbour)
            findings.append(Finding(
                rule=rule.id,
                severity=severity,
                message=_message(rule, reason, pair, related),
                location=location,
                related=related,
                pair=pair_name,
                translation_excerpt=pair.translation_text,
                source_excerpt=pair.source_text,
            ))
    assign_fingerprints(findings)
    return findings


def _rule_of(verdict: Verdict, reason: Reason) -> Rule:
    if verdict is Verdict.OMISSION:
        return RULES["DC110"]
    if verdict is Verdict.ADDITION:
        return RULES["DC111"]
    return rule_for_kind(reason.kind)


def _message(rule: Rule, reason: Reason, pair: PairResult, related: list[Location]) -> str:
    where = f"{related[0].path}:{related[0].line}" if related else ""
    if not pair.translation:
        return (f"{reason.message}; it belongs about here (near this sentence): "
                f"“{_excerpt(pair.source_text)}” ({where})")
    if not pair.source:
        return f"{reason.message}: “{_excerpt(pair.translation_text)}”"
    return f"{rule.name}: {reason.message} (source {where}: “{_excerpt(pair.source_text)}”)"


def input_error_finding(error: InputError, root: str | os.PathLike, pair_name: str = "") -> Finding:
    """An unreadable file as a DC001 finding at its first line."""
    path = display_path(error.path, root) if error.path else pair_name
    finding = Finding(
        rule=INPUT_ERROR_RULE,
        severity=Severity.HIGH,
        message=f"cannot check {pair_name or path}: {path}: {error.problem}",
        location=Location(path, 1, 1, 1, 1),
        pair=pair_name,
    )
    assign_fingerprints([finding], extra=error.problem)
    return finding


def assign_fingerprints(findings: list[Finding], extra: str = "") -> None:
    """Set each finding's fingerprint: rule + file + normalised texts + occurrence number.

    Line numbers are left out on purpose so that the fingerprint survives edits
    elsewhere in the file; identical findings in one file are told apart by
    their order of occurrence.
    """
    occurrences: dict[str, int] = {}
    for finding in findings:
        content = "\x1f".join((finding.rule, finding.location.path, normalise_text(finding.translation_excerpt),
                               normalise_text(finding.source_excerpt), normalise_text(extra)))
        count = occurrences.get(content, 0)
        occurrences[content] = count + 1
        finding.fingerprint = hashlib.sha256(f"{content}\x1f{count}".encode("utf-8")).hexdigest()[:32]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """Text without C0 control characters (other than tab and newlines), for XML and annotations."""
    return _CONTROL.sub("\ufffd", text)

"""Checking many document pairs in one run, for CI.

Each configured pair goes through :func:`toolkit.pipeline.compare`; its problems
become :class:`~toolkit.findings.Finding` records. A pair whose files cannot be
read becomes one DC001 finding and the batch carries on, so one bad path never
hides the results of every other pair.

Exit codes (see :meth:`BatchReport.exit_code`): 2 when any file could not be
read (the full report is still written), else 1 when a finding reaches
``fail_on``, else 0.

Workers are threads that share one model (torch releases the GIL while it
computes) and each open their own connection to the on-disk embedding cache
(SQLite in WAL mode serialises the writers). The model is loaded only when a
text is missing from the cache, so a fully warm re-run never pays for it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import threading
import time
from functools import lru_cache
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from . import __version__
from .config import Config, PairSpec
from .embed.base import Encoder
from .documents import MAX_INPUT_BYTES
from .errors import InputError
from .findings import INPUT_ERROR_RULE, Finding, findings_from_comparison, input_error_finding
from .result import Severity

if TYPE_CHECKING:
    from .result import Comparison

FINDING_FORMATS = {
    "text": "findings_text", "json": "findings_json", "sarif": "sarif", "junit": "junit",
    "github": "github", "gitlab": "gitlab",
}
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class PairOutcome:
    """What checking one configured pair produced.

    Attributes:
        spec: the configured pair.
        findings: its findings (one DC001 finding when a file could not be read).
        source: the candidate chosen as the source (``None`` after an input error).
        sentence_pairs: number of aligned beads judged.
        seconds: wall time spent on the pair.
    """

    spec: PairSpec
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None
    sentence_pairs: int = 0
    seconds: float = 0.0

    @property
    def input_error(self) -> Finding | None:
        return next((f for f in self.findings if f.rule == INPUT_ERROR_RULE), None)


@dataclass
class BatchReport:
    """All outcomes of a run plus what a baseline suppressed."""

    name: str
    root: str
    signature: dict
    fail_on: Severity
    outcomes: list[PairOutcome]
    suppressed: int = 0
    stale_baseline: list[dict] = field(default_factory=list)
    baseline_path: str | None = None

    @property
    def findings(self) -> list[Finding]:
        return [f for outcome in self.outcomes for f in outcome.findings]

    @property
    def input_errors(self) -> list[Finding]:
        return [f for f in self.findings if f.rule == INPUT_ERROR_RULE]

    def failing(self) -> list[Finding]:
        """Findings at or above ``fail_on``."""
        return [f for f in self.findings if f.severity.rank >= self.fail_on.rank]

    def exit_code(self) -> int:
        if self.input_errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing() else EXIT_OK

    def summary(self) -> dict:
        by_severity = {s.value: 0 for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW)}
        for finding in self.findings:
            by_severity[finding.severity.value] = by_severity.get(finding.severity.value, 0) + 1
        return {
            "pairs": len(self.outcomes),
            "sentence_pairs": sum(o.sentence_pairs for o in self.outcomes),
            "findings": len(self.findings),
            "failing": len(self.failing()),
            "input_errors": len(self.input_errors),
            "by_severity": by_severity,
            "fail_on": self.fail_on.value,
            "suppressed_by_baseline": self.suppressed,
            "stale_baseline_entries": len(self.stale_baseline),
            "exit_code": self.exit_code(),
        }


def render_report(report: BatchReport, fmt: str) -> str:
    """Render ``report`` in one of :data:`FINDING_FORMATS`."""
    module = importlib.import_module(f"toolkit.report.{FINDING_FORMATS[fmt]}")
    return module.render(report)


def compare_options(config: Config, spec: PairSpec):
    """The pipeline options of one pair: its languages plus the config's scorer thresholds."""
    from .pipeline import CompareOptions
    from .scoring import default_model

    scorer = None
    if config.drift_threshold is not None or config.variant_threshold is not None:
        base = default_model()
        drift = config.drift_threshold if config.drift_threshold is not None else base.drift_threshold
        variant = (config.variant_threshold if config.variant_threshold is not None
                   else min(base.variant_threshold, drift))
        scorer = dataclasses.replace(base, drift_threshold=drift, variant_threshold=variant)
    return CompareOptions(source_lang=spec.source_lang, target_lang=spec.target_lang, presplit=spec.presplit,
                          scorer=scorer)


Comparer = Callable[[PairSpec, Config, Encoder], "Comparison"]
"""Compares one configured pair: the pipeline, or a stand-in in tests."""


def pipeline_comparer() -> Comparer:
    """The real comparison (imported late: the pipeline pulls in the aligner and the checks)."""
    from .pipeline import compare

    def run(spec: PairSpec, config: Config, encoder: Encoder):
        return compare(spec.translation, list(spec.sources), encoder, compare_options(config, spec))

    return run


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the installed toolkit's code and data: a cached result never outlives the code that made it."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json", ".css", ".js") and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def result_key(spec: PairSpec, config: Config, encoder: Encoder) -> str | None:
    """Everything a pair's findings depend on, or ``None`` when a file is unreadable (then nothing is cached)."""
    parts = [code_fingerprint(), encoder.name, repr(compare_options(config, spec)), str(config.root), repr(spec)]
    for path in (spec.translation, *spec.sources):
        try:
            if Path(path).stat().st_size > MAX_INPUT_BYTES:
                return None
            parts.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError:
            return None
    return "\x00".join(parts)


RESULTS_STORE = "driftcheck-pair-results"
"""Name under which whole-pair results live in the embedding cache's store."""


def check_pair(spec: PairSpec, config: Config, encoder: Encoder,
               comparer: Comparer | None = None) -> tuple[PairOutcome, dict | None]:
    """Check one pair; an unreadable file becomes a DC001 finding instead of an exception.

    With the real pipeline and a cached encoder, a pair whose files, settings and
    code are unchanged since a previous run is answered from the cache, like a
    linter's cache: an unchanged corpus re-checks without aligning or scoring.
    """
    started = time.perf_counter()
    cache = getattr(encoder, "cache", None) if comparer is None else None
    key = result_key(spec, config, encoder) if cache is not None else None
    if key is not None:
        stored = cache.get_blobs(RESULTS_STORE, [key])
        if stored:
            data = json.loads(stored[0])
            outcome = PairOutcome(spec, [Finding.from_dict(f) for f in data["findings"]], source=data["source"],
                                  sentence_pairs=data["sentence_pairs"], seconds=time.perf_counter() - started)
            return outcome, data["signature"]
    try:
        result = (comparer or pipeline_comparer())(spec, config, encoder)
    except InputError as err:
        finding = input_error_finding(err, config.root, spec.name)
        return PairOutcome(spec, [finding], seconds=time.perf_counter() - started), None
    findings = findings_from_comparison(result, config.root, spec.name)
    outcome = PairOutcome(spec, findings, source=result.source.path, sentence_pairs=len(result.pairs),
                          seconds=time.perf_counter() - started)
    if key is not None:
        data = {"findings": [f.to_dict() for f in findings], "source": outcome.source,
                "sentence_pairs": outcome.sentence_pairs, "signature": result.signature}
        cache.put_blobs(RESULTS_STORE, [key], [json.dumps(data).encode("utf-8")])
    return outcome, result.signature


def run_batch(config: Config, encoder_factory: Callable[[], Encoder], jobs: int = 1,
              on_done: Callable[[PairOutcome], None] | None = None,
              comparer: Comparer | None = None) -> BatchReport:
    """Check every pair of ``config`` with ``jobs`` worker threads; outcomes keep the config's order.

    ``encoder_factory`` is called once per worker thread (each gets its own cache
    connection); the factory may share one model between them.
    """
    local = threading.local()
    signatures: list[dict] = []

    def work(spec: PairSpec) -> PairOutcome:
        if not hasattr(local, "encoder"):
            local.encoder = encoder_factory()
        outcome, signature = check_pair(spec, config, local.encoder, comparer)
        if signature is not None:
            signatures.append(signature)
        if on_done:
            on_done(outcome)
        return outcome

    if jobs <= 1:
        outcomes = [work(spec) for spec in config.pairs]
    else:
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="driftcheck") as pool:
            outcomes = list(pool.map(work, config.pairs))
    signature = signatures[0] if signatures else {"toolkit": "driftcheck", "version": __version__}
    return BatchReport(name=config.name, root=str(config.root), signature=signature, fail_on=config.fail_on,
                       outcomes=outcomes)

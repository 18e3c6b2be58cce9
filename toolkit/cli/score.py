"""``driftcheck score PAIRS``: judge pre-aligned sentence pairs (TSV or JSONL)."""

from __future__ import annotations

import json

import click

from ._common import LANGUAGE, handle_errors, make_encoder, model_option, no_cache_option, write_output


@click.command("score")
@click.argument("pairs_file", metavar="PAIRS", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the result to this file (atomically).")
@click.option("--source-lang", type=LANGUAGE, help="Language of the source column (default: detected).")
@click.option("--target-lang", type=LANGUAGE, help="Language of the translation column (default: detected).")
@model_option
@no_cache_option
@handle_errors
def command(pairs_file, fmt, output, source_lang, target_lang, model, no_cache):
    """Score PAIRS: TSV lines "source<TAB>translation", or JSONL with keys "source" and "translation"."""
    from ..langid import detect_language
    from ..pairs_input import read_pairs
    from ..pipeline import score_pairs
    from ..report.json_report import reason_dict

    pairs = read_pairs(pairs_file)
    source_lang = source_lang or detect_language("\n".join(p.source for p in pairs), f"{pairs_file} (source column)")
    target_lang = target_lang or detect_language("\n".join(p.translation for p in pairs),
                                                 f"{pairs_file} (translation column)")
    encoder = make_encoder(model, no_cache)
    results = score_pairs([(p.source, p.translation) for p in pairs], source_lang, target_lang, encoder)
    rows = [
        {
            "line": p.line,
            "source_text": r.source_text,
            "translation_text": r.translation_text,
            "similarity": round(r.similarity, 4),
            "drift": round(r.drift, 4),
            "verdict": r.verdict.value,
            "severity": r.severity.value,
            "reasons": [reason_dict(x) for x in r.reasons],
        }
        for p, r in zip(pairs, results)
    ]
    if fmt == "json":
        document = {"source_lang": source_lang, "translation_lang": target_lang, "model": encoder.name, "pairs": rows}
        write_output(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)
        return
    lines = [f"{r['line']:>5}  {r['verdict']:<8} drift={r['drift']:.2f} sim={r['similarity']:.2f}  "
             f"{r['translation_text']}"
             + "".join(f"\n       - {x['kind'] or x['check']}: {x['message']}" for x in r["reasons"]) for r in rows]
    write_output("\n".join(lines) + "\n", output)

"""``driftcheck align SOURCE TRANSLATION``: sentence alignment alone, no drift checks."""

from __future__ import annotations

import json

import click

from ._common import LANGUAGE, handle_errors, make_encoder, model_option, no_cache_option, write_output


@click.command("align")
@click.argument("source", type=click.Path(dir_okay=True))
@click.argument("translation", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the alignment to this file (atomically).")
@click.option("--source-lang", type=LANGUAGE, help="Language of SOURCE (default: detected).")
@click.option("--target-lang", type=LANGUAGE, help="Language of TRANSLATION (default: detected).")
@click.option("--presplit", is_flag=True, help="One sentence per line; do not re-segment.")
@model_option
@no_cache_option
@handle_errors
def command(source, translation, fmt, output, source_lang, target_lang, presplit, model, no_cache):
    """Align SOURCE and TRANSLATION sentence by sentence (beads 1-1, 1-2, 2-1, ..., 1-0, 0-1)."""
    from ..pipeline import CompareOptions, align_documents, embed_document, load_document, signature

    options = CompareOptions(source_lang=source_lang, target_lang=target_lang, presplit=presplit)
    src = load_document(source, source_lang, presplit)
    tgt = load_document(translation, target_lang, presplit)
    encoder = make_encoder(model, no_cache)
    beads = align_documents(src, tgt, embed_document(src, encoder), embed_document(tgt, encoder), encoder,
                            options.align_config)
    if fmt == "json":
        document = {
            "signature": signature(encoder, options),
            "source": {"path": src.path, "lang": src.lang, "segments": len(src.segments)},
            "translation": {"path": tgt.path, "lang": tgt.lang, "segments": len(tgt.segments)},
            "beads": [{"source": list(b.source), "translation": list(b.translation), "score": round(float(b.score), 4)}
                      for b in beads],
        }
        write_output(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)
        return
    lines = []
    for b in beads:
        left = " ".join(src.segments[i].text for i in b.source) or "—"
        right = " ".join(tgt.segments[j].text for j in b.translation) or "—"
        label = f"{','.join(map(str, b.source)) or '-'}:{','.join(map(str, b.translation)) or '-'}"
        lines.append(f"[{label}] {b.score:+.3f}\n  {left}\n  {right}")
    write_output("\n".join(lines) + "\n", output)

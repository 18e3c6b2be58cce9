"""Encoder backed by sentence-transformers: the bundled model or any local/cached one."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Sequence

import numpy as np

from toolkit.embed.base import TokenEmbeddings
from toolkit.embed.bundled import MARKER_FILENAME
from toolkit.errors import ModelError

DEFAULT_TOKEN_LAYER = 8  # SimAlign: middle layers align words better than the last one


def _nfc_with_origins(text: str) -> tuple[str, list[int]]:
    """NFC-normalise ``text``; ``origins[i]`` is where NFC char ``i`` starts in ``text``.

    ``origins`` has one extra entry, ``len(text)``, so spans map end-exclusive.
    Works cluster by cluster (a starter plus what may compose into it), which is
    the scope NFC acts on.
    """
    normalized = unicodedata.normalize("NFC", text)
    if normalized == text:
        return text, list(range(len(text) + 1))
    pieces: list[str] = []
    origins: list[int] = []
    cluster_start = 0
    for index in range(1, len(text) + 1):
        at_end = index == len(text)
        if not at_end and (unicodedata.combining(text[index]) or 0x1160 <= ord(text[index]) <= 0x11FF):
            continue
        cluster = unicodedata.normalize("NFC", text[cluster_start:index])
        pieces.append(cluster)
        origins.extend([cluster_start] * len(cluster))
        cluster_start = index
    if "".join(pieces) != normalized:  # an exotic composition across clusters
        return text, list(range(len(text) + 1))
    origins.append(len(text))
    return normalized, origins


class SentenceTransformerEncoder:
    """The :class:`~toolkit.embed.base.Encoder` over a sentence-transformers model.

    Args:
        model: a local checkpoint directory, or a model name already in the
            Hugging Face cache (nothing is ever downloaded).
        device: torch device string.
        batch_size: texts per forward pass.
        token_layer: hidden layer used by :meth:`encode_tokens` (0 = embeddings,
            ``num_layers`` = last).

    Raises:
        ModelError: the model cannot be found or loaded.
    """

    def __init__(
        self,
        model: str | Path,
        *,
        device: str = "cpu",
        batch_size: int = 32,
        token_layer: int = DEFAULT_TOKEN_LAYER,
    ):
        self.batch_size = batch_size
        self.token_layer = token_layer
        self._model = self._load(model, device)
        self.name = self._stable_name(model)
        self.dim = int(self._model.get_embedding_dimension())
        prompt_name = self._model.default_prompt_name
        self._prompt = self._model.prompts.get(prompt_name, "") if prompt_name else ""

    @staticmethod
    def _load(model: str | Path, device: str):
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ModelError(f"sentence-transformers is not installed: {error}") from error
        torch.set_num_threads(min(2, os.cpu_count() or 1))
        _quiet_loaders()
        location = Path(model).expanduser()
        if location.exists():
            target = str(location)
        elif _looks_like_hub_name(str(model)):
            target = str(model)
        else:
            raise ModelError(f"model directory {location} does not exist")
        # The bundled checkpoint has no pooler (sentence pooling is a module of its own).
        bundled = (location / MARKER_FILENAME).is_file()
        model_kwargs = {"add_pooling_layer": False} if bundled else None
        try:
            return SentenceTransformer(target, device=device, local_files_only=True, model_kwargs=model_kwargs)
        except Exception as error:  # any loader failure is a model problem for the user
            raise ModelError(
                f"cannot load embedding model {model!s}: {error}. Give a local model directory, "
                "a model name already in the Hugging Face cache, or omit it for the bundled model."
            ) from error

    @staticmethod
    def _stable_name(model: str | Path) -> str:
        marker = Path(model).expanduser() / MARKER_FILENAME
        if marker.is_file():
            return json.loads(marker.read_text(encoding="utf-8"))["name"]
        return str(model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed NFC-normalised ``texts`` with the model's default prompt; unit rows."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        normalized = [unicodedata.normalize("NFC", text) for text in texts]
        vectors = self._model.encode(
            normalized, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        """Per-token vectors from ``token_layer``, with spans into each original text.

        Special tokens, prompt tokens and whitespace-only tokens are dropped.
        """
        import torch

        transformer = self._model[0]
        tokenizer, network = transformer.tokenizer, transformer.auto_model
        max_length = self._model.max_seq_length
        results: list[TokenEmbeddings] = []
        for start in range(0, len(texts), self.batch_size):
            originals = list(texts[start : start + self.batch_size])
            aligned = [_nfc_with_origins(text) for text in originals]
            batch = tokenizer(
                [self._prompt + normalized for normalized, _ in aligned],
                padding=True, truncation=True, max_length=max_length,
                return_offsets_mapping=True, return_special_tokens_mask=True, return_tensors="pt",
            )
            offsets = batch.pop("offset_mapping").tolist()
            special = batch.pop("special_tokens_mask").tolist()
            with torch.inference_mode():
                output = network(**batch, output_hidden_states=True)
            layer = output.hidden_states[self.token_layer]
            layer = torch.nn.functional.normalize(layer, dim=-1).numpy().astype(np.float32)
            for row, (normalized, origins) in enumerate(aligned):
                spans, keep = self._token_spans(normalized, origins, offsets[row], special[row])
                results.append(TokenEmbeddings(spans=spans, vectors=layer[row, keep]))
        return results

    def _token_spans(
        self, normalized: str, origins: list[int],
        offsets: list[list[int]], special: list[int],
    ) -> tuple[list[tuple[int, int]], list[int]]:
        """Map tokenizer offsets (in prompt + NFC text) to spans in the original text."""
        shift = len(self._prompt)
        spans: list[tuple[int, int]] = []
        keep: list[int] = []
        for index, ((begin, end), is_special) in enumerate(zip(offsets, special)):
            begin, end = max(begin - shift, 0), end - shift
            if is_special or end <= 0:
                continue
            while begin < end and normalized[begin].isspace():
                begin += 1
            if begin >= end:
                continue
            spans.append((origins[begin], origins[end]))
            keep.append(index)
        return spans, keep


def _quiet_loaders() -> None:
    """Silence the libraries' load-time progress bars and notices: driftcheck's output is its report."""
    import logging

    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)


def _looks_like_hub_name(spec: str) -> bool:
    """``name`` or ``org/name``: the shape of a Hugging Face model id, not of a path."""
    return spec.count("/") <= 1 and "\\" not in spec and not spec.startswith(("/", ".", "~"))

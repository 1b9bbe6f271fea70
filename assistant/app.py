"""Wiring: build the Assistant from settings (store, embedder, retriever, LLM), shared by CLI and UI."""
from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .embedder import MiniLMEmbedder, get_embedder
from .errors import StoreError
from .index import ingest, live_collection, open_index
from .storage import (SPACE_CHECK, WRITE_CHECK, check_unlocked, ingest_lock, ingest_running, is_writable, out_of_space,
                      store_fault, store_file)
from .llm import LLM, OpenAICompatibleLLM
from .llm_server import MODEL_ALIAS, LlamaServer
from .pipeline import Assistant
from .prompts import load_prompts
from .retrieval import HybridRetriever
from .settings import Settings


@dataclass
class Runtime:
    assistant: Assistant
    server: LlamaServer | None
    llm_status: str

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


def build_llm(s: Settings, log: Callable[[str], None] = print) -> tuple[LLM | None, LlamaServer | None, str]:
    """The LLM named by settings; the bundled server is started here. Never raises: on failure
    the assistant answers from evidence alone and says so."""
    mode = s.llm_effective_mode
    key = s.openai_api_key.get_secret_value() if s.openai_api_key else None
    if mode == "none":
        return None, None, "no LLM (evidence-only answers)"
    if mode == "remote":
        if not s.openai_base_url:
            return None, None, "no LLM: ASSISTANT_LLM_MODE=remote but OPENAI_BASE_URL is not set"
        llm = OpenAICompatibleLLM(s.openai_base_url, s.llm_model, key, s.llm_timeout_s, s.llm_max_tokens,
                                  s.llm_temperature)
        log(f"LLM endpoint: {s.openai_base_url}")
        return llm, None, f"{s.llm_model} (OpenAI-compatible endpoint)"
    try:
        log("starting the bundled LLM server (llama.cpp, SmolLM2-135M-Instruct)...")
        server = LlamaServer(threads=s.llm_server_threads).start()
    except Exception as exc:  # the app still serves evidence-only answers
        return None, None, f"no LLM: the bundled server could not start ({exc})"
    llm = OpenAICompatibleLLM(server.base_url, MODEL_ALIAS, None, s.llm_timeout_s, s.llm_max_tokens,
                              s.llm_temperature)
    log(f"bundled LLM server ready at {server.base_url}")
    return llm, server, f"{MODEL_ALIAS} (bundled llama.cpp server)"


def embedder_for(s: Settings) -> MiniLMEmbedder:
    return get_embedder(s.embed_model, s.embed_batch_size, s.cache_dir)


def snapshot(s: Settings, why: str, log: Callable[[str], None] = print) -> Settings:
    """An index that cannot be written (read-only, or its disk full) is answered from a private
    copy in the temp folder: Chroma writes to its database even to read. The copy is removed at
    exit; adding papers still needs a writable index, and `ingest` says so."""
    tmp = Path(tempfile.mkdtemp(prefix="paper-assistant-index-copy-"))
    atexit.register(shutil.rmtree, tmp, True)
    try:
        shutil.copytree(s.index_dir, tmp / "index",
                        ignore=shutil.ignore_patterns(ingest_lock(s).name, f"{WRITE_CHECK}*", f"{SPACE_CHECK}*"))
    except OSError as exc:
        raise StoreError(f"the index at {s.index_dir} is {why}, and a copy of it could not be made in "
                         f"{tmp.parent} ({exc.strerror or exc})") from exc
    log(f"the index at {s.index_dir} is {why}: answering from a copy of it ({tmp}); "
        "adding papers needs a writable index")
    return s.model_copy(update={"index_dir": tmp / "index"})


def open_retriever(s: Settings, build_if_missing: bool = True, log: Callable[[str], None] = print) -> HybridRetriever:
    """Open the index for these settings; build it when missing or empty; answer a read-only index
    from a copy; wait a bounded time for a locked one; move a store that cannot be read aside
    (never deleted) and rebuild it from the listing files."""
    embedder = embedder_for(s)
    notice = ""
    if s.chroma_mode == "persistent" and store_file(s).exists():
        why = ("read-only" if not is_writable(s.index_dir)
               else "on a full disk" if out_of_space(s.index_dir) else "")
        if why:
            s = snapshot(s, why, log)
            notice = f"the index is {why}: answering from a copy; new papers cannot be added"
            build_if_missing = False
        else:
            check_unlocked(s)  # a StoreError after lock_wait_s, instead of hanging
    reopen = lambda: live_collection(s, embedder)  # noqa: E731  the live index, once another process changed it
    try:
        coll = open_index(s, embedder)
        if coll.count() == 0:
            raise StoreError("the index is empty")
        coll.peek(1)  # a store that opens but cannot be read fails here, not later
    except StoreError as exc:
        if not build_if_missing:
            raise
        log(f"{exc}; building the index now")
    except Exception as exc:  # an unreadable store: sqlite corruption, a broken segment, ...
        fault = store_fault(exc, s)
        if fault or not build_if_missing or s.chroma_mode != "persistent":
            raise StoreError(fault or f"the index at {s.index_dir} cannot be read ({type(exc).__name__}: {exc})") from exc
        if ingest_running(s):  # a half-written state of another process's ingest is not corruption
            raise StoreError(f"the index at {s.index_dir} is being written by another ingest: try again "
                             "when it has finished") from exc
        aside = s.index_dir.with_name(f"{s.index_dir.name}.unreadable-{int(time.time())}")
        shutil.move(str(s.index_dir), aside)
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # drop the in-process handle on the broken store
        log(f"the index could not be read ({type(exc).__name__}); moved it to {aside} and rebuilding")
    else:  # (a private copy never changes: nothing to reopen)
        return HybridRetriever(coll, embedder, s.bm25_weight, notice=notice, reopen=None if notice else reopen)
    ingest(s, embedder, progress=True, log=log)
    return HybridRetriever(open_index(s, embedder), embedder, s.bm25_weight, reopen=reopen)


def build_runtime(s: Settings, with_llm: bool = True, log: Callable[[str], None] = print) -> Runtime:
    retriever = open_retriever(s, log=log)
    retriever.embedder.embed_query("warm up")  # load the encoder (export it, the first time) before any user waits
    llm, server, status = build_llm(s, log) if with_llm else (None, None, "no LLM (evidence-only answers)")
    assistant = Assistant(s, retriever, llm, load_prompts())
    if llm is None:
        assistant.llm_notice = status if status.startswith("no LLM:") else ""
    return Runtime(assistant=assistant, server=server, llm_status=status)

"""Shared fixtures: real Chroma stores in temp dirs, the real embedder, the real llama.cpp server."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"


def make_settings(tmp: Path, data_dir: Path, **kw) -> Settings:
    return Settings(data_dir=data_dir, index_dir=tmp / "index_store", llm_mode="none", **kw)


@pytest.fixture(scope="session")
def embedder():
    from assistant.embedder import get_embedder

    return get_embedder()


@pytest.fixture(scope="session")
def full_settings(tmp_path_factory) -> Settings:
    """The bundled corpus, indexed once per test session into a temporary Chroma store."""
    from assistant.embedder import get_embedder
    from assistant.index import ingest

    tmp = tmp_path_factory.mktemp("full")
    s = make_settings(tmp, ROOT / "data")
    ingest(s, get_embedder(), progress=False, log=lambda m: None)
    return s


@pytest.fixture(scope="session")
def retriever(full_settings):
    from assistant.app import open_retriever

    return open_retriever(full_settings, build_if_missing=False)


@pytest.fixture(scope="session")
def assistant(full_settings, retriever):
    from assistant.pipeline import Assistant
    from assistant.prompts import load_prompts

    return Assistant(full_settings, retriever, None, load_prompts())


@pytest.fixture(scope="session")
def llama_server():
    from assistant.llm_server import LlamaServer

    server = LlamaServer().start(timeout_s=120)
    yield server
    server.stop()


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    for name in ("layout1.txt", "layout2.txt"):
        shutil.copy(FIXTURES / name, d / name)
    return d

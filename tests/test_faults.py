"""Index faults and Chroma server mode, on real stores."""
import os
import signal
import subprocess
import sys
import time

import pytest

from assistant.app import open_retriever
from assistant.index import ingest, open_index
from assistant.llm_server import free_port, wait_http
from assistant.pipeline import Assistant
from assistant.prompts import load_prompts
from assistant.settings import ROOT
from conftest import make_settings

quiet = dict(log=lambda m: None)


def test_missing_index_is_built(tmp_path, small_corpus):
    s = make_settings(tmp_path, small_corpus)
    r = open_retriever(s, **quiet)
    assert len(r.papers) == 4


def test_emptied_index_is_rebuilt(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, progress=False, **quiet)
    coll = open_index(s, embedder)
    coll.delete(ids=coll.get(include=[])["ids"])
    assert len(open_retriever(s, **quiet).papers) == 4


def test_corrupted_index_is_moved_aside_and_rebuilt(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, progress=False, **quiet)
    db = s.index_dir / "chroma.sqlite3"
    db.write_bytes(b"this is not a sqlite database" * 100)
    msgs = []
    r = open_retriever(s, log=msgs.append)
    assert len(r.papers) == 4
    aside = list(tmp_path.glob("index_store.unreadable-*"))
    assert aside and (aside[0] / "chroma.sqlite3").exists()  # kept for the user, not deleted
    assert any("moved it to" in m for m in msgs)


def test_ingest_killed_halfway_is_completed_without_duplicates(tmp_path):
    s = make_settings(tmp_path, ROOT / "data")
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(s.index_dir))
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", "--quiet"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    from assistant.embedder import get_embedder
    emb = get_embedder()
    while time.monotonic() < deadline:  # wait until part of the corpus is stored, then SIGKILL
        time.sleep(2)
        try:
            if open_index(s, emb).count() > 0:
                break
        except Exception:
            pass
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = open_index(s, emb).count()
    report = ingest(s, emb, progress=False, **quiet)
    coll = open_index(s, emb)
    metas = coll.get(include=["metadatas"])["metadatas"]
    assert 0 < partial < report.chunks
    assert report.papers == 624 and coll.count() == report.chunks
    assert len({m["paper_id"] for m in metas}) == 624
    assert report.embedded == report.chunks - partial


@pytest.fixture()
def chroma_server(tmp_path):
    port = free_port()
    chroma = os.path.join(os.path.dirname(sys.executable), "chroma")
    proc = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    if not wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60):
        proc.kill()
        pytest.fail("chroma server did not start")
    yield port
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_chroma_server_mode(tmp_path, small_corpus, embedder, chroma_server):
    s = make_settings(tmp_path, small_corpus, chroma_mode="http", chroma_port=chroma_server)
    report = ingest(s, embedder, progress=False, **quiet)
    assert report.papers == 4 and report.embedded == report.chunks
    assert ingest(s, embedder, progress=False, **quiet).embedded == 0
    r = open_retriever(s, build_if_missing=False, **quiet)
    ans = Assistant(s, r, None, load_prompts()).ask("Which paper compresses the KV cache with learned codebooks?")
    assert not ans.abstained and ans.cited[0].paper.title.startswith("BetaCache")
    assert not (tmp_path / "index_store").exists()  # nothing was written locally


def test_a_failed_word_pair_build_leaves_topic_lists_on_words(tmp_path, small_corpus, embedder, monkeypatch, caplog):
    """The pair index is built in the background; if that fails (here: out of memory), the failure is
    logged and topic scoring goes on with the word index instead of raising at every question."""
    import assistant.retrieval as retrieval

    def no_memory(tokens):
        raise MemoryError("pair index")

    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, progress=False, **quiet)
    monkeypatch.setattr(retrieval, "_pair_index", no_memory)
    with caplog.at_level("WARNING"):
        index = retrieval.PaperIndex.from_collection(open_index(s, embedder))
        assert index.pairs is None
    assert "word-pair index could not be built" in caplog.text
    terms = retrieval.query_terms("speculative decoding draft model")
    words = {t: w for t, w in terms.items() if " " not in t}
    assert any(" " in t for t in terms)
    assert (index.lexical(terms) == index.lexical(words)).all() and index.lexical(words).max() > 0

"""The place the index lives in fails: read-only, locked by another process, disk full.
Real filesystems (tmpfs mounts when running as root, file permissions otherwise) and real locks
held by other processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.app import open_retriever
from assistant.errors import StoreError
from assistant.index import get_all, ingest, open_index
from assistant.settings import ROOT
from conftest import make_settings

quiet = dict(log=lambda m: None)
ROOT_USER = os.geteuid() == 0


def mount(args: list[str]) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextmanager
def tmpfs(where: Path, size: str):
    """A real small filesystem (root only: skipped otherwise)."""
    where.mkdir(parents=True, exist_ok=True)
    try:
        mount(["-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)])
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextmanager
def read_only(folder: Path):
    """A read-only view of `folder`: a read-only bind mount for root (which ignores permissions),
    file modes otherwise (the view is then the folder itself)."""
    if ROOT_USER:
        view = folder.with_name(folder.name + "-ro")
        view.mkdir()
        mount(["--bind", str(folder), str(view)])
        try:
            mount(["-o", "remount,bind,ro", str(view)])
            yield view
        finally:
            subprocess.run(["umount", "-l", str(view)], capture_output=True)
    else:
        paths = [folder, *folder.rglob("*")]
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(modes[p] & ~0o222)
        try:
            yield folder
        finally:
            for p in reversed(paths):
                p.chmod(modes[p])


def papers_and_duplicates(s, embedder) -> tuple[int, int]:
    mds = get_all(open_index(s, embedder), ["metadatas"])["metadatas"]
    keys = [(m["paper_id"], m["chunk_index"]) for m in mds]
    return len({m["paper_id"] for m in mds}), len(keys) - len(set(keys))


def test_read_only_index_answers_from_a_copy_and_ingest_says_so(tmp_path, small_corpus, embedder):
    base = tmp_path / "fs"
    base.mkdir()
    s = make_settings(base, small_corpus)
    ingest(s, embedder, progress=False, **quiet)
    before = sorted(p.name for p in s.index_dir.rglob("*"))
    with read_only(base) as view:
        ro = make_settings(view, small_corpus)
        assert not os.access(ro.index_dir / "chroma.sqlite3", os.W_OK) or not ROOT_USER
        msgs: list[str] = []
        r = open_retriever(ro, log=msgs.append)
        assert len(r.papers) == 4 and r.retrieve("quantization", n=3)
        assert "read-only" in r.notice and any("read-only" in m for m in msgs)
        with pytest.raises(StoreError, match="read-only"):
            ingest(ro, embedder, progress=False, **quiet)
    assert sorted(p.name for p in s.index_dir.rglob("*")) == before  # nothing written, nothing moved
    assert not list(base.glob("index_store.unreadable-*"))


LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")  # the write lock a running ingest or another tool would hold
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""

FILELOCKER = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


@contextmanager
def held_by_other_process(code: str, arg: Path):
    proc = subprocess.Popen([sys.executable, "-c", code, str(arg)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_locked_index_gives_a_clear_message_in_bounded_time_then_opens(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus, lock_wait_s=2.0)
    ingest(s, embedder, progress=False, **quiet)
    with held_by_other_process(LOCKER, s.index_dir / "chroma.sqlite3"):
        t = time.monotonic()
        with pytest.raises(StoreError, match="locked by another process"):
            open_retriever(s, **quiet)
        assert time.monotonic() - t < 10
        with pytest.raises(StoreError, match="locked by another process"):
            ingest(s, embedder, progress=False, **quiet)
    assert not list(tmp_path.glob("index_store.unreadable-*"))  # a lock is not corruption
    assert len(open_retriever(s, **quiet).papers) == 4  # released: opens as before
    assert papers_and_duplicates(s, embedder) == (4, 0)


def test_second_ingest_waits_then_says_another_is_running(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus, lock_wait_s=1.0)
    ingest(s, embedder, progress=False, **quiet)
    with held_by_other_process(FILELOCKER, s.index_dir / ".ingest.lock"):
        with pytest.raises(StoreError, match="another ingest is running"):
            ingest(s, embedder, progress=False, **quiet)
        assert len(open_retriever(s, **quiet).papers) == 4  # answering is not blocked by an ingest
    assert ingest(s, embedder, progress=False, **quiet).embedded == 0


def cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_disk_full_during_ingest_keeps_the_index_answering_and_the_next_ingest_completes(tmp_path, small_corpus):
    """Run as a user would, one command at a time: after a failed write, Chroma's in-process client
    is not reused (a new command is a new process)."""
    fs = tmp_path / "fs"
    with tmpfs(fs, "6m"):
        env = dict(os.environ, ASSISTANT_INDEX_DIR=str(fs / "index_store"), ASSISTANT_DATA_DIR=str(small_corpus),
                   ASSISTANT_LLM_MODE="none")
        assert cli("ingest", "--quiet", env=env).returncode == 0
        for f in (ROOT / "data").iterdir():  # the user adds the whole bundled corpus: it does not fit
            (small_corpus / f.name).write_bytes(f.read_bytes())
        full = cli("ingest", "--quiet", env=env)
        assert full.returncode == 2 and "is full" in full.stderr and "Traceback" not in full.stderr
        ask = cli("ask", "--json", "Which paper compresses the KV cache with learned codebooks?", env=env)
        assert ask.returncode == 0, ask.stderr  # still answering, from a copy of the index
        assert "on a full disk" in ask.stderr and json.loads(ask.stdout)["cited"]
        assert len(list(small_corpus.iterdir())) == 7  # the user's files are untouched
        mount(["-o", "remount,size=256m", str(fs)])  # space freed
        assert cli("ingest", "--quiet", env=env).returncode == 0
        stats = json.loads(cli("stats", "--json", env=env).stdout)
        assert stats["papers"] == 628
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        s = make_settings(fs, small_corpus)
        from assistant.embedder import get_embedder

        assert papers_and_duplicates(s, get_embedder()) == (628, 0)


def test_running_app_keeps_answering_through_a_rebuild_and_sees_added_papers(tmp_path, small_corpus):
    """Another process rebuilds the index with other chunking settings (dropping the collection the
    app answers from), then adds a listing file: the running app swaps the new index in."""
    from assistant.pipeline import Assistant
    from assistant.prompts import load_prompts

    s = make_settings(tmp_path, small_corpus)
    r = open_retriever(s, **quiet)
    r.refresh_s = 0.0  # check the store at every question (30 s in the app)
    assistant = Assistant(s, r, None, load_prompts())
    question = "Which paper compresses the KV cache with learned codebooks?"
    before = assistant.ask(question)
    assert before.cited and not before.abstained
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(s.index_dir), ASSISTANT_DATA_DIR=str(small_corpus),
               ASSISTANT_CHUNK_TOKENS="120")
    old_name = r.coll.name
    assert cli("ingest", "--quiet", env=env).returncode == 0  # rebuilt beside, old collection dropped
    after = assistant.ask(question)
    assert r.coll.name != old_name and [e.paper.title for e in after.cited] == [e.paper.title for e in before.cited]
    layout3 = Path(__file__).parent / "fixtures" / "layout3.txt"
    assert cli("ingest", "--quiet", "--add", str(layout3), env=env).returncode == 0
    r.retrieve("anything")  # the next question notices the grown collection
    assert len(r.papers) > 4

"""Ingest into a real Chroma PersistentClient with the real embedder."""
import shutil
from pathlib import Path

from assistant.index import chunk_papers, ingest, open_index
from assistant.corpus import load_corpus
from conftest import FIXTURES, make_settings

quiet = dict(progress=False, log=lambda m: None)


def test_ingest_is_idempotent_and_incremental(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    first = ingest(s, embedder, **quiet)
    assert first.papers == 4 and first.embedded == first.chunks > 0
    again = ingest(s, embedder, **quiet)
    assert again.embedded == 0 and again.deleted == 0
    # a new listing file: only its new paper is embedded (AlphaNet's fuller copy changes its chunks)
    shutil.copy(FIXTURES / "layout3.txt", small_corpus / "layout3.txt")
    third = ingest(s, embedder, **quiet)
    assert third.papers == 5
    coll = open_index(s, embedder)
    metas = coll.get(include=["metadatas"])["metadatas"]
    assert len({m["paper_id"] for m in metas}) == 5
    assert coll.count() == third.chunks
    assert 0 < third.embedded < third.chunks


def test_every_chunk_carries_paper_metadata_and_fits_the_window(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, **quiet)
    got = open_index(s, embedder).get(include=["metadatas", "documents"])
    for md, doc in zip(got["metadatas"], got["documents"]):
        assert md["title"] and md["paper_id"] and "sources" in md
        assert embedder.count_tokens(md["title"] + "\n" + doc) <= embedder.max_tokens - 2


def test_long_abstracts_are_split_and_nothing_is_lost(embedder):
    papers, _ = load_corpus(Path(__file__).parent.parent / "data")
    s = make_settings(Path("/tmp"), Path("/tmp"))
    longest = max(papers, key=lambda p: len(p.abstract))
    chunks = chunk_papers([longest], s, embedder)
    assert len(chunks) >= 2
    words = set(longest.abstract.split())
    assert words <= set(" ".join(c.text for c in chunks).split())


def test_changed_settings_rebuild_instead_of_mixing(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, **quiet)
    s2 = make_settings(tmp_path, small_corpus, chunk_tokens=120)
    report = ingest(s2, embedder, **quiet)
    assert report.rebuilt and report.embedded == report.chunks
    coll = open_index(s2, embedder)
    assert coll.metadata["chunk_tokens"] == 120 and coll.count() == report.chunks
    # the old index was dropped once the new one was complete: one collection, never mixed
    from assistant.index import make_client
    assert [c.name if hasattr(c, "name") else c for c in make_client(s2).list_collections()] == [coll.name]


def test_interrupted_ingest_is_completed_next_time(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus, chunk_tokens=64)  # small chunks: papers of 2+ chunks
    full = ingest(s, embedder, **quiet)
    coll = open_index(s, embedder)
    got = coll.get(include=["metadatas"])
    victim = next(cid for cid, md in zip(got["ids"], got["metadatas"]) if md["n_chunks"] > 1)
    coll.delete(ids=[victim])  # as if the process died between two batches of one paper
    again = ingest(s, embedder, **quiet)
    assert again.embedded >= 1 and open_index(s, embedder).count() == full.chunks


def test_the_dense_search_is_the_same_in_every_process(full_settings, embedder):
    """The HNSW graph's unsaved last additions are replayed in another order by each process; with
    Chroma's default search breadth the 240 nearest chunks a topic question asks for differed from one
    run to the next. The index is opened with SEARCH_EF, and two fresh processes agree."""
    import json
    import subprocess
    import sys

    from assistant.index import SEARCH_EF

    assert open_index(full_settings, embedder).configuration["hnsw"]["ef_search"] >= SEARCH_EF
    script = (
        "import json, sys\n"
        "from assistant.embedder import get_embedder\n"
        "from assistant.index import open_index\n"
        "from assistant.settings import Settings\n"
        f"s = Settings(data_dir={str(full_settings.data_dir)!r}, index_dir={str(full_settings.index_dir)!r})\n"
        "e = get_embedder()\n"
        "qs = ['structured pruning of attention heads', 'state space models', 'machine unlearning',\n"
        "      'fine-tuning LLMs with less memory', 'video generation', 'tabular data', 'coin flips',\n"
        "      'federated learning on edge devices', 'KV cache compression', 'protein language models']\n"
        "res = open_index(s, e).query(query_embeddings=e.embed_documents(qs), n_results=240, include=['distances'])\n"
        "print(json.dumps([sorted(ids) for ids in res['ids']]))\n")
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                      timeout=300).stdout.strip().splitlines()[-1]) for _ in range(2)]
    assert all(len(ids) == 240 for ids in runs[0]) and runs[0] == runs[1]

"""Chunk abstracts, embed them and keep them in Chroma: idempotent, incremental, self-describing.

The collection's metadata records the embedding model and chunking settings; an index built with
other settings is rebuilt, never mixed. Chunk ids are content hashes, so an unchanged corpus
embeds nothing and a new listing file embeds only its new papers.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import chromadb
from chromadb.config import Settings as ChromaSettings

from .corpus import ParseReport, load_corpus
from .embedder import Embedder
from .errors import StoreError
from .records import Chunk, Paper
from .settings import Settings
from .storage import check_unlocked, ingest_lock, is_writable, read_only_message, store_fault

log = logging.getLogger(__name__)

SCHEMA = 1


@dataclass
class IngestReport:
    papers: int
    chunks: int
    embedded: int
    deleted: int
    rebuilt: bool
    seconds: float
    embed_seconds: float
    parse: ParseReport

    def summary(self) -> str:
        return (f"{self.papers} papers, {self.chunks} chunks; embedded {self.embedded}, removed "
                f"{self.deleted}{' (rebuilt: settings changed)' if self.rebuilt else ''} in {self.seconds:.1f}s")


def make_client(s: Settings) -> Any:
    """The store seam: a local PersistentClient, or an HttpClient to a Chroma server."""
    cs = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if s.chroma_mode == "http":
        return chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, settings=cs)
    s.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(s.index_dir), settings=cs)


def index_signature(s: Settings, embedder: Embedder) -> dict[str, Any]:
    return {"schema": SCHEMA, "embed_model": embedder.name, "chunk_tokens": s.chunk_tokens,
            "chunk_overlap": s.chunk_overlap, "hnsw:space": "cosine"}


def collection_name(s: Settings, embedder: Embedder) -> str:
    """The collection is named after its settings, so a rebuild happens beside the live index."""
    blob = json.dumps(index_signature(s, embedder), sort_keys=True)
    return f"{s.collection}-{hashlib.sha1(blob.encode()).hexdigest()[:8]}"


def get_all(coll: Any, include: list[str], page: int = 5000) -> dict[str, list]:
    """Everything in a collection, read in pages (one large read exceeds SQLite's variable limit)."""
    out: dict[str, list] = {"ids": [], **{k: [] for k in include}}
    offset = 0
    while True:
        got = coll.get(include=include, limit=page, offset=offset)
        for k in out:
            out[k].extend(got[k])
        if len(got["ids"]) < page:
            return out
        offset += page


def index_collections(client: Any, s: Settings) -> list[str]:
    """Names of this project's collections in the store (one per settings signature)."""
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    return [n for n in names if n.startswith(f"{s.collection}-")]


# HNSW's search breadth. Chroma's default (100) with the 240 chunks a topic question asks for missed
# true neighbours, and which ones changed from one process to the next (the graph's last, unsaved
# additions are replayed in another order): answers differed between runs. At 1000 the search is exact
# on the bundled corpus and the same in every process (benchmarks/speed.py for its cost).
SEARCH_EF = 1000


def search_breadth(coll: Any) -> Any:
    """The collection with SEARCH_EF as its search breadth (a query-time setting, changed in place);
    left as it is where the store cannot be written."""
    try:
        if (coll.configuration.get("hnsw") or {}).get("ef_search", 0) < SEARCH_EF:
            coll.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
    except Exception as exc:  # a read-only store or an older server: the default breadth
        log.warning("could not set the index's search breadth: %s", exc)
    return coll


def open_index(s: Settings, embedder: Embedder) -> Any:
    return search_breadth(open_collection(make_client(s), collection_name(s, embedder)))


def live_collection(s: Settings, embedder: Embedder) -> Any:
    """The collection a running app should answer from: its own, or, once another process rebuilt
    the index with other chunking settings (and dropped this one), the new one if it was made with
    the same embedding model."""
    try:
        return open_index(s, embedder)
    except StoreError:
        client = make_client(s)
        sig = index_signature(s, embedder)
        for name in index_collections(client, s):
            coll = client.get_collection(name)
            md = coll.metadata or {}
            if md.get("embed_model") == sig["embed_model"] and md.get("schema") == sig["schema"] and coll.count():
                return search_breadth(coll)
        raise


def chunk_papers(papers: list[Paper], s: Settings, embedder: Embedder) -> list[Chunk]:
    """Split each abstract with llama-index's SentenceSplitter, counting the embedder's own tokens,
    so that title + chunk fits the embedder's window and nothing is truncated away."""
    from llama_index.core.node_parser import SentenceSplitter

    tokenize = getattr(embedder, "tokenize", None) or (lambda t: t.split())
    splitters: dict[int, SentenceSplitter] = {}  # one per token budget (titles differ in length)
    chunks: list[Chunk] = []
    for p in papers:
        budget = max(64, min(s.chunk_tokens, embedder.max_tokens - embedder.count_tokens(p.title) - 8))
        splitter = splitters.get(budget)
        if splitter is None:
            splitter = splitters[budget] = SentenceSplitter(
                chunk_size=budget, chunk_overlap=min(s.chunk_overlap, budget // 4), tokenizer=tokenize)
        for i, text in enumerate(splitter.split_text(p.abstract)):
            h = hashlib.sha1(f"{p.id}\x00{p.title}\x00{i}\x00{text}".encode()).hexdigest()[:20]
            chunks.append(Chunk(id=f"{p.id}-{i}-{h}", paper_id=p.id, title=p.title, text=text, index=i))
    return chunks


def embed_text(c: Chunk) -> str:
    return f"{c.title}\n{c.text}"


def paper_hash(p: Paper, sig: dict[str, Any]) -> str:
    """Changes when anything stored for the paper or the index settings change."""
    blob = json.dumps([p.title, p.abstract, list(p.sources), p.authors_count, p.date, p.upvotes, sig],
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:20]


def _metadata(p: Paper, c: Chunk, phash: str, n_chunks: int) -> dict[str, Any]:
    md: dict[str, Any] = {"paper_id": p.id, "title": p.title, "chunk_index": c.index, "paper_hash": phash,
                          "n_chunks": n_chunks,
                          "sources": json.dumps(list(p.sources))}
    if c.index == 0:
        md["abstract"] = p.abstract
    for k in ("date", "authors_count", "upvotes"):
        v = getattr(p, k)
        if v is not None:
            md[k] = v
    return md


def open_collection(client: Any, name: str) -> Any:
    from chromadb.errors import NotFoundError

    try:
        return client.get_collection(name)
    except NotFoundError as exc:
        raise StoreError(f"no index collection {name!r}: run `python -m assistant ingest` first") from exc


def ingest(s: Settings, embedder: Embedder, progress: bool = True,
           log: Callable[[str], None] = print) -> IngestReport:
    """Bring the index up to date with the listing files. One ingest at a time per index (a lock
    file); a read-only, locked or full store gets a clear StoreError and keeps what it holds."""
    if s.chroma_mode != "persistent":
        return _ingest(s, embedder, progress, log)
    from filelock import FileLock, Timeout

    try:
        s.index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(store_fault(exc, s) or f"cannot create the index folder {s.index_dir}: {exc}") from exc
    if not is_writable(s.index_dir):
        raise StoreError(read_only_message(s))
    check_unlocked(s)
    try:
        with FileLock(str(ingest_lock(s)), timeout=s.lock_wait_s):
            return _ingest(s, embedder, progress, log)
    except Timeout as exc:
        raise StoreError(f"another ingest is running on {s.index_dir}: wait for it to finish, then "
                         "run `python -m assistant ingest` again") from exc
    except StoreError:
        raise
    except Exception as exc:
        msg = store_fault(exc, s)
        if msg is None:
            raise
        raise StoreError(msg) from exc


def _ingest(s: Settings, embedder: Embedder, progress: bool = True,
            log: Callable[[str], None] = print) -> IngestReport:
    t0 = time.perf_counter()
    papers, parse = load_corpus(s.data_dir)
    if not papers:
        raise StoreError(f"no papers found in {s.data_dir}: {parse.summary()}")
    log(f"corpus: {parse.summary()}")
    for ex in parse.examples[:5]:
        log(f"  skipped {ex}")
    client = make_client(s)
    sig = index_signature(s, embedder)
    name = collection_name(s, embedder)
    names = index_collections(client, s)
    others = [n for n in names if n != name]
    rebuilt = bool(others) and name not in names
    if rebuilt:
        log("index settings changed: building a new index beside the old one")
    coll = search_breadth(client.get_or_create_collection(name, metadata=sig))
    by_paper = {p.id: p for p in papers}
    hashes = {p.id: paper_hash(p, sig) for p in papers}
    got = get_all(coll, ["metadatas"])
    existing = set(got["ids"])
    ids_by_hash: dict[str, list[str]] = {}
    expected: dict[str, int] = {}
    for cid, md in zip(got["ids"], got["metadatas"]):
        ids_by_hash.setdefault(str(md.get("paper_hash")), []).append(cid)
        expected[str(md.get("paper_hash"))] = int(md.get("n_chunks", -1))
    # unchanged papers with all their chunks keep them untouched: no splitting, no embedding
    # (a paper cut short by an interrupted ingest has fewer chunks than it recorded, and is redone)
    complete = {h for h, ids in ids_by_hash.items() if len(ids) == expected[h]}
    changed = [p for p in papers if hashes[p.id] not in complete]
    changed_ids = {p.id for p in changed}
    kept = {cid for p in papers if p.id not in changed_ids for cid in ids_by_hash.get(hashes[p.id], [])}
    new_chunks = chunk_papers(changed, s, embedder)
    stale = sorted(existing - kept - {c.id for c in new_chunks})
    if stale:
        for i in range(0, len(stale), 5000):
            coll.delete(ids=stale[i:i + 5000])
    counts = {p.id: 0 for p in changed}
    for c in new_chunks:
        counts[c.paper_id] += 1
    relabel = [c for c in new_chunks if c.id in existing]  # same text, new metadata (e.g. a new source)
    if relabel:
        coll.update(ids=[c.id for c in relabel],
                    metadatas=[_metadata(by_paper[c.paper_id], c, hashes[c.paper_id], counts[c.paper_id]) for c in relabel])
    todo = [c for c in new_chunks if c.id not in existing]
    n_chunks = len(kept) + len(new_chunks)
    t_embed = 0.0
    if todo:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="embedding chunks", unit="chunk", disable=not progress)
        step = 256
        for i in range(0, len(todo), step):
            batch = todo[i:i + step]
            te = time.perf_counter()
            vecs = embedder.embed_documents([embed_text(c) for c in batch])
            t_embed += time.perf_counter() - te
            coll.upsert(ids=[c.id for c in batch], embeddings=vecs, documents=[c.text for c in batch],
                        metadatas=[_metadata(by_paper[c.paper_id], c, hashes[c.paper_id], counts[c.paper_id]) for c in batch])
            bar.update(len(batch))
        bar.close()
    for old in others:  # the new index is complete: drop those built with other settings
        client.delete_collection(old)
    report = IngestReport(papers=len(papers), chunks=n_chunks, embedded=len(todo), deleted=len(stale),
                          rebuilt=rebuilt, seconds=time.perf_counter() - t0, embed_seconds=t_embed, parse=parse)
    log(f"index: {report.summary()}")
    return report


def add_files(s: Settings, files: list[Path]) -> list[Path]:
    """Copy new listing files into the data folder (then `ingest` embeds only their new papers)."""
    import shutil

    s.data_dir.mkdir(parents=True, exist_ok=True)
    added = []
    for f in files:
        if not f.is_file():
            raise FileNotFoundError(f"no such listing file: {f}")
        dest = s.data_dir / f.name
        if dest.exists() and dest.read_bytes() != f.read_bytes():
            dest = s.data_dir / f"{f.stem}-{hashlib.sha1(f.read_bytes()).hexdigest()[:8]}{f.suffix}"
        shutil.copyfile(f, dest)
        added.append(dest)
    return added

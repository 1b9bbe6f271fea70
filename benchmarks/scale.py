"""Scale benchmark, one command:  .venv/bin/python benchmarks/scale.py [--sizes 1000 10000 100000]

Builds synthetic corpora of N abstracts locally by recombining real sentences of the bundled corpus
(each synthetic abstract: 6-10 sentences drawn from different real abstracts, a title from real title
words), stores them in a fresh Chroma PersistentClient and measures, at each size:
  * store ingest throughput (papers/s) and index size on disk;
  * start-up of the retriever (reading the collection, building the BM25 index), and how much later the
    word-pair index that topic lists use is ready (it is built in the background);
  * hybrid retrieval latency p50/p95 over the dev questions (real query embedding + Chroma HNSW + BM25);
  * topic-list retrieval latency p50/p95 over the dev topic questions (assistant.topics.retrieve_topic:
    a second retrieval, expansion terms, a Rocchio dense query, the centroid re-rank);
  * resident memory of this process.
What is measured, and what is not: embedding 100,000 abstracts with the encoder would take hours on
2 cores, so each synthetic abstract's vector is the normalised mean of the real MiniLM embeddings of its
sentences (embedded once, batched). The encoder's own speed is measured by benchmarks/speed.py.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.compose import sentences  # noqa: E402
from assistant.corpus import load_corpus  # noqa: E402
from assistant.embedder import get_embedder  # noqa: E402
from assistant.index import make_client, search_breadth  # noqa: E402
from assistant.records import paper_id  # noqa: E402
from assistant.retrieval import HybridRetriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.topics import retrieve_topic  # noqa: E402


def dir_size_mb(p: Path) -> float:
    return round(sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 2**20, 1)


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def latency_ms(name: str, run: Callable[[str], object], questions: list[str]) -> dict[str, float]:
    """p50 and p95 wall time of `run` over the questions, in ms, as `<name>_ms_p50` / `<name>_ms_p95`."""
    lat = []
    for q in questions:
        t = time.perf_counter()
        run(q)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    return {f"{name}_ms_p50": round(lat[len(lat) // 2], 1), f"{name}_ms_p95": round(lat[int(0.95 * (len(lat) - 1))], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 100000])
    ap.add_argument("--questions", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    args = ap.parse_args()
    rows = [json.loads(x) for x in Path(args.questions).read_text().splitlines() if x.strip()]
    qs = [q["question"] for q in rows]
    topics = [q["question"] for q in rows if q["type"] == "topic"]
    papers, _ = load_corpus(ROOT / "data")
    emb = get_embedder()
    pool = [s for p in papers for s in sentences(p.abstract) if len(s) > 40]
    words = [w for p in papers for w in p.title.replace(":", " ").split()]
    t = time.perf_counter()
    vecs = np.asarray(emb.embed_documents(pool), dtype=np.float32)
    print(f"embedded a pool of {len(pool)} real sentences in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    rnd = random.Random(0)
    results = []
    for n in args.sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"scale-{n}-"))
        s = Settings(index_dir=tmp / "index_store", collection="scale", llm_mode="none")
        coll = search_breadth(make_client(s).create_collection("scale-bench", metadata={"hnsw:space": "cosine"}))
        t = time.perf_counter()
        batch: dict[str, list] = {"ids": [], "embeddings": [], "documents": [], "metadatas": []}
        for i in range(n):
            idx = rnd.sample(range(len(pool)), rnd.randint(6, 10))
            title = " ".join(rnd.sample(words, rnd.randint(5, 10))) + f" {i}"
            v = vecs[idx].mean(axis=0)
            pid = paper_id(title)
            batch["ids"].append(f"{pid}-0")
            batch["embeddings"].append((v / np.linalg.norm(v)).tolist())
            batch["documents"].append(" ".join(pool[j] for j in idx))
            batch["metadatas"].append({"paper_id": pid, "title": title, "chunk_index": 0, "sources": "[]"})
            if len(batch["ids"]) == 5000 or i == n - 1:
                coll.add(**batch)
                batch = {k: [] for k in batch}
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        r = HybridRetriever(coll, emb, s.bm25_weight)
        startup_s = time.perf_counter() - t
        t = time.perf_counter()
        r.index.pairs  # noqa: B018  (the word-pair index, built in the background after start-up)
        pairs_s = time.perf_counter() - t
        r.retrieve("warm up")
        type(emb)._query.cache_clear()  # each size pays for its query embeddings
        res = {"papers": n, "store_ingest_papers_per_s": round(n / ingest_s), "store_ingest_s": round(ingest_s, 1),
               "index_mb": dir_size_mb(tmp), "retriever_startup_s": round(startup_s, 1),
               "pair_index_ready_after_s": round(pairs_s, 1),
               **latency_ms("retrieve", lambda q: r.retrieve(q, n=30), qs),
               **latency_ms("topic", lambda q: retrieve_topic(r, q, n=60), topics),
               "peak_rss_mb": rss_mb()}
        print(json.dumps(res), file=sys.stderr)
        results.append(res)
        del r, coll
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""Retrieval quality and latency, side by side, one command:

    .venv/bin/python benchmarks/retrieval.py [--questions ../shared/eval/dev.jsonl]

Systems, on the same corpus, questions and machine, in one run:
  ours      hybrid BM25 + dense, fused per paper (assistant.retrieval.HybridRetriever)
  ours+topic  as the pipeline retrieves: topic-list questions go through assistant.topics.retrieve_topic
            (topic words only, KL term expansion + Rocchio feedback), the others as `ours`
  starter   llama-index starter: VectorStoreIndex over Chroma, same MiniLM embedder, default chunking, top-k
  bm25      BM25 alone (bm25s, title + abstract), as inside ours
  dense     dense alone (chunk cosine, best chunk per paper), as inside ours
Figures: lookup hit@1 / recall@5, compare all-gold@5, topic recall@20, latency p50/p95, and ours as a
ratio to each peer.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app import open_retriever  # noqa: E402
from assistant.records import normalise_title  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.topics import retrieve_topic  # noqa: E402
from assistant.understand import detect_kind  # noqa: E402


EMBEDDER = None


def starter(retriever, tmp: Path) -> Callable[[str], list[str]]:
    import chromadb
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=str(tmp / "starter"))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("starter"))
    docs = [Document(text=f"{p.title}\n\n{p.abstract}", metadata={"title": p.title})
            for p in retriever.papers.values()]
    index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=store),
                                            embed_model=retriever.embedder.hf, show_progress=False)
    r = index.as_retriever(similarity_top_k=30)

    def run(q: str) -> list[str]:
        return list(dict.fromkeys(n.node.metadata["title"] for n in r.retrieve(q)))
    return run


def score(system: Callable[[str], list[str]], qs: list[dict]) -> dict:
    m: dict[str, list[float]] = {"lookup_hit1": [], "lookup_recall5": [], "compare_all_gold5": [],
                                 "topic_recall20": []}
    times = []
    system(qs[0]["question"])  # warm up
    type(EMBEDDER)._query.cache_clear()  # every system pays for its own query embeddings
    for q in qs:
        t = time.perf_counter()
        got = [normalise_title(x) for x in system(q["question"])]
        times.append((time.perf_counter() - t) * 1000)
        gold = {normalise_title(g) for g in q["gold"]}
        if q["type"] == "lookup":
            m["lookup_hit1"].append(bool(got) and got[0] in gold)
            m["lookup_recall5"].append(bool(gold & set(got[:5])))
        elif q["type"] == "compare":
            m["compare_all_gold5"].append(gold <= set(got[:5]))
        elif q["type"] == "topic":
            m["topic_recall20"].append(len(gold & set(got[:20])) / len(gold))
    out = {k: round(100 * sum(v) / len(v), 1) for k, v in m.items() if v}
    times.sort()
    out["p50_ms"] = round(times[len(times) // 2], 1)
    out["p95_ms"] = round(times[int(0.95 * (len(times) - 1))], 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    args = ap.parse_args()
    qs = [json.loads(x) for x in Path(args.questions).read_text().splitlines() if x.strip()]
    global EMBEDDER
    r = open_retriever(Settings(llm_mode="none"), log=lambda m: None)
    EMBEDDER = r.embedder
    title = lambda pid: r.papers[pid].title  # noqa: E731
    systems = {
        "ours": lambda q: [sp.paper.title for sp in r.retrieve(q, n=30)],
        "ours+topic": lambda q: [sp.paper.title for sp in (
            retrieve_topic(r, q, n=60) if detect_kind(q, []) == "topic" else r.retrieve(q, n=30))],
        "bm25": lambda q: [title(p) for p, _ in sorted(r.sparse(q, 100).items(), key=lambda t: -t[1])][:30],
        "dense": lambda q: [title(p) for p, _ in sorted(r.dense(q, 150).items(), key=lambda t: -t[1])][:30],
    }
    with tempfile.TemporaryDirectory() as tmp:
        systems["starter"] = starter(r, Path(tmp))
        results = {name: score(fn, qs) for name, fn in systems.items()}
    keys = ["lookup_hit1", "lookup_recall5", "compare_all_gold5", "topic_recall20", "p50_ms", "p95_ms"]
    print(f"questions: {len(qs)} ({args.questions}); date {time.strftime('%Y-%m-%d')}\n")
    print("| system | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, res in results.items():
        print(f"| {name} | " + " | ".join(str(res.get(k, "")) for k in keys) + " |")
    print("\nours as a ratio to each peer (quality: higher is better; latency: lower is better)")
    for name, res in results.items():
        if not name.startswith("ours"):
            ratios = {k: round(results["ours"][k] / res[k], 2) if res.get(k) else None for k in keys}
            print(f"  vs {name}: " + ", ".join(f"{k} {v}" for k, v in ratios.items()))
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()

"""Answer quality with the same LLM, side by side, one command:

    .venv/bin/pip install -e '.[bench]'      # llama-index's OpenAI-compatible LLM class, for the peer
    .venv/bin/python benchmarks/answers.py [--questions ../shared/eval/dev.jsonl]

Both systems use the bundled SmolLM2-135M-Instruct through the same llama.cpp OpenAI-compatible server:
  ours      the assistant's answer path (python -m assistant eval), with the LLM and in "no LLM" mode
  citation  llama-index's CitationQueryEngine over a VectorStoreIndex in Chroma (same MiniLM embedder,
            default chunking, top-5), its "[n]" markers mapped to its source nodes
Scored by ../shared/eval/score.py (cited gold, abstention, fabricated and unresolved citations), plus the
share of cited sentences supported by the abstracts they cite (assistant.verify, same check for both).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app import open_retriever  # noqa: E402
from assistant.cli import _answer_record  # noqa: E402
from assistant.llm import OpenAICompatibleLLM  # noqa: E402
from assistant.llm_server import MODEL_ALIAS, LlamaServer  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.prompts import load_prompts  # noqa: E402
from assistant.records import Evidence  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.verify import check_text  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score.py"
_REFUSAL = re.compile(r"\b(not (?:provided|mentioned|found|available)|no (?:information|paper|mention)|"
                      r"cannot|can't|does not (?:contain|mention|provide))\b", re.I)


def citation_engine(retriever, base_url: str, tmp: Path):
    import chromadb
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.query_engine import CitationQueryEngine
    from llama_index.llms.openai_like import OpenAILike
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=str(tmp / "peer"))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("peer"))
    docs = [Document(text=f"{p.title}\n\n{p.abstract}", metadata={"title": p.title, "paper_id": p.id})
            for p in retriever.papers.values()]
    index = VectorStoreIndex.from_documents(docs, storage_context=StorageContext.from_defaults(vector_store=store),
                                            embed_model=retriever.embedder.hf)
    llm = OpenAILike(api_base=base_url, api_key="none", model=MODEL_ALIAS, is_chat_model=True, max_tokens=200,
                     timeout=60, temperature=0.1)
    return CitationQueryEngine.from_args(index, llm=llm, similarity_top_k=5, citation_chunk_size=512)


def run_peer(engine, retriever, qs: list[dict]) -> list[dict]:
    embed = retriever.embedder.embed_sentences
    out = []
    for q in qs:
        t = time.perf_counter()
        try:
            resp = engine.query(q["question"])
            text, nodes = str(resp), resp.source_nodes
        except Exception as exc:  # counted as an answer with no citations
            text, nodes = f"error: {type(exc).__name__}", []
        total = (time.perf_counter() - t) * 1000
        cited, unresolved, evidence = [], 0, []
        for n in re.findall(r"\[(\d+)\]", text):
            k = int(n)
            if 1 <= k <= len(nodes):
                title = nodes[k - 1].node.metadata["title"]
                if title not in cited:
                    cited.append(title)
                    p = retriever.index.by_title(title)
                    evidence.append(Evidence(key=k, paper=p, passage="", score=0.0))
            else:
                unresolved += 1
        checks = check_text(text, evidence, embed) if evidence else []
        out.append({"id": q["id"], "retrieved": list(dict.fromkeys(n.node.metadata["title"] for n in nodes)),
                    "cited": cited, "abstained": bool(_REFUSAL.search(text)) and not cited, "answer": text,
                    "unresolved_citations": unresolved,
                    "supported_sentences": (sum(c.supported for c in checks) / len(checks)) if checks else 0.0,
                    "timings_ms": {"total": round(total, 1)}})
    return out


def run_ours(assistant: Assistant, qs: list[dict]) -> list[dict]:
    return [_answer_record(assistant.ask(q["question"]), q["id"]) for q in qs]


def score(questions: str, rows: list[dict], tmp: Path, name: str, titles: Path) -> dict:
    path = tmp / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = subprocess.run([sys.executable, str(SCORER), questions, str(path), "--corpus-titles", str(titles), "--json"],
                         capture_output=True, text=True)
    res = json.loads(out.stdout)
    res["supported_sentences"] = round(100 * sum(r["supported_sentences"] for r in rows) / len(rows), 1)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--skip-peer", action="store_true", help="only our two modes (the peer takes ~10 minutes)")
    args = ap.parse_args()
    qs = [json.loads(x) for x in Path(args.questions).read_text().splitlines() if x.strip()]
    s = Settings(llm_mode="none")
    r = open_retriever(s, log=lambda m: None)
    results = {}
    # a 4k context so that the peer's five 512-token citation chunks fit (ours needs far less)
    with tempfile.TemporaryDirectory() as d, LlamaServer(n_ctx=4096) as server:
        tmp = Path(d)
        titles = tmp / "titles.txt"
        titles.write_text("\n".join(p.title for p in r.papers.values()) + "\n")
        llm = OpenAICompatibleLLM(server.base_url, MODEL_ALIAS, timeout_s=s.llm_timeout_s)
        results["ours (SmolLM2)"] = score(args.questions, run_ours(Assistant(s, r, llm, load_prompts()), qs), tmp, "ours", titles)
        results["ours (no LLM)"] = score(args.questions, run_ours(Assistant(s, r, None, load_prompts()), qs), tmp, "nollm", titles)
        if not args.skip_peer:
            engine = citation_engine(r, server.base_url, tmp)
            results["CitationQueryEngine (SmolLM2)"] = score(args.questions, run_peer(engine, r, qs), tmp, "peer",
                                                             titles)
    keys = ["lookup_gold_cited", "compare_all_gold_cited", "topic_cited_recall", "topic_cited_precision",
            "unanswerable_abstained", "answerable_abstained", "fabricated_citations", "unresolved_citations",
            "supported_sentences", "fact_coverage", "total_ms_p50"]
    print(f"questions: {len(qs)}; date {time.strftime('%Y-%m-%d')}\n")
    print("| system | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, res in results.items():
        print(f"| {name} | " + " | ".join(str(res.get(k)) for k in keys) + " |")
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()

"""Speed of the offline default, one command:  .venv/bin/python benchmarks/speed.py [--questions FILE]

Reports (medians unless said otherwise):
  * cold ingest of the bundled corpus into an empty Chroma store vs the raw encoder time for the
    same chunk texts (the ceiling), and an unchanged re-ingest in a fresh process (imports included);
  * retrieval latency p50/p95 over the questions;
  * with the bundled SmolLM2 server: time to first answer text, time to full answer and generated
    tokens/s, per question kind;
  * start-up time of launch.py to a ready UI with an existing index.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app import open_retriever  # noqa: E402
from assistant.corpus import load_corpus  # noqa: E402
from assistant.embedder import get_embedder  # noqa: E402
from assistant.index import chunk_papers, embed_text, ingest  # noqa: E402
from assistant.llm_server import free_port, wait_http  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def bench_ingest(tmp: Path) -> dict:
    s = Settings(index_dir=tmp / "index_store", llm_mode="none")
    emb = get_embedder(s.embed_model, s.embed_batch_size)
    papers, _ = load_corpus(s.data_dir)
    texts = [embed_text(c) for c in chunk_papers(papers, s, emb)]
    emb.embed_documents(texts[:8])  # load the model outside both timings
    t = time.perf_counter()
    for i in range(0, len(texts), 256):
        emb.embed_documents(texts[i:i + 256])
    raw = time.perf_counter() - t
    t = time.perf_counter()
    rep = ingest(s, emb, progress=False, log=lambda m: None)
    cold = time.perf_counter() - t
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(s.index_dir))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    again = time.perf_counter() - t
    return {"chunks": len(texts), "raw_encoder_s": round(raw, 1), "cold_ingest_s": round(cold, 1),
            "cold_over_raw": round(cold / raw, 3), "embedded": rep.embedded,
            "reingest_s": round(again, 2), "reingest_embedded": int(out.split("embedded ")[1].split(",")[0])}


def bench_retrieval(questions: list[dict]) -> dict:
    r = open_retriever(Settings(llm_mode="none"), build_if_missing=True, log=lambda m: None)
    r.retrieve("warm up")
    times = []
    for q in questions:
        t = time.perf_counter()
        r.retrieve(q["question"], n=30)
        times.append((time.perf_counter() - t) * 1000)
    return {"retrieve_ms_p50": round(pct(times, 0.5), 1), "retrieve_ms_p95": round(pct(times, 0.95), 1),
            "papers": len(r.papers)}


def bench_answers(questions: list[dict]) -> dict:
    from assistant.app import build_runtime

    rt = build_runtime(Settings(llm_mode="bundled"), log=lambda m: None)
    by_kind: dict[str, dict[str, list[float]]] = {}
    try:
        rt.assistant.ask("warm up question about quantization")
        for q in questions:
            t = time.perf_counter()
            first = None
            llm_chars, t_llm0 = 0, None
            for ev in rt.assistant.stream(q["question"]):
                now = time.perf_counter()
                if ev.type == "delta":
                    first = first if first is not None else now - t
                    if "**In short:**" in ev.text:
                        t_llm0 = now
                    elif t_llm0 is not None:
                        llm_chars += len(ev.text)
                if ev.type == "answer":
                    total = now - t
                    gen = (now - t_llm0) if t_llm0 else 0
            d = by_kind.setdefault(q.get("type", "any"), {"first": [], "total": [], "tps": []})
            d["first"].append(first or total)
            d["total"].append(total)
            if gen > 0 and llm_chars:
                d["tps"].append(llm_chars / 4 / gen)  # ~4 characters a token
    finally:
        rt.close()
    out = {k: {"n": len(v["total"]), "first_text_s_p50": round(statistics.median(v["first"]), 2),
               "full_answer_s_p50": round(statistics.median(v["total"]), 2),
               "tokens_per_s_p50": round(statistics.median(v["tps"]), 1) if v["tps"] else None}
           for k, v in by_kind.items()}
    allf = [x for v in by_kind.values() for x in v["first"]]
    allt = [x for v in by_kind.values() for x in v["total"]]
    out["all"] = {"n": len(allt), "first_text_s_p50": round(statistics.median(allf), 2),
                  "full_answer_s_p50": round(statistics.median(allt), 2)}
    return out


def bench_startup() -> dict:
    port = free_port()
    env = dict(os.environ, ASSISTANT_PORT=str(port))
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "launch.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        ready = time.perf_counter() - t if wait_http(f"http://127.0.0.1:{port}/", 180, interval=0.2) else None
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
    return {"launch_to_ready_s": round(ready, 1) if ready else None}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--skip", nargs="*", default=[], choices=["ingest", "retrieval", "answers", "startup"])
    args = ap.parse_args()
    qs = [json.loads(x) for x in Path(args.questions).read_text().splitlines() if x.strip()]
    report: dict = {"machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d")}
    if "ingest" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            report["ingest"] = bench_ingest(Path(tmp))
    if "retrieval" not in args.skip:
        report["retrieval"] = bench_retrieval(qs)
    if "answers" not in args.skip:
        report["answers"] = bench_answers(qs)
    if "startup" not in args.skip:
        report["startup"] = bench_startup()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

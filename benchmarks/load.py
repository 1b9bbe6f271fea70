"""Concurrent users against the real app, one command (loopback only, bounded in time and count):

    .venv/bin/python benchmarks/load.py [--users 16] [--seconds 60] [--runs 2]

Starts `launch.py` on a free loopback port (bundled LLM unless ASSISTANT_LLM_MODE says otherwise), then
drives N gradio_client sessions that ask the /ask endpoint in a loop for the given time. Reports errors,
answers whose citations are not corpus papers, answers the LLM phrased and answers that fell back to
evidence-only because the LLM failed (e.g. timed out under load), p50/p95 latency, answers per second, and the peak and
final resident memory of the app and its LLM server after each run (a second run shows whether memory
grows).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.corpus import load_corpus  # noqa: E402
from assistant.llm_server import free_port, wait_http  # noqa: E402

QUESTIONS = [
    "Which paper speeds up batched LLM decoding when many sequences share a common prompt prefix?",
    "How do GPTQ and AQLM differ in the way they compress LLM weights?",
    "Which papers compress the KV cache?",
    "Which papers study zeroth-order optimization?",
    "Compare DeepSpeed-Ulysses and LightSeq.",
    "Which paper predicts earthquakes from seismometer waveforms?",
    "",
    "<script>alert(1)</script> which papers prune attention heads?",
]


def tree_memory_kb(pid: int) -> dict[int, tuple[int, int]]:
    """{pid: (current RSS, peak RSS) in kB} for a process and its children."""
    pids = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        pids += [int(x) for x in out.split()]
    except OSError:
        pass
    mem = {}
    for p in pids:
        rss = hwm = 0
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        except OSError:
            continue
        mem[p] = (rss, hwm)
    return mem


def run_load(url: str, users: int, seconds: float, corpus: set[str]) -> dict:
    from gradio_client import Client

    lat: list[float] = []
    errors: list[str] = []
    bad_citations = phrased = fallbacks = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(i: int) -> None:
        nonlocal bad_citations, phrased, fallbacks
        rnd = random.Random(i)
        client = Client(url, verbose=False)
        while time.monotonic() < stop:
            q = rnd.choice(QUESTIONS)
            t = time.perf_counter()
            try:
                out = client.predict(q, api_name="/ask")
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    bad_citations += sum(t not in corpus for t in out["cited"])
                    phrased += bool(out.get("llm_used"))
                    fallbacks += "LLM unavailable" in (out.get("notice") or "")
            except Exception as exc:  # counted, reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.monotonic() - t0
    lat.sort()
    return {"answers": len(lat), "errors": len(errors), "error_examples": errors[:3],
            "non_corpus_citations": bad_citations,
            "llm_phrased": phrased, "llm_fallbacks": fallbacks,  # answers the LLM phrased / that fell back
            "p50_s": round(statistics.median(lat), 2) if lat else None,
            "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 2) if lat else None,
            "answers_per_s": round(len(lat) / wall, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    corpus = {p.title for p in load_corpus(ROOT / "data")[0]}
    port = free_port()
    env = dict(os.environ, ASSISTANT_PORT=str(port), ASSISTANT_HOST="127.0.0.1")
    proc = subprocess.Popen([sys.executable, "launch.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_http(url)
        report = {"users": args.users, "seconds": args.seconds, "runs": []}
        for _ in range(args.runs):
            res = run_load(url, args.users, args.seconds, corpus)
            mem = tree_memory_kb(proc.pid)
            res["rss_mb_after"] = round(sum(r for r, _ in mem.values()) / 1024)
            res["peak_rss_mb"] = round(sum(h for _, h in mem.values()) / 1024)
            res["app_rss_mb_after"] = round(mem.get(proc.pid, (0, 0))[0] / 1024)  # the rest is the LLM server
            report["runs"].append(res)
        print(json.dumps(report, indent=2))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()

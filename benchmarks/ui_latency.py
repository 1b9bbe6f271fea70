"""Latency as a user sees it in the browser, one command:  .venv/bin/python benchmarks/ui_latency.py

Starts `python launch.py` (existing index, bundled LLM) on a free loopback port, opens it in Debian's
headless Chromium, and for each question measures the time from pressing Enter to (a) the first answer
text in the chat and (b) the full answer (the cited-papers panel filled in, which happens when the final
answer arrives). Prints per-question times and the medians.
"""
from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.llm_server import free_port, wait_http  # noqa: E402

QUESTIONS = [
    ("lookup", "Which paper speeds up batched LLM decoding when many sequences share a common prompt prefix?"),
    ("lookup", "Which work lowers peak memory for CNN inference on microcontrollers with patch-based inference?"),
    ("compare", "How do GPTQ and AQLM differ in the way they compress LLM weights?"),
    ("compare", "Compare DeepSpeed-Ulysses and LightSeq as sequence-parallel approaches."),
    ("topic", "Which papers compress the KV cache?"),
    ("topic", "Which papers study zeroth-order optimization?"),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen([sys.executable, "launch.py"], cwd=ROOT, env=dict(os.environ, ASSISTANT_PORT=str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    rows = []
    try:
        wait_http(url)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium",
                                  args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = b.new_page()
            page.goto(url)
            page.wait_for_selector("#question textarea")
            for i, (kind, q) in enumerate([("warmup", QUESTIONS[0][1])] + QUESTIONS):
                page.locator("#clear-button").click()
                page.wait_for_function("!document.querySelector('#cited-panel li')")
                box = page.locator("#question textarea")
                box.fill(q)
                t = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(
                    "Array.from(document.querySelectorAll('#chat .message-row, #chat .message'))"
                    ".some(e => /best matches|Comparing|Found|does not appear/.test(e.innerText))",
                    polling=20, timeout=60000)
                first = time.perf_counter() - t
                page.wait_for_selector("#cited-panel li, #cited-panel b", timeout=60000)
                full = time.perf_counter() - t
                if kind != "warmup":
                    rows.append({"kind": kind, "first_text_s": round(first, 2), "full_answer_s": round(full, 2)})
            b.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    for r in rows:
        print(json.dumps(r))
    print(json.dumps({"first_text_s_median": round(statistics.median(r["first_text_s"] for r in rows), 2),
                      "full_answer_s_median": round(statistics.median(r["full_answer_s"] for r in rows), 2)}))


if __name__ == "__main__":
    main()

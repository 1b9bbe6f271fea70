"""How the topic list's two tuned weights were chosen, and what to expect on new questions, one command:

    .venv/bin/python benchmarks/topic_cutoff.py [--questions FILE ...]

The questions are by default the dev set's 16 topic questions, the 12 of benchmarks/topic_extra.jsonl and
the 14 of benchmarks/holdout3.jsonl and holdout4.jsonl (written on other topics, gold lists checked
against the abstracts), 42 in all. The shipped weights were chosen on the first 28.

For the topic questions of the set, it sweeps the facet weight (assistant.topics.Feedback.facet) and the
relevance cut-off (assistant.pipeline.TOPIC_KEEP), ranking with assistant.topics.retrieve_topic and
cutting as the pipeline does (assistant.pipeline.topic_cut), and prints cited recall / precision for each
pair. Then leave-one-question-out estimates: for each question, the cut-off (and, in the first line, the
facet weight too) is chosen on the other questions and scored on the left-out one. The choice maximises
recall, with twice any shortfall of precision below 80 subtracted (a soft floor). The mean over the
left-out questions is what the rule can be expected to do on questions it was not tuned on; only the
first line ("both weights chosen") holds nothing out of the tuning, since the shipped facet weight was
itself chosen on all the questions.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app import open_retriever  # noqa: E402
from assistant.pipeline import TOPIC_KEEP, topic_cut  # noqa: E402
from assistant.records import normalise_title  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.topics import Feedback, retrieve_topic  # noqa: E402

FACET_WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
KEEPS = tuple(round(0.66 + 0.01 * i, 2) for i in range(13))
PRECISION_FLOOR = 0.80


def sweep(retriever, questions: list[dict]) -> dict[tuple[float, float], np.ndarray]:
    """(facet weight, keep) -> per-question [recall, precision] of the cited list."""
    out: dict[tuple[float, float], np.ndarray] = {}
    for fw in FACET_WEIGHTS:
        ranked = [retrieve_topic(retriever, q["question"], n=60, fb=Feedback(facet=fw)) for q in questions]
        for keep in KEEPS:
            rows = []
            for q, res in zip(questions, ranked):
                gold = {normalise_title(t) for t in q["gold"]}
                cited = {normalise_title(sp.paper.title) for sp in topic_cut(res, keep)}
                hit = len(gold & cited)
                rows.append((hit / len(gold) if gold else 0.0, hit / len(cited) if cited else 0.0))
            out[(fw, keep)] = np.array(rows)
    return out


def choose(table: dict[tuple[float, float], np.ndarray], rows: list[int]) -> tuple[float, float]:
    def objective(key: tuple[float, float]) -> float:
        recall, precision = table[key][rows].mean(axis=0)
        return recall if precision >= PRECISION_FLOOR else recall - 2 * (PRECISION_FLOOR - precision)
    return max(table, key=objective)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", nargs="+", default=[str(ROOT.parent / "shared" / "eval" / "dev.jsonl"),
                                                       *(str(ROOT / "benchmarks" / f) for f in
                                                         ("topic_extra.jsonl", "holdout3.jsonl", "holdout4.jsonl"))])
    args = ap.parse_args()
    questions = [q for path in args.questions for q in map(json.loads, Path(path).read_text().splitlines())
                 if q["type"] == "topic"]
    table = sweep(open_retriever(Settings(), log=lambda *_: None), questions)
    print(f"topic questions: {len(questions)} ({', '.join(args.questions)})\n")
    print("cited recall / precision, facet weight (rows) x cut-off (columns)\n")
    print("| facet | " + " | ".join(f"{k:.2f}" for k in KEEPS) + " |")
    print("|---|" + "---|" * len(KEEPS))
    for fw in FACET_WEIGHTS:
        cells = [" / ".join(f"{100 * v:.1f}" for v in table[(fw, k)].mean(axis=0)) for k in KEEPS]
        print(f"| {fw} | " + " | ".join(cells) + " |")
    shipped = (Feedback().facet, TOPIC_KEEP)
    print(f"\nshipped (facet {shipped[0]}, cut-off {shipped[1]}):",
          " / ".join(f"{100 * v:.1f}" for v in table[shipped].mean(axis=0)) if shipped in table else "not in the grid")
    n = len(questions)
    best = choose(table, list(range(n)))
    print(f"chosen on all {n}, tuned on them, not a held-out score (facet {best[0]}, cut-off {best[1]}):",
          " / ".join(f"{100 * v:.1f}" for v in table[best].mean(axis=0)))
    for fixed in (None, 0.0, Feedback().facet):
        grid = {k: v for k, v in table.items() if fixed is None or k[0] == fixed}
        held = []
        for i in range(n):
            key = choose(grid, [j for j in range(n) if j != i])
            held.append(grid[key][i])
        recall, precision = 100 * np.mean(held, axis=0)
        what = "both weights chosen" if fixed is None else f"facet weight {fixed}, cut-off chosen"
        print(f"leave-one-question-out ({what}): recall {recall:.1f} / precision {precision:.1f}")


if __name__ == "__main__":
    main()

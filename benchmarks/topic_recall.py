"""Recall@20 and @40 of the topic-list ranking (assistant.topics.retrieve_topic) on every topic question
the project has, per question file, one command:

    .venv/bin/python benchmarks/topic_recall.py [--show] [--questions FILE ...]

By default: the dev set's 16 topic questions and those of benchmarks/topic_extra.jsonl, holdout3,
holdout4, holdout6, holdout7_topic, holdout8_topic, holdout10_topic, holdout11_topic, holdout14-35 (280
in all; the later ones were written as held-out rounds). --show prints, for each question that misses a gold paper in its first 20, where each
missed paper ranks (-1: not in the first 60). Ranking only: what the answer cites is decided by the
pipeline's cut-off (topic_cutoff.py).
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
from assistant.records import normalise_title  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.topics import retrieve_topic  # noqa: E402

DEFAULT = [ROOT.parent / "shared" / "eval" / "dev.jsonl",
           *(ROOT / "benchmarks" / f"{name}.jsonl" for name in ("topic_extra", "holdout3", "holdout4", "holdout6",
                                                                "holdout7_topic", "holdout8_topic",
                                                                "holdout10_topic", "holdout11_topic", "holdout14", "holdout15",
                                                                "holdout16", "holdout17", "holdout18", "holdout19", "holdout20",
                                                                "holdout21", "holdout22", "holdout23", "holdout24", "holdout25", "holdout26", "holdout27", "holdout28", "holdout29", "holdout30", "holdout31", "holdout32", "holdout33", "holdout34", "holdout35"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", nargs="+", default=[str(p) for p in DEFAULT])
    ap.add_argument("--show", action="store_true", help="where each missed gold paper ranks")
    args = ap.parse_args()
    retriever = open_retriever(Settings(), log=lambda *_: None)
    rows: dict[str, list[tuple[float, float]]] = {}
    for path in args.questions:
        for q in map(json.loads, Path(path).read_text().splitlines()):
            if q["type"] != "topic":
                continue
            titles = [normalise_title(sp.paper.title) for sp in retrieve_topic(retriever, q["question"], n=60)]
            gold = {normalise_title(t) for t in q["gold"]}
            rows.setdefault(Path(path).stem, []).append(
                (len(gold & set(titles[:20])) / len(gold), len(gold & set(titles[:40])) / len(gold)))
            if args.show and not gold <= set(titles[:20]):
                print(q["id"], q["question"][:90])
                for t in sorted(gold - set(titles[:20])):
                    print(f"   {titles.index(t) if t in titles else -1:>3}  {t[:80]}")
    print("\n| questions | topic questions | recall@20 | recall@40 |\n|---|---|---|---|")
    for name, r in [*rows.items(), ("all", [x for r in rows.values() for x in r])]:
        at20, at40 = 100 * np.mean(r, axis=0)
        print(f"| {name} | {len(r)} | {at20:.1f} | {at40:.1f} |")


if __name__ == "__main__":
    main()

"""Start-up cost of the name linker at scale, one command:

    .venv/bin/python benchmarks/linker_build.py [--sizes 5000 20000] [--module assistant.names]

Builds synthetic collections of N papers as benchmarks/scale.py does (titles from real title words,
abstracts of 6-10 real sentences of the bundled corpus), then times NameLinker's construction (it reads
every title and abstract once at start-up) and the mean time of linking a few questions.
"""
from __future__ import annotations

import argparse
import importlib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.compose import sentences  # noqa: E402
from assistant.corpus import load_corpus  # noqa: E402
from assistant.records import Paper, paper_id  # noqa: E402

QUESTIONS = ["How do GPTQ and AQLM differ?", "What is NoisyQant?", "Sofia vs Adan", "how does hydragen work"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[5000, 20000])
    ap.add_argument("--module", default="assistant.names", help="where NameLinker lives (to time another version)")
    args = ap.parse_args()
    linker = importlib.import_module(args.module).NameLinker
    papers, _ = load_corpus(ROOT / "data")
    pool = [s for p in papers for s in sentences(p.abstract) if len(s) > 40]
    words = [w for p in papers for w in p.title.replace(":", " ").split()]
    rnd = random.Random(0)
    print("| papers | linker build s | link + unknown names per question ms |\n|---|---|---|")
    for n in args.sizes:
        synthetic = {}
        for i in range(n):
            title = " ".join(rnd.sample(words, rnd.randint(5, 10))) + f" {i}"
            abstract = " ".join(pool[j] for j in rnd.sample(range(len(pool)), rnd.randint(6, 10)))
            synthetic[paper_id(title)] = Paper(id=paper_id(title), title=title, abstract=abstract, sources=("x",))
        t = time.perf_counter()
        names = linker(synthetic)
        build = time.perf_counter() - t
        t = time.perf_counter()
        for q in QUESTIONS * 5:
            names.link(q)
            names.unknown_names(q)
        per_q = (time.perf_counter() - t) / (len(QUESTIONS) * 5) * 1000
        print(f"| {n} | {build:.1f} | {per_q:.2f} |", flush=True)


if __name__ == "__main__":
    main()

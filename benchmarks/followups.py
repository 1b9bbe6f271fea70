"""Follow-up questions in a conversation, one command:

    .venv/bin/python benchmarks/followups.py [--conversations benchmarks/followups.jsonl] [--llm] [--show]

Each line of the file is a conversation: {"id", "turns": [{"question", "gold": [titles], "unanswerable"?}]}.
The turns are asked in order through the chat's own path (assistant.pipeline.Assistant.ask with one
Conversation, as the UI does), so a follow-up ("compare the first two", "what about its memory use?",
"how does it compare to GPTQ?") is resolved against the papers the earlier answers cited. For every
turn: whether all its gold papers are cited, how many cited papers are not gold, and, for a turn whose
answer the abstracts do not hold ("unanswerable": true, gold []), whether the answer declined. First
turns and follow-up turns are reported apart; the follow-ups are what this measures. No LLM by default
(the LLM only rephrases; it does not choose the papers), --llm for the configured one.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app import build_runtime  # noqa: E402
from assistant.pipeline import Conversation  # noqa: E402
from assistant.records import normalise_title  # noqa: E402
from assistant.settings import get_settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conversations", default=str(ROOT / "benchmarks" / "followups.jsonl"))
    ap.add_argument("--llm", action="store_true", help="phrase with the configured LLM (default: none)")
    ap.add_argument("--show", action="store_true", help="print every turn that misses")
    args = ap.parse_args()
    rt = build_runtime(get_settings(), with_llm=args.llm, log=lambda *_: None)
    rows: dict[str, list[dict]] = {"first turns": [], "follow-ups": []}
    try:
        for conv_line in Path(args.conversations).read_text().splitlines():
            conv = json.loads(conv_line)
            memory = Conversation()
            for i, turn in enumerate(conv["turns"]):
                ans = rt.assistant.ask(turn["question"], memory)
                cited = [normalise_title(e.paper.title) for e in ans.cited]
                gold = {normalise_title(t) for t in turn["gold"]}
                unanswerable = bool(turn.get("unanswerable"))
                row = {"id": f"{conv['id']}/{i + 1}", "unanswerable": unanswerable,
                       "right": ans.abstained if unanswerable else (not ans.abstained and gold <= set(cited)),
                       "extra": 0 if unanswerable else len(set(cited) - gold), "cited": len(cited)}
                rows["first turns" if i == 0 else "follow-ups"].append(row)
                if args.show and not row["right"]:
                    print(f"{row['id']}: {turn['question']}\n   kind {ans.kind}, abstained {ans.abstained}; "
                          f"missing {sorted(gold - set(cited))}; cited {cited}")
    finally:
        rt.close()
    print("\n| turns | n | answerable: all gold cited | cited papers not gold (mean) | unanswerable: declined |")
    print("|---|---|---|---|---|")
    for name, rs in rows.items():
        ans_rows = [r for r in rs if not r["unanswerable"]]
        un_rows = [r for r in rs if r["unanswerable"]]
        pct = lambda xs: f"{100 * sum(r['right'] for r in xs) / len(xs):.1f}" if xs else "-"  # noqa: E731
        extra = f"{sum(r['extra'] for r in ans_rows) / len(ans_rows):.2f}" if ans_rows else "-"
        print(f"| {name} | {len(rs)} | {pct(ans_rows)} ({len(ans_rows)}) | {extra} | {pct(un_rows)} ({len(un_rows)}) |")


if __name__ == "__main__":
    main()

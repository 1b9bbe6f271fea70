"""Command line: ingest, ask, eval, stats, config, add, export."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import AssistantError
from .export import FORMATS
from .settings import get_settings


def _answer_record(ans, qid: str | None = None) -> dict:
    return ({"id": qid} if qid is not None else {"question": ans.question}) | ans.to_record()


def cmd_ingest(args) -> int:
    from .app import embedder_for
    from .index import add_files, ingest

    s = get_settings()
    if args.add:
        for f in add_files(s, [Path(x) for x in args.add]):
            print(f"added {f}")
    ingest(s, embedder_for(s), progress=not args.quiet)
    return 0


def cmd_stats(args) -> int:
    from .app import embedder_for
    from .index import get_all, open_index

    s = get_settings()
    coll = open_index(s, embedder_for(s))
    ids = {m["paper_id"] for m in get_all(coll, ["metadatas"])["metadatas"]}
    out = {"papers": len(ids), "chunks": coll.count(),
           "index_path": str(s.index_dir) if s.chroma_mode == "persistent" else f"http://{s.chroma_host}:{s.chroma_port}",
           "collection": coll.name, "embedding_model": (coll.metadata or {}).get("embed_model"),
           "chunk_tokens": (coll.metadata or {}).get("chunk_tokens")}
    print(json.dumps(out, indent=None if args.json else 2))
    return 0


def cmd_config(args) -> int:
    s = get_settings()
    print(json.dumps(s.masked(), indent=2))
    return 0


def cmd_ask(args) -> int:
    from .app import build_runtime
    from .export import render

    s = get_settings()
    rt = build_runtime(s, with_llm=not args.no_llm, log=lambda m: print(m, file=sys.stderr))
    try:
        ans = rt.assistant.ask(args.question)
    finally:
        rt.close()
    if args.json:
        print(json.dumps(_answer_record(ans), ensure_ascii=False, indent=2))
    elif args.format:
        print(render([e.paper for e in ans.cited], args.format))
    else:
        if ans.notice:
            print(f"[notice] {ans.notice}", file=sys.stderr)
        print(ans.text)
    return 0


def cmd_eval(args) -> int:
    from .app import build_runtime

    s = get_settings()
    rt = build_runtime(s, with_llm=not args.no_llm, log=lambda m: print(m, file=sys.stderr))
    rows = [json.loads(line) for line in Path(args.questions).read_text(encoding="utf-8").splitlines() if line.strip()]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    from tqdm import tqdm

    try:
        with out.open("w", encoding="utf-8") as f:
            for row in tqdm(rows, desc="questions", unit="q"):
                ans = rt.assistant.ask(row["question"])
                f.write(json.dumps(_answer_record(ans, row["id"]), ensure_ascii=False) + "\n")
    finally:
        rt.close()
    if args.titles:
        Path(args.titles).write_text("\n".join(p.title for p in rt.assistant.retriever.papers.values()) + "\n",
                                     encoding="utf-8")
    print(f"wrote {len(rows)} results to {out}", file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    from .app import build_runtime
    from .export import render

    s = get_settings()
    rt = build_runtime(s, with_llm=False, log=lambda m: print(m, file=sys.stderr))
    index = rt.assistant.retriever.index
    if args.topic:
        ans = rt.assistant.ask(args.topic)
        papers = [e.paper for e in ans.cited]
    else:
        titles = args.titles or [t for t in sys.stdin.read().splitlines() if t.strip()]
        papers, missing = [], []
        for t in titles:
            p = index.by_title(t)
            (papers.append(p) if p else missing.append(t))
        for t in missing:
            print(f"not in the collection: {t}", file=sys.stderr)
    print(render(papers, args.format))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m assistant", description="Research assistant over ML paper abstracts")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("ingest", help="parse the listing files and (re)build the Chroma index incrementally")
    p.add_argument("--add", nargs="+", metavar="FILE", help="copy new listing files into the data folder first")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=FORMATS,
                   help="print only the cited papers in this format")
    p.add_argument("--no-llm", action="store_true", help="answer from evidence alone")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("eval", help="answer every question of a JSONL file and write the results file")
    p.add_argument("questions")
    p.add_argument("--out", required=True)
    p.add_argument("--titles", help="also write the corpus titles, one a line (for score.py)")
    p.add_argument("--no-llm", action="store_true")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("stats", help="papers, chunks, index path, embedding model")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("config", help="effective settings, secrets masked")
    p.set_defaults(func=cmd_config)
    p = sub.add_parser("export", help="export papers by title (args or stdin) or by a topic question")
    p.add_argument("titles", nargs="*")
    p.add_argument("--topic", help="export all papers a topic question finds")
    p.add_argument("--format", default="markdown", choices=FORMATS)
    p.set_defaults(func=cmd_export)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError, RuntimeError) as exc:  # bad paths, bad files, bad settings
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a store fault raised from inside Chroma (full disk, lock, ...)
        from .storage import store_fault

        msg = store_fault(exc, get_settings())
        if msg is None:
            raise
        print(f"error: {msg}", file=sys.stderr)
        return 2

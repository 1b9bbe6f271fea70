"""Export a list of papers (an answer's citations, a reading list) as Markdown, text, BibTeX, CSV, JSON."""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Iterable

from .records import Paper

FORMATS = ("markdown", "text", "bibtex", "csv", "json")
CSV_HEADER = ["key", "title", "date", "authors_count", "upvotes", "source"]
_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                  "~": r"\~{}", "^": r"\^{}", "\\": r"\textbackslash{}"}
_MATH = re.compile(r"(\$[^$]+\$)")


def year(p: Paper) -> str:
    m = re.search(r"\b(19|20)\d{2}\b", p.date or "")
    return m.group(0) if m else ""


def bib_key(p: Paper) -> str:
    """Stable, unique key: first word of the name or title, the year when known, 4 chars of the id."""
    words = re.findall(r"[A-Za-z0-9]+", p.name or p.title)
    stem = next((w for w in words if len(w) > 2 and w.lower() not in {"the", "and", "for", "with"}), words[0] if words else "paper")
    return f"{stem.lower()[:20]}{year(p)}_{p.id[:4]}"


def latex_escape(text: str) -> str:
    """Escape LaTeX specials outside balanced $...$ math, which is kept as written."""
    out = []
    for part in _MATH.split(text):
        if _MATH.fullmatch(part) and part.count("{") == part.count("}"):
            out.append(part)
        else:
            out.append("".join(_LATEX_SPECIAL.get(ch, ch) for ch in part))
    return "".join(out)


def latex_unescape(text: str) -> str:
    """Inverse of latex_escape, used to check round trips."""
    inverse = {v: k for k, v in _LATEX_SPECIAL.items()}
    pattern = re.compile("|".join(re.escape(v) for v in sorted(inverse, key=len, reverse=True)))
    out = []
    for part in _MATH.split(text):
        out.append(part if _MATH.fullmatch(part) else pattern.sub(lambda m: inverse[m.group(0)], part))
    return "".join(out)


def to_bibtex(papers: Iterable[Paper]) -> str:
    from bibtexparser.bibdatabase import BibDatabase
    from bibtexparser.bwriter import BibTexWriter

    db = BibDatabase()
    seen: set[str] = set()
    for p in papers:
        key = bib_key(p)
        while key in seen:
            key += "x"
        seen.add(key)
        entry = {"ENTRYTYPE": "misc", "ID": key, "title": "{" + latex_escape(p.title) + "}",
                 "note": latex_escape("Listed in " + ", ".join(p.sources))}
        if year(p):
            entry["year"] = year(p)
        db.entries.append(entry)
    writer = BibTexWriter()
    writer.order_entries_by = None
    writer.indent = "  "
    return writer.write(db)


def to_csv(papers: Iterable[Paper]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for p in papers:
        w.writerow([bib_key(p), p.title, p.date or "", "" if p.authors_count is None else p.authors_count,
                    "" if p.upvotes is None else p.upvotes, ";".join(p.sources)])
    return buf.getvalue()


def to_json(papers: Iterable[Paper]) -> str:
    return json.dumps([{"n": i, "key": bib_key(p), "title": p.title, "date": p.date,
                        "authors_count": p.authors_count, "upvotes": p.upvotes, "sources": list(p.sources)}
                       for i, p in enumerate(papers, 1)], ensure_ascii=False, indent=2)


def to_markdown(papers: Iterable[Paper]) -> str:
    return "\n".join(f"{i}. {p.title}" + (f" ({p.date})" if p.date else "") for i, p in enumerate(papers, 1))


def to_text(papers: Iterable[Paper]) -> str:
    return "\n".join(f"[{i}] {p.title}" + (f". {p.date}" if p.date else "") for i, p in enumerate(papers, 1))


def render(papers: Iterable[Paper], fmt: str) -> str:
    papers = list(papers)
    fn = {"markdown": to_markdown, "text": to_text, "bibtex": to_bibtex, "csv": to_csv, "json": to_json}.get(fmt)
    if fn is None:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fn(papers)

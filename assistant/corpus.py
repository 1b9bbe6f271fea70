"""Read listing pages of paper titles and abstracts into Paper records.

Three layouts are understood, and may be mixed within a file:
  * blank-line separated: title, blank, abstract, blank;
  * the same with "• N authors", "·" and "Mon D[, YYYY] [upvotes]" lines after the abstract;
  * one line per title and one per abstract.
Page furniture ("Subscribe", "Daily Papers", ...) is skipped. Anything else that cannot be placed
is counted and reported in the ParseReport; it never stops the parse.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .records import Paper, paper_id

_FURNITURE = (
    "new",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "·",
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_DATE = re.compile(rf"^({_MONTH} \d{{1,2}}(?:, \d{{4}})?)(?:\s+(\d+))?$")
_AUTHORS = re.compile(r"^(?:[•·*-]\s*)?(\d+) authors?$")
_SENTENCE_END = re.compile(r"[.!?)\]]\s*$")
MIN_ABSTRACT_CHARS = 200
MAX_TITLE_CHARS = 300


@dataclass
class ParseReport:
    files: int = 0
    records: int = 0  # title+abstract pairs read (before merging duplicates)
    papers: int = 0  # distinct papers after merging
    duplicates_merged: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    examples: list[str] = field(default_factory=list)  # "file:line: reason: text" (first few)

    def skip(self, where: str, reason: str, text: str) -> None:
        self.skipped[reason] += 1
        if len(self.examples) < 20:
            self.examples.append(f"{where}: {reason}: {text[:80]!r}")

    def summary(self) -> str:
        s = f"{self.papers} papers from {self.records} records in {self.files} files"
        s += f" ({self.duplicates_merged} duplicates merged)"
        if self.skipped:
            s += "; skipped lines: " + ", ".join(f"{k}={v}" for k, v in sorted(self.skipped.items()))
        return s


def _is_furniture(line: str) -> bool:
    return line.casefold() in _FURNITURE


def _strip_furniture_prefix(line: str) -> str:
    # Layout 3 glues the first title onto the page's "Subscribe" button text.
    if line.startswith("Subscribe") and len(line) > len("Subscribe") and line[9].isupper():
        return line[len("Subscribe"):]
    return line


def _printable(line: str) -> bool:
    return line.isprintable() and "\ufffd" not in line


def _looks_like_abstract(line: str) -> bool:
    return (len(line) >= MIN_ABSTRACT_CHARS and len(line.split()) >= 20 and _printable(line)
            and (_SENTENCE_END.search(line) is not None or len(line) > 400))


def _looks_like_title(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE_CHARS and _printable(line) and len(line) < MIN_ABSTRACT_CHARS * 2 \
        and not _looks_like_abstract(line)


def parse_text(text: str, source: str, report: ParseReport) -> list[Paper]:
    """Parse one listing page. Returns papers in page order (duplicates within it kept)."""
    papers: list[Paper] = []
    pending_title: tuple[int, str] | None = None
    seen_paper = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _strip_furniture_prefix(raw.strip())
        where = f"{source}:{lineno}"
        if not line or _is_furniture(line):
            continue
        m_auth = _AUTHORS.match(line)
        m_date = _DATE.match(line)
        if m_auth or m_date:
            if not papers or pending_title is not None:
                if seen_paper or pending_title is not None:
                    report.skip(where, "metadata without a paper", line)
                continue  # the page's own date line, before any paper
            last = papers[-1]
            if (m_auth and last.authors_count is not None) or (m_date and last.date is not None):
                report.skip(where, "metadata without a paper", line)
                continue
            if m_auth:
                papers[-1] = replace(last, authors_count=int(m_auth.group(1)))
            else:
                upvotes = int(m_date.group(2)) if m_date.group(2) else last.upvotes
                papers[-1] = replace(last, date=m_date.group(1), upvotes=upvotes)
            continue
        if pending_title is None:
            if _looks_like_title(line):
                pending_title = (lineno, line)
            elif _looks_like_abstract(line):
                report.skip(where, "abstract without a title", line)
            else:
                report.skip(where, "unrecognised line", line)
            continue
        if _looks_like_abstract(line):
            title = pending_title[1]
            papers.append(Paper(id=paper_id(title), title=title, abstract=line, sources=(source,)))
            report.records += 1
            seen_paper = True
            pending_title = None
        else:
            report.skip(f"{source}:{pending_title[0]}", "title without an abstract", pending_title[1])
            if _looks_like_title(line):
                pending_title = (lineno, line)
            else:
                report.skip(where, "unrecognised line", line)
                pending_title = None
    if pending_title is not None:
        report.skip(f"{source}:{pending_title[0]}", "title without an abstract", pending_title[1])
    return papers


def merge(papers: list[Paper], report: ParseReport) -> list[Paper]:
    """Merge papers that share a normalised title; keep the longest abstract and any metadata."""
    by_id: dict[str, Paper] = {}
    for p in papers:
        old = by_id.get(p.id)
        if old is None:
            by_id[p.id] = p
            continue
        report.duplicates_merged += 1
        by_id[p.id] = replace(
            old,
            abstract=max(old.abstract, p.abstract, key=len),
            sources=tuple(dict.fromkeys(old.sources + p.sources)),
            authors_count=old.authors_count if old.authors_count is not None else p.authors_count,
            date=old.date or p.date,
            upvotes=old.upvotes if old.upvotes is not None else p.upvotes,
        )
    return list(by_id.values())


def listing_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.txt") if p.is_file())


def load_corpus(data_dir: Path) -> tuple[list[Paper], ParseReport]:
    report = ParseReport()
    papers: list[Paper] = []
    for path in listing_files(data_dir):
        report.files += 1
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            report.skip(path.name, "unreadable file", str(exc))
            continue
        papers.extend(parse_text(text, path.name, report))
    merged = merge(papers, report)
    report.papers = len(merged)
    return merged, report

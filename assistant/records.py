"""Typed records along the question-to-answer path: Paper -> Chunk -> Evidence -> Answer."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field


def normalise_title(title: str) -> str:
    """Whitespace- and case-folded, NFKC-normalised title: the identity of a paper."""
    return " ".join(unicodedata.normalize("NFKC", title).split()).casefold()


def paper_id(title: str) -> str:
    """Stable id from the normalised title (same title in two files -> same paper)."""
    return hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()[:16]


def short_name(title: str) -> str:
    """The name a paper goes by: the part before ':' when that part is short (e.g. 'GPTQ')."""
    head = title.split(":", 1)[0].strip()
    return head if ":" in title and len(head) <= 40 else ""


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    abstract: str
    sources: tuple[str, ...]
    authors_count: int | None = None
    date: str | None = None
    upvotes: int | None = None

    @property
    def name(self) -> str:
        return short_name(self.title)


@dataclass(frozen=True)
class Chunk:
    id: str
    paper_id: str
    title: str
    text: str
    index: int


@dataclass
class ScoredPaper:
    """A retrieved paper with the scores kept for abstention and cut-offs."""
    paper: Paper
    score: float  # fused score (higher is better)
    dense: float  # best cosine similarity of any chunk of this paper to the question
    bm25: float  # BM25 score of the paper (0 when not matched)
    uses: bool = False  # (topic lists) it names the model or benchmark the question asks papers to use
    kind: float | None = None  # (topic lists asking a kind of paper) the share of that kind's cues it holds


@dataclass
class Evidence:
    """One numbered evidence passage: the only thing an answer may cite."""
    key: int  # the citation marker number, [key]
    paper: Paper
    passage: str  # the sentences of the abstract used
    score: float
    label: str = ""  # the short name the answer calls the paper by (e.g. "GPTQ")


@dataclass
class SentenceCheck:
    sentence: str
    citations: list[int]
    supported: bool
    lexical: float
    semantic: float


@dataclass
class Answer:
    question: str
    kind: str
    text: str  # what the user sees (markdown), ends with the cited-paper list
    body: str  # the answer without the reference list
    cited: list[Evidence]  # cited evidence in order of first citation (renumbered 1..n)
    retrieved: list[ScoredPaper]
    abstained: bool
    unresolved_citations: int = 0
    llm_used: bool = False
    notice: str = ""  # e.g. "LLM unavailable: evidence-only answer"
    checks: list[SentenceCheck] = field(default_factory=list)
    related: list[Paper] = field(default_factory=list)  # shown, never cited: the nearest when abstaining,
    # those just below a topic list's cut-off
    left_out: list[Paper] = field(default_factory=list)  # a topic list's papers the question rules out
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def supported_share(self) -> float:
        return (sum(c.supported for c in self.checks) / len(self.checks)) if self.checks else 1.0

    def to_record(self) -> dict:
        """The answer as structured data: the eval results-file fields, the API's payload."""
        return {
            "retrieved": [sp.paper.title for sp in self.retrieved],
            "cited": [e.paper.title for e in self.cited],
            "related": [p.title for p in self.related],  # shown, not cited
            "left_out": [p.title for p in self.left_out],  # ruled out by the question, shown, not cited
            "abstained": self.abstained,
            "answer": self.text,
            "unresolved_citations": self.unresolved_citations,
            "supported_sentences": round(self.supported_share, 3),
            "kind": self.kind,
            "llm_used": self.llm_used,
            "notice": self.notice,
            "cited_papers": [{"n": i, "title": e.paper.title, "date": e.paper.date, "passage": e.passage}
                             for i, e in enumerate(self.cited, 1)],
            "timings_ms": self.timings_ms,
        }


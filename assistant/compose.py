"""Grounded answer bodies, built by the pipeline from abstract sentences (the model only phrases).

Every factual sentence here is copied from an abstract and carries the marker of its paper, so the
answer is correct and cited even with a 135M model or no model at all.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .records import Evidence, Paper

_ROLE = {
    "problem": re.compile(r"\b(challeng\w*|however|bottleneck|limit\w*|costly|expensive|suffer\w*|problem|"
                          r"difficult\w*|hinder\w*|prohibitive\w*|issue|struggle\w*)\b", re.I),
    "method": re.compile(r"\b(we (?:propose|introduce|present|develop|design)|this (?:paper|work)|in this (?:paper|work)|"
                         r"our (?:method|approach|framework)|called|dubbed|named)\b", re.I),
    "result": re.compile(r"(\d+(?:\.\d+)?\s*(?:x|×|times|%|\\%|-bit|bits?)|\b(?:outperform\w*|achiev\w*|speed\w*up|"
                         r"reduc\w*|improv\w*)\b.*\d)", re.I),
}
ROW_LABELS = {"problem": "Problem", "method": "Approach", "result": "Headline result", "focus": "On your question"}


@lru_cache(maxsize=4096)
def sentences(abstract: str) -> tuple[str, ...]:
    """Split an abstract into sentences with llama-index's bundled NLTK splitter."""
    from llama_index.core.node_parser.text.utils import split_by_sentence_tokenizer

    parts = split_by_sentence_tokenizer()(abstract.replace("[", "［").replace("]", "］"))  # quoted text: no markers
    return tuple(p.strip() for p in parts if len(p.strip()) > 1)


def role_sentence(abstract: str, role: str, avoid: set[str]) -> str:
    sents = [s for s in sentences(abstract) if s not in avoid]
    if not sents:
        return ""
    hits = [s for s in sents if _ROLE[role].search(s)]
    if role == "result":
        return hits[-1] if hits else sents[-1]
    if role == "method":
        return hits[0] if hits else sents[min(1, len(sents) - 1)]
    return hits[0] if hits and sents.index(hits[0]) < 3 else sents[0]


def best_sentences(question_vec: np.ndarray, abstract: str, embed, k: int = 2) -> list[str]:
    """The k sentences of an abstract closest to the question, in abstract order."""
    sents = list(sentences(abstract))
    if len(sents) <= k:
        return sents
    vecs = np.asarray(embed(sents))
    top = sorted(np.argsort(-(vecs @ question_vec))[:k])
    return [sents[i] for i in top]


def gist(question_vec: np.ndarray, abstract: str, embed) -> str:
    """A paper's one-line gist for a topic list: of the sentences saying what the paper itself does
    ("we propose", "this paper", "called ..."), the one closest to the question; the closest sentence
    of all when none says so."""
    sents = list(sentences(abstract))
    own = [s for s in sents if _ROLE["method"].search(s)] or sents
    if len(own) <= 1:
        return own[0] if own else ""
    return own[int(np.argmax(np.asarray(embed(own)) @ question_vec))]


# where the sentence check (verify.py) splits an answer's claims; a sentence the NLTK splitter kept
# whole ("... of size T. Empirically, ...") is split here too, so that each claim carries a marker
CLAIM_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


def cite(text: str, key: int) -> str:
    """Append the marker to every sentence of `text`, so that each claim carries its citation."""
    parts = [c for p in sentences(text.strip()) or (text.strip(),) for c in CLAIM_BREAK.split(p) if c.strip()]
    return " ".join(f"{p} [{key}]" for p in parts)


def cell(text: str, key: int, limit: int = 220) -> str:
    """A table cell: one cited sentence, shortened at a word boundary, pipes escaped."""
    t = " ".join(text.split()).replace("|", "\\|")
    if len(t) > limit:
        t = t[:limit].rsplit(" ", 1)[0] + " …"
    return cite(t, key)


def label(p: Paper, alias: str = "") -> str:
    return p.name or alias or (p.title if len(p.title) <= 60 else p.title[:57].rsplit(" ", 1)[0] + "…")


def lookup_body(main: Evidence, also: list[Evidence]) -> str:
    """The paper, the sentences of its abstract closest to the question, then its approach and headline
    result when those are other sentences (what a reader asks next about a paper just found)."""
    lines = [f"The paper that best matches is **{main.paper.title}** [{main.key}].",
             cite(main.passage, main.key)]
    shown = set(sentences(main.passage))
    details = []
    for role in ("method", "result"):
        sentence = role_sentence(main.paper.abstract, role, shown)  # (never one of `shown`)
        if sentence:
            details.append(f"- **{ROW_LABELS[role]}:** {cite(sentence, main.key)}")
            shown.add(sentence)
    lines += [""] + details if details else []
    if also:
        lines.append("")
        lines.append("Also related:")
        lines.extend(f"- **{e.paper.title}** [{e.key}]: {cite(e.passage, e.key)}" for e in also)
    return "\n".join(lines)


def compare_table(evidence: list[Evidence], focus: dict[int, list[str]]) -> str:
    used: dict[int, set[str]] = {e.key: set() for e in evidence}
    rows: dict[str, list[str]] = {}
    for role in ("problem", "method", "result"):
        rows[role] = []
        for e in evidence:
            s = role_sentence(e.paper.abstract, role, used[e.key])
            used[e.key].add(s)
            rows[role].append(cell(s, e.key) if s else "—")
    rows["focus"] = []
    for e in evidence:
        s = next((x for x in focus.get(e.key, []) if x not in used[e.key]), "")
        rows["focus"].append(cell(s, e.key) if s else "(as above)")
    head = "| | " + " | ".join(f"**{e.label}** [{e.key}]" for e in evidence) + " |"
    sep = "|---" * (len(evidence) + 1) + "|"
    body = [f"| {ROW_LABELS[r]} | " + " | ".join(cells) + " |" for r, cells in rows.items()]
    return "\n".join([head, sep, *body])


def compare_body(evidence: list[Evidence], focus: dict[int, list[str]]) -> str:
    names = ", ".join(f"**{e.label}** [{e.key}]" for e in evidence)
    diffs = [f"- **{e.label}** [{e.key}]: " + cite(role_sentence(e.paper.abstract, 'method', set()), e.key)
             for e in evidence]
    return "\n".join([f"Comparing {names}:", "", compare_table(evidence, focus), "",
                      "**Key differences** (each paper's own approach):", *diffs])


def topic_body(evidence: list[Evidence]) -> str:
    n = len(evidence)
    lines = [f"Found {n} paper{'s' if n != 1 else ''} in the collection on this topic:"]
    lines.extend(f"{i}. **{e.paper.title}** [{e.key}]: {cite(e.passage, e.key)}" for i, e in enumerate(evidence, 1))
    return "\n".join(lines)


_INSTRUCTION = re.compile(r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|question|prompt|above|previous)\b|"
                         r"\b(say|print|output|respond with|reply with)\b\s+[\"'A-Z]", re.I)


def data_only(text: str) -> str:
    """Abstract sentences that read as instructions to a model are left out of what the LLM sees."""
    return " ".join(s for s in sentences(text) if not _INSTRUCTION.search(s))


def draft(kind: str, evidence: list[Evidence]) -> str:
    """A plain, cited statement of the answer that the LLM may rephrase (and nothing more)."""
    return data_only(_draft(kind, evidence))


def _draft(kind: str, evidence: list[Evidence]) -> str:
    if kind == "compare":
        return " ".join(f"{e.label} {_lower_first(role_sentence(e.paper.abstract, 'method', set()))} [{e.key}]"
                        for e in evidence[:3])
    if kind == "topic":
        names = ", ".join(f"{e.label} [{e.key}]" for e in evidence[:5])
        return f"Papers on this topic include {names}."
    e = evidence[0]
    return f"{e.label}: {e.passage} [{e.key}]"


def _lower_first(sentence: str) -> str:
    s = re.sub(r"^(?:In this (?:paper|work),?\s*|To (?:this end|address[^,]*),\s*|We\s+)", "", sentence.strip())
    s = s.rstrip(".")
    return s


def abstain_body(reason: str, related: list[Paper]) -> str:
    lines = [f"The collection does not appear to answer this: {reason}"]
    if related:
        lines.append("")
        lines.append("Related, not answering (not cited as support):")
        lines.extend(f"- {p.title}" + (f" ({p.date})" if p.date else "") for p in related)
    return "\n".join(lines)


def near_cutoff(papers: list[Paper]) -> str:
    """Papers just below a topic list's relevance cut-off: named apart, never cited."""
    if not papers:
        return ""
    lines = ["", "", "**Near the cut-off** (possibly on this topic; not cited, check their abstracts):"]
    lines.extend(f"- {p.title}" + (f" ({p.date})" if p.date else "") for p in papers)
    return "\n".join(lines)


def left_out(papers: list[tuple[Paper, str]]) -> str:
    """Papers a topic list leaves out because the question rules out what their titles name."""
    if not papers:
        return ""
    lines = ["", "", "**Left out, as the question asks** (each title names a subject it excludes):"]
    lines.extend(f"- {p.title} (\u201c{why}\u201d)" for p, why in papers)
    return "\n".join(lines)


def references(cited: list[Evidence]) -> str:
    if not cited:
        return ""
    lines = ["", "**References**"]
    lines.extend(f"{i}. {e.paper.title}" + (f" ({e.paper.date})" if e.paper.date else "")
                 for i, e in enumerate(cited, 1))
    return "\n".join(lines)

"""Check each sentence of an answer against the abstracts it cites (lexical and embedding support)."""
from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np

from .citations import markers_in, strip_markers
from .compose import CLAIM_BREAK, sentences
from .records import Evidence, SentenceCheck

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]{3,}|\d+(?:\.\d+)?")
_STOP = {"this", "that", "with", "from", "which", "their", "these", "those", "they", "have", "been", "were",
         "into", "than", "also", "such", "both", "each", "while", "whereas", "paper", "papers", "work",
         "approach", "method", "question", "answer", "about", "using", "uses", "used", "based", "more",
         # the answer templates' own words
         "best", "matches", "related", "found", "collection", "topic", "comparing", "differences", "problem",
         "headline", "result", "focus", "above", "summary", "short"}
_MASK = str.maketrans({".": "\ue000", "?": "\ue001", "!": "\ue002"})
_UNMASK = str.maketrans({"\ue000": ".", "\ue001": "?", "\ue002": "!"})
LEXICAL_MIN = 0.6
SEMANTIC_MIN = 0.7


def content_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(strip_markers(text)) if w.lower() not in _STOP]


def split_answer_sentences(text: str) -> list[str]:
    """Sentences (and table cells / list items) of an answer that make claims."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or set(line) <= {"|", "-", " "}:
            continue
        if line.startswith("|"):
            out.extend(c.strip() for c in line.strip("|").split("|") if markers_in(c))
            continue
        # a bold title may hold its own '.' or '?': it does not end the sentence
        masked = re.sub(r"\*\*.+?\*\*", lambda m: m.group(0).translate(_MASK), line)
        out.extend(x.strip().translate(_UNMASK) for x in CLAIM_BREAK.split(masked)
                   if x.strip())
    return out


def check_sentence(sentence: str, evidence: dict[int, Evidence],
                   embed: Callable[[Sequence[str]], list[list[float]]] | None) -> SentenceCheck:
    keys = [k for k in markers_in(sentence) if k in evidence]
    if not keys:
        return SentenceCheck(sentence, [], False, 0.0, 0.0)
    source = " ".join(evidence[k].paper.title + " " + evidence[k].paper.abstract for k in keys)
    src_words = set(content_words(source))
    words = content_words(sentence)
    lexical = (sum(w in src_words for w in words) / len(words)) if words else 1.0
    urls_ok = all(u in source for u in re.findall(r"https?://\S+|www\.\S+", sentence))
    src_numbers = set(re.findall(r"\d+(?:\.\d+)?", source))
    claim = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", strip_markers(sentence))  # a list item's own number is no claim
    numbers_ok = urls_ok and all(n in src_numbers for n in re.findall(r"\d+(?:\.\d+)?", claim))
    semantic = 0.0
    if embed is not None and lexical < 1.0:
        claims = [strip_markers(sentence)]
        srcs = [s for k in keys for s in sentences(evidence[k].paper.abstract)] or [source]
        vecs = np.asarray(embed(claims + srcs))
        semantic = float(np.max(vecs[1:] @ vecs[0]))
    supported = numbers_ok and (lexical >= LEXICAL_MIN or (semantic >= SEMANTIC_MIN and lexical >= 0.3))
    return SentenceCheck(sentence, keys, supported, round(lexical, 3), round(semantic, 3))


def check_text(text: str, evidence: list[Evidence],
               embed: Callable[[Sequence[str]], list[list[float]]] | None) -> list[SentenceCheck]:
    by_key = {e.key: e for e in evidence}
    return [check_sentence(s, by_key, embed) for s in split_answer_sentences(text)
            if markers_in(s) or len(content_words(s)) >= 4]

"""Hybrid retrieval: BM25 (bm25s) and dense (llama-index over Chroma), fused per paper.

Chunks are aggregated to distinct papers (a paper's best chunk speaks for it); each ScoredPaper
keeps its raw dense cosine and BM25 score, which the answer path uses for abstention and cut-offs.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

import bm25s
import numpy as np

from .embedder import Embedder
from .errors import StoreError
from .records import Paper, ScoredPaper, normalise_title

log = logging.getLogger(__name__)
_STEM_LOCK = threading.Lock()
_STEMMER: Any = None


def _stem(words: list[str]) -> list[str]:
    """One PyStemmer for the process (it must not be called concurrently, and each instance keeps
    its own word cache: one per worker thread grew the app's memory with every new thread)."""
    global _STEMMER
    with _STEM_LOCK:
        if _STEMMER is None:
            import Stemmer

            _STEMMER = Stemmer.Stemmer("english")
        return _STEMMER.stemWords(words)


# Words of the question's form, not of its topic.
_QUESTION_WORDS = {
    "which", "what", "paper", "papers", "work", "works", "study", "studies", "method", "methods",
    "approach", "approaches", "collection", "propose", "proposes", "proposed", "present", "presents",
    "introduce", "introduces", "there", "any", "does", "do", "how", "compare", "comparison", "differ",
    "difference", "differences", "between", "describe", "describes", "is", "are", "the", "a", "an",
    # a chat turn's openers ("ok what about knowledge graphs?")
    "ok", "okay", "alright", "hmm", "cool", "thanks", "yeah", "hey", "got",
    # and the words that leave a list open ("classification, denoising, whatever")
    "whatever", "whichever", "etc", "stuff",
}


# a bit width ("1-bit", "4 bits", "1.58-bit"): the tokenizer drops one-character tokens, so "1-bit"
# would be just "bit"; it is read as the word "1bit" followed by "bit" ("low-bit" still matches it)
_BIT_WIDTH = re.compile(r"\b(\d+)(?:\.(\d+))?[- ]?bits?\b", re.I)


# a size written short ("1.16B-parameter", "7B", "300M") or long ("1.16 billion parameters"): one form
_SIZE = re.compile(r"\b(\d+(?:\.\d+)?)\s?([BMT])(?![\w.])")
_SIZE_WORD = {"B": "billion", "M": "million", "T": "trillion"}


def bm25_tokens(texts: list[str]) -> Any:
    texts = [_SIZE.sub(lambda m: f"{m[1]} {_SIZE_WORD[m[2]]}",
                       _BIT_WIDTH.sub(lambda m: f"{m[1]}{m[2] or ''}bit bit", t)) for t in texts]
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stem, show_progress=False)


def token_words(tokens: Any) -> list[list[str]]:
    """bm25s' tokenized texts as lists of their (stemmed) words, in order."""
    word = {i: w for w, i in tokens.vocab.items()}
    return [[word[i] for i in ids] for ids in tokens.ids]


def word_pairs(words: list[str]) -> list[str]:
    """Each adjacent pair of a text's stemmed words ("state space", "dataset distil"), as one BM25
    term of the pair index (a space never occurs inside a word token)."""
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


def one_edit(a: str, b: str) -> bool:
    """Whether two different words are one letter inserted, dropped or changed apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def query_terms(text: str) -> dict[str, float]:
    """A topic's BM25 terms: its topic words and their adjacent pairs, weighted by how often it uses
    them. A phrase of the topic found as a phrase in a paper counts more than its words found apart
    (the sequential-dependence idea): it tells "dataset distillation" from "distillation"."""
    words = topic_words(text)
    terms: dict[str, float] = {}
    for t in words + word_pairs(words):
        terms[t] = terms.get(t, 0.0) + 1.0
    return terms


def _pair_index(tokens: Any) -> Any:
    pairs = bm25s.BM25()
    pairs.index([word_pairs(words) for words in token_words(tokens)], show_progress=False)
    return pairs


def _in_background(build: Callable[..., Any], *args: Any) -> Future:
    """Run a build in a daemon thread (a one-shot command does not wait for it at exit; an index swapped
    out by a refresh does not hold up the next one's); a failure is logged once and kept in the future."""
    done: Future = Future()

    def run() -> None:
        try:
            done.set_result(build(*args))
        except BaseException as exc:  # noqa: BLE001 (kept for the caller; MemoryError included)
            log.warning("the word-pair index could not be built (%s: %s); topic lists score words only",
                        type(exc).__name__, exc)
            done.set_exception(exc)

    threading.Thread(target=run, name="pair-index", daemon=True).start()
    return done


def _double_dropped(word: str, full: str) -> bool:
    """Whether `word` is `full` with one of its double letters written once ("atention", "acuracy")."""
    return len(full) == len(word) + 1 and any(full[i] == full[i + 1] and full[:i] + full[i + 1:] == word
                                              for i in range(len(full) - 1))


RESPELL_MIN = 9  # a word this long, one typo from a word the papers write, is read as that word


@dataclass
class PaperIndex:
    """Everything retrieval needs in memory, loaded from the Chroma collection (the source of truth)."""
    papers: dict[str, Paper]
    order: list[str]  # paper ids in BM25 document order
    bm25: Any  # words
    pairs_built: Future  # the BM25 index of adjacent word pairs (topic lists' phrase matching)
    chunk_paper: dict[str, str]  # chunk id -> paper id

    @classmethod
    def from_collection(cls, coll: Any) -> "PaperIndex":
        from .index import get_all

        got = get_all(coll, ["documents", "metadatas"])
        if not got["ids"]:
            raise StoreError("the index is empty: run `python -m assistant ingest`")
        texts: dict[str, list[tuple[int, str]]] = {}
        meta: dict[str, dict[str, Any]] = {}
        chunk_paper: dict[str, str] = {}
        for cid, doc, md in zip(got["ids"], got["documents"], got["metadatas"]):
            pid = chunk_paper[cid] = md["paper_id"]
            texts.setdefault(pid, []).append((int(md.get("chunk_index", 0)), doc))
            if md.get("chunk_index", 0) == 0 or pid not in meta:
                meta[pid] = {**meta.get(pid, {}), **md}
        papers: dict[str, Paper] = {}
        for pid, md in meta.items():
            abstract = md.get("abstract") or " ".join(t for _, t in sorted(texts[pid]))
            papers[pid] = Paper(id=pid, title=md["title"], abstract=abstract,
                                sources=tuple(json.loads(md.get("sources", "[]"))),
                                authors_count=md.get("authors_count"), date=md.get("date"),
                                upvotes=md.get("upvotes"))
        order = sorted(papers)
        bm25 = bm25s.BM25()
        # title twice: a paper's name is its strongest lexical signal
        tokens = bm25_tokens([f"{papers[i].title} {papers[i].title} {papers[i].abstract}" for i in order])
        bm25.index(tokens, show_progress=False)
        # the pair index is as large as the word index and only topic lists use it: built in the
        # background, so start-up does not wait for it (100k papers: start-up 24 s, pairs ~30 s more)
        pairs = _in_background(_pair_index, tokens)
        return cls(papers=papers, order=order, bm25=bm25, pairs_built=pairs, chunk_paper=chunk_paper)

    @property
    def pairs(self) -> Any:
        """The pair index (waiting for its background build the first time), or None if it failed."""
        return None if self.pairs_built.exception() else self.pairs_built.result()

    @cached_property
    def position(self) -> dict[str, int]:
        """Paper id -> its place in `order` (and in every score vector)."""
        return {pid: i for i, pid in enumerate(self.order)}

    @cached_property
    def _by_start(self) -> dict[str, list[str]]:
        """The collection's words by their first two letters, the most used first (then alphabetically):
        a typo one letter from two words ("matrixc": matrix, matric) reads as the commoner, in every
        process (the vocabulary's own order follows string hashing, which differs between processes)."""
        out: dict[str, list[str]] = {}
        for word in self.bm25.vocab_dict:
            if isinstance(word, str) and len(word) >= 4:
                out.setdefault(word[:2], []).append(word)
        return {k: sorted(ws, key=lambda w: (-self.df(w), w)) for k, ws in out.items()}

    def near_word(self, word: str) -> str | None:
        """A word of the collection one typo away from a (stemmed) word of seven letters or more, with the
        same first two (shorter words are too often one letter from another word: "mouth", "month"); for
        a word of four to six letters, only one of a double letter left out ("cros", "atention")."""
        if len(word) < 4:
            return None
        if len(word) >= 7:
            return next((w for w in self._by_start.get(word[:2], ()) if one_edit(word, w)), None)
        return next((w for w in self._by_start.get(word[:2], ()) if _double_dropped(word, w)), None)

    @cached_property
    def _surface(self) -> dict[str, list[str]]:
        """The collection's lower-case words of seven letters or more as written, by their first two
        letters, the most used first (then alphabetically)."""
        counts: dict[str, int] = {}
        for p in self.papers.values():
            for w in re.findall(r"[a-z]{7,}", f"{p.title} {p.abstract}".lower()):
                counts[w] = counts.get(w, 0) + 1
        out: dict[str, list[str]] = {}
        for w in sorted(counts, key=lambda w: (-counts[w], w)):
            out.setdefault(w[:2], []).append(w)
        return out

    @cached_property
    def _written(self) -> set[str]:
        return {w for ws in self._surface.values() for w in ws}

    def respelled(self, text: str, whole: Callable[[str], bool] = lambda word: False) -> str:
        """The text with each lower-case word of seven letters or more that no paper writes, but one typo
        from a word papers do write, spelled as they do ("hyperspectal" -> hyperspectral): the
        embedding reads word pieces, so a typo moves it farther than it moves BM25 (which reads it
        through `collection_word`)."""
        def fix(m: re.Match[str]) -> str:
            w = m.group(0)
            # (a word papers write otherwise inflected; a real word of the embedder's vocabulary: "infection")
            if w in self._written or _stem([w])[0] in self.bm25.vocab_dict or whole(w):
                return w
            # a long word ("hyperspectal", "recomender"), or one of a double letter left out ("acuracy"):
            # shorter ones are too often another real word ("leaning", "halving", "contract")
            return next((c for c in self._surface.get(w[:2], ()) if one_edit(w, c)
                         and (len(w) >= RESPELL_MIN or _double_dropped(w, c))), w)
        return re.sub(r"(?<![\w\-'])[a-z]{7,}(?![\w\-'])", fix, text)

    def collection_word(self, word: str) -> str | None:
        """The (stemmed) word as the collection has it: itself if some paper uses it, else the word one
        typo away ("adverserial" -> adversari), else None."""
        return word if word in self.bm25.vocab_dict else self.near_word(word)

    def df(self, term: str) -> int:
        """How many papers use a (stemmed) token: the length of its column in bm25s' score matrix."""
        col = self.bm25.vocab_dict.get(term)
        indptr = self.bm25.scores["indptr"]
        return 0 if col is None or col + 1 >= len(indptr) else int(indptr[col + 1] - indptr[col])

    def lexical(self, weights: dict[str, float], cache: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """BM25 of every paper (in `order`) for weighted terms (words, or word pairs from the pair index):
        sum of weight x the term's score.
        `cache` keeps each token's score column for the next call (texts that share words)."""
        total = np.zeros(len(self.order), dtype=np.float32)
        for term, w in weights.items():
            bm25 = self.pairs if " " in term else self.bm25
            if bm25 is not None and term in bm25.vocab_dict:
                col = cache.get(term) if cache is not None else None
                if col is None:
                    col = bm25.get_scores([term])
                    if cache is not None:
                        cache[term] = col
                total += w * col
        return total

    def by_title(self, title: str) -> Paper | None:
        t = normalise_title(title)
        return next((p for p in self.papers.values() if normalise_title(p.title) == t), None)


def _unreadable(exc: BaseException) -> StoreError:
    return StoreError(f"the index cannot be read ({type(exc).__name__}: {exc})")


def fuse(dense: Any, lexical: Any, bm25_weight: float) -> Any:
    """The hybrid score: a convex mix of the dense cosine (negatives as 0) and the BM25 score already
    scaled to [0, 1]; floats or numpy arrays."""
    return (1 - bm25_weight) * np.maximum(dense, 0.0) + bm25_weight * lexical


# a negation written short ("don't", "isn't", "can't"): its stem is no topic word ("don" is in no abstract)
_NOT_SHORT = re.compile(r"\b(?:won|shan|ain|can)['’]t\b|\Bn['’]t\b", re.I)
_NOT_LONG = {"won't": "will not", "shan't": "shall not", "ain't": "is not", "can't": "can not"}


def _not_long(m: re.Match[str]) -> str:
    """A short negation written out ("won't": "will not"; "don't": "do not", by dropping the "n't")."""
    return _NOT_LONG.get(m.group(0).lower().replace("’", "'"), " not")


def strip_question_form(q: str) -> str:
    words = re.findall(r"[\w\-\.\$\^]+", _NOT_SHORT.sub(_not_long, q))
    kept = [w for w in words if w.lower() not in _QUESTION_WORDS]
    return " ".join(kept) or q


def topic_words(text: str) -> list[str]:
    """The stemmed BM25 tokens of a text's topic words (the question's form left out), in order."""
    return token_words(bm25_tokens([strip_question_form(text)]))[0]


class HybridRetriever:
    """BM25 + dense, fused per paper by a convex mix of normalised scores (ahead of reciprocal-rank
    fusion on the dev set: see benchmarks/retrieval.py)."""

    def __init__(self, coll: Any, embedder: Embedder, bm25_weight: float = 0.4, notice: str = "",
                 reopen: Callable[[], Any] | None = None, refresh_s: float = 30.0) -> None:
        self.embedder = embedder
        self.wb = bm25_weight
        self.notice = notice  # about the store, for the UI (e.g. answering from a read-only copy)
        self.reopen = reopen  # finds the live collection again (rebuilt or extended by another process)
        self.refresh_s = refresh_s
        self._lock = threading.RLock()
        self._forced = float("-inf")  # when a failure last forced a reload
        self._load(coll)

    def _load(self, coll: Any) -> None:
        index = PaperIndex.from_collection(coll)
        # one assignment each: a concurrent question sees either the old or the new index whole enough
        # (a chunk id the in-memory map does not know is skipped)
        self.coll, self.index, self.n_chunks = coll, index, coll.count()
        self._checked = time.monotonic()

    def refresh(self, force: bool = False) -> bool:
        """Swap in the index another process rebuilt (settings changed) or extended (`ingest --add`),
        so a running app keeps answering and sees new papers without a restart. Checked at most every
        `refresh_s` seconds (one count query) unless forced; True if a new index was loaded. A routine
        check that fails keeps the loaded index; a forced one raises StoreError."""
        if self.reopen is None or (not force and time.monotonic() - self._checked < self.refresh_s):
            return False
        with self._lock:
            self._checked = time.monotonic()
            try:
                try:
                    unchanged = not force and self.coll.count() == self.n_chunks
                except Exception:  # the collection was dropped by a rebuild: find the new one
                    unchanged = False
                if unchanged:
                    return False
                coll = self.reopen()
                if coll.count() == 0:
                    return False
                self._load(coll)
            except Exception as exc:
                if force:
                    raise _unreadable(exc) from exc
                log.warning("index refresh failed (%s: %s); answering from the loaded index", type(exc).__name__, exc)
                return False
            log.info("index reloaded: %s, %d papers", coll.name, len(self.index.papers))
            return True

    def _store(self, op: Callable[[Any], Any]) -> Any:
        """Run a store operation; if it fails because a rebuild replaced the collection, swap in the
        live one and retry once. Concurrent failures reload once; a failure right after a reload is
        not a replaced collection, and is reported instead of reloading again."""
        coll = self.coll
        try:
            return op(coll)
        except Exception as exc:
            failure = exc
        if self.reopen is None:
            raise _unreadable(failure) from failure
        with self._lock:
            if self.coll is coll:  # nobody swapped it meanwhile
                if time.monotonic() - self._forced < self.refresh_s:
                    raise _unreadable(failure) from failure
                self._forced = time.monotonic()
                self.refresh(force=True)
        try:
            return op(self.coll)
        except Exception as exc:
            raise _unreadable(exc) from exc

    @property
    def papers(self) -> dict[str, Paper]:
        return self.index.papers

    def dense(self, question: str, n_chunks: int) -> dict[str, float]:
        """Best cosine per paper among the n_chunks nearest chunks. Asks Chroma for distances only
        and maps chunk ids to papers in memory: fetching each hit's metadata from SQLite cost ~4 ms
        a question, and rebuilding llama-index nodes a third of the time (benchmarks/retrieval.py)."""
        return self.dense_vector(self.embedder.embed_query(question), n_chunks)

    def dense_vector(self, qv: list[float], n_chunks: int) -> dict[str, float]:
        """Best cosine per paper among the n_chunks chunks nearest to a query vector."""
        return self.dense_vectors([qv], n_chunks)[0]

    def dense_vectors(self, qvs: list[list[float]], n_chunks: int) -> list[dict[str, float]]:
        """dense_vector for several query vectors, in one store query."""
        res = self._store(lambda c: c.query(query_embeddings=qvs, n_results=min(n_chunks, self.n_chunks),
                                            include=["distances"]))
        chunk_paper = self.index.chunk_paper
        out = []
        for ids, dists in zip(res["ids"], res["distances"]):
            best: dict[str, float] = {}
            for cid, dist in zip(ids, dists):
                pid = chunk_paper.get(cid)
                if pid is None:  # added by another process since this index was loaded
                    continue
                cos = 1.0 - float(dist)  # cosine space: distance = 1 - cosine
                if cos > best.get(pid, -2.0):
                    best[pid] = cos
            out.append(best)
        return out

    def sparse(self, question: str, n: int) -> dict[str, float]:
        index = self.index  # one index for the whole call, even if a refresh swaps it meanwhile
        # a word no paper uses but one typo from one that does is read as that one ("adverserial")
        terms = [t for t in map(index.collection_word, topic_words(question)) if t]
        if not terms:
            return {}
        n = min(n, len(index.order))
        docs, scores = index.bm25.retrieve([terms], k=n, show_progress=False)
        return {index.order[int(d)]: float(s) for d, s in zip(docs[0], scores[0]) if s > 0}

    def retrieve(self, question: str, n: int = 30, dense_chunks: int | None = None) -> list[ScoredPaper]:
        """Distinct papers, best first. The fused score is a convex mix of the dense cosine and the
        BM25 score scaled by the best BM25 score of this question (both in [0, 1])."""
        self.refresh()
        dense = self.dense(question, dense_chunks or 4 * n)
        sparse = self.sparse(question, max(3 * n, 100))
        top_b = max(sparse.values(), default=0.0) or 1.0
        out: list[ScoredPaper] = []
        papers = self.papers
        for pid in (set(dense) | set(sparse)) & papers.keys():
            d, b = dense.get(pid, 0.0), sparse.get(pid, 0.0)
            out.append(ScoredPaper(paper=papers[pid], score=float(fuse(d, b / top_b, self.wb)), dense=d, bm25=b))
        out.sort(key=lambda sp: (-sp.score, -sp.dense, sp.paper.id))  # (ties: by id, the same in every process)
        return out[:n]

    def chunk_vectors(self, paper_ids: list[str]) -> dict[str, np.ndarray]:
        """Each paper's chunk embeddings (one row a chunk), read from the store."""
        if not paper_ids:
            return {}
        got = self._store(lambda c: c.get(where={"paper_id": {"$in": paper_ids}},
                                          include=["embeddings", "metadatas"]))
        acc: dict[str, list[np.ndarray]] = {}
        for e, md in zip(got["embeddings"], got["metadatas"]):
            acc.setdefault(md["paper_id"], []).append(np.asarray(e, dtype=np.float32))
        return {pid: np.stack(vs) for pid, vs in acc.items()}

    def paper_vectors(self, paper_ids: list[str]) -> dict[str, np.ndarray]:
        """Mean chunk embedding of each paper (normalised), read from the store."""
        out = {}
        for pid, vs in self.chunk_vectors(paper_ids).items():
            m = vs.mean(axis=0)
            out[pid] = m / (np.linalg.norm(m) or 1.0)
        return out

    def oov_share(self, question: str) -> float:
        """Share of the question's topic words that occur nowhere in the collection, not even one typo
        away ("adverserial", "acuracy")."""
        words = topic_words(question)
        index = self.index
        return sum(index.collection_word(w) is None for w in words) / len(words) if words else 0.0

"""Topic-list retrieval: deep, with pseudo-relevance feedback on both the lexical and the dense side.

A topic question ("Which papers ... , i.e. ..., e.g. ...? X on its own does not count.") is long and
mixes the topic's words with the question's form and with what it excludes. Retrieval here:

1. keeps the topic's own words: the lead-in ("which papers are about"), exclusion sentences ("...
   does not count"), contrast clauses ("rather than ...", "as opposed to ...") and negated asides
   ("(not multimodal ones)") are dropped, so that the excluded subject does not attract papers;
2. ranks with the hybrid retriever on that text (first pass);
3. expands the query from the first pass's best papers: lexically by the terms those papers share
   far more often than the collection does (KL-divergence term selection, Carpineto et al. 2001),
   scored with the same BM25 index; densely by moving the query vector toward the papers' mean
   vector (Rocchio);
4. fuses the expanded dense and lexical scores exactly as the hybrid retriever does;
5. re-ranks by a mix of that score (relative to the best) and each paper's similarity to the centroid
   of the best papers;
6. reads the topic as a disjunction of its facets: a question that spells its topic out ("X, i.e. A,
   B or C", "such as", "whether ...") is about papers on X that do A *or* B *or* C, and a paper strong
   on one facet is on topic even if it says nothing of the others. Each facet (the head joined with
   one alternative) is scored by the plain hybrid score (dense + BM25, no feedback), scaled to its own
   best paper; each paper's best facet score is mixed in. This is the score the pipeline's relevance
   cut-off is applied to;
7. orders the list by reciprocal-rank fusion of that score with each signal on its own (BM25 of the
   topic, BM25 of the expansion terms, the Rocchio cosine, the best facet, the centroid cosine), over
   candidates that any of them ranks in its best n. A paper that uses the topic's technique for another
   subject (a microcontroller paper that runs an architecture search) is ranked high by BM25 and low
   by its abstract's embedding; a mixture of scores buries it, a fusion of ranks does not.

Every dense signal is a real cosine for every candidate: a paper BM25 brings in whose chunks are beyond the
store query's nearest gets its best chunk's cosine read from its own vectors (as 0 it ranked last on every
dense signal: recall@20 on dev 92.8 -> 93.5).

Every BM25 score here counts the topic's adjacent word pairs too (retrieval.query_terms, scored on
the pair index), so a phrase of the topic matches a paper's phrase more than its words scattered.

Measured on the dev set's topic questions (benchmarks/retrieval.py): recall@20 of the ranking
88.3 -> 92-93 (92.1 -> 92.8 by the rank fusion of step 7; on all 48 topic questions of the project,
93.9 -> 94.7: benchmarks/topic_recall.py); what is kept for the answer is decided in the pipeline by a
relevance cut-off. On 28 topic questions (dev + benchmarks/topic_extra.jsonl,
benchmarks/topic_cutoff.py), the facet score (6) and the word pairs move that cut-off's frontier:
cited recall at about 80 precision 72 -> 84.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .compose import sentences
from .genres import asked_genres, genre_score
from .names import TYPED_MODEL, name_pattern, name_words, spelled_out
from .records import Paper, ScoredPaper
from .retrieval import HybridRetriever, PaperIndex, bm25_tokens, fuse, query_terms, token_words, topic_words
from .sizes import asked_scale, asked_scale_match, at_scale

# a list asked for as what the collection holds on a subject ("What does the collection have on X?", "what's out
# there on X", "what work is there on X", "I need everything the collection has on X", "Anything in the collection
# on X?", "anything in here that uses X?", "What's in the collection that builds on X?", "what do you have on X?"):
# also read as a topic question by understand.py
_COLLECTION = r"(?:the|this|your)\s+(?:collection|corpus|library)"
PLACE = rf"(?:in\s+{_COLLECTION}|in\s+here|here)"  # (also read by understand.py)
# "do you have / have you got / got / does the collection have" (anything on X, any papers on X)
_HAVE_YOU = (rf"(?:(?:do|did)\s+you\s+have|have\s+you\s+got|(?:you\s+)?got|"
             rf"(?:does|do)\s+{_COLLECTION}\s+(?:have|hold|contain))")
COLLECTION_ON = (rf"(?:^\s*(?:what(?:\s+else)?(?:'s|\s+is|\s+does)\s+(?:out\s+there|(?:there\s+)?{PLACE}|{_COLLECTION}\s+"
                 r"(?:have|hold|contain))|what\s+(?:work|research|literature)\s+(?:is|exists)(?:\s+there)?"
                 rf"(?:\s+{PLACE})?|what\s+do\s+you\s+have(?=\s+\w+\s+(?!(?:it|its|the\s+(?:first|second|third|last|other)|them|this|that|these|those)\b))|(?:(?:i\s+(?:need|want)|give\s+me|show\s+me|list)\s+)?(?:everything|anything|all|whatever)"
                 rf"\s+(?:that\s+)?(?:{_COLLECTION}|you)\s+(?:has|have|holds?|contains?)"
                 rf"|(?:is\s+there\s+|{_HAVE_YOU}\s+)?(?:anything|something)(?:\s+(?:in|from)\s+{_COLLECTION}|\s+in\s+here|\s+here)?"
                 r"(?=\s+\w+\s+(?!(?:how|why|whether|what|it|its|they|them|their|this|that|these|those|the)\b)))"
                 r"\s+(?:on|about|regarding)\b"  # (not "anything on how X ...", "anything about its limits?")
                 rf"|^\s*(?:what(?:'s|\s+is)\s+(?:there\s+)?{PLACE}|(?:is\s+there\s+)?(?:anything|everything)(?:\s+else)?"
                 rf"(?:\s+{PLACE})?)\s+(?:that|which)\b(?![^?.]*\b(?:it|its|they|them|their|this|these|those|same|the\s+(?:first|second|"
                 r"third|last|other|paper|method|model|approach|one|former|latter))\b))")  # (not "... that fixes its X")
# words a chat turn may open with before what it asks ("and is there anything on mixup?", "ok, which papers ...")
# (retrieval._QUESTION_WORDS leaves the openers that are no words of a topic out of BM25: "ok", "yeah")
# "switching to pathology - ...": the subject switched to (topic_text keeps it)
_SWITCHING_TO = r"switching\s+to\s+((?:[\w\-]+\s+){0,2}?[\w\-]+)(?=\s*[-–—:])"
_OPENER = re.compile(r"^\s*(?:(?:and|ok(?:ay)?|so|also|alright|right|well|oh|hmm+|now|cool|great|thanks|then|yeah|hey"
                     r"|" + _SWITCHING_TO + r")"
                     r"(?![\w-])[\s,.!:;]*(?:[-–—]+\s*)?)+(?=\w)", re.I)  # (not "well-calibrated", "so-called")


def without_opener(question: str) -> str:
    """The question without the chat words it opens with ("and", "ok,", "so")."""
    return _OPENER.sub("", question)


_SWITCHED_TO = re.compile(r"^\s*" + _SWITCHING_TO, re.I)


# "I'm looking for ...", "I am after ..." and "list everything about X": read by understand.py too
LOOKING_FOR = r"(?:i'?m|i\s+am)\s+(?:after|looking\s+for|interested\s+in|searching\s+for)"
LIST_EVERYTHING = r"^\s*(?:please\s+)?(?:list|show(?:\s+me)?|give\s+me|find(?:\s+me)?)\s+(?:everything|all|anything)\s+(?:about|on|regarding)\b"
# a sentence that only asks for the list ("Which ones does the collection have?")
ASKS_LIST = r"(?:which|what)(?:\s+ones|\s+papers)?\s+(?:does|do)\s+(?:the|this|your)\s+collection\s+(?:have|hold|contain)\b"
_LEAD_IN = re.compile(
    COLLECTION_ON + r"\s*|"
    r"^\s*(?:please\s+)?(?:(?:which|what|list|name|find|show(?:\s+me)?|give\s+me|are\s+there|is\s+there|"
    + LOOKING_FOR + r"|" + _HAVE_YOU + r"|i\s+(?:want|need|would\s+like)|looking\s+for)\s+)?"
    r"(?:all\s+|the\s+|other\s+|every\s+|any\s+|some\s+)?(?:of\s+the\s+)?"
    r"(?:papers?|works?|stud(?:y|ies)|methods|approaches|articles|publications|research|literature|stuff|anything|something)\b"
    r"[\s,]*(?:if\s+any\s*,?\s*)?"
    r"(?:(?:in|of|from)\s+(?:the|this|your)\s+collection\s*,?\s*)?(?:(?:that|which|where|in\s+which)\s+)?"
    # ("papers whose main contribution is a ...")
    r"(?:whose\s+(?:main|primary|central|key|core|chief)\s+(?:contribution|focus|topic|subject|goal)\s+is\s+(?:an?\s+|the\s+)?)?"
    r"(?:(?:are\s+)?(?:(?!(?:rely|apply|supply|reply|comply)\b)\w+ly\s+)?(?:about|on|(?:connected|related)\s+to|"  # ("mainly", "centrally", "chiefly" about)
    r"dealing\s+with|concerning|regarding)\s+)?"
    # "list everything about X", "show me all on X"
    r"|" + LIST_EVERYTHING + r"\s+",
    re.I)
# the verb of an exclusion ("does not count", "is excluded")
_EXCLUDES = re.compile(r"\b(?:(?:does|do|should)\s+not|doesn't|don't|shouldn't)\s+count\b|"
                       r"\b(?:is|are)\s+(?:excluded|not\s+included)\b", re.I)
# a sentence that says what does not count ("Dense-to-MoE upcycling on its own does not count."), or one
# that goes on with an exclusion after a semicolon ("...; neither do methods that ...")
_EXCLUSION = re.compile(_EXCLUDES.pattern + r"|^\s*(?:and\s+)?(?:neither|nor)\s+(?:do|does|are|is|should)\b", re.I)
# a contrast inside the topic ("..., rather than only unstructured sparsity"), up to the next
# punctuation or to a word that goes back to the topic ("instead of fine-tuning | to adapt LLMs")
_CONTRAST = re.compile(r",?\s*\b(?:as\s+opposed\s+to|rather\s+than|instead\s+of|but\s+not|other\s+than)\s+"
                       r"(?:(?!\b(?:for|to|in|on|with|that|which|while|so)\b)[^,;.?()])*", re.I)
# an exclusion said before what it excludes ("..., skip the N:M and channel pruning stuff"), to the clause's end
# (at a clause's start, and not a gerund: not "papers that skip connections", nor "skip connections", "skip
# layers" as terms, nor an example "..., skipping whole transformer layers")
_SKIP = re.compile(r"(?:^|(?<=[,;:(?.!\-–—]))(?<![eE]\.[gG]\.)(?<![iI]\.[eE]\.)\s*(?:(?:and|but|please)\s+)?"
                   r"(?:skip|ignore|exclud(?:e|ing)|leave\s+out|not\s+interested\s+in)\s+"
                   r"(?!(?:connections?|layers?|tokens?|steps?|blocks?|redundant)\b)(?P<subject>[^,.;?!()]*)", re.I)
_SKIPPED_KIND = re.compile(r"(?:\s+(?:stuff|ones|papers|works?|things|methods|approaches|please|for\s+now|though))+\s*$", re.I)
# a negated aside ("text-only MoE language models (not multimodal ones)"): what it names is excluded
_NOT_ASIDE = re.compile(r"\s*\(\s*(?:but\s+)?not\s+[^()]*\)", re.I)


# where a topic starts to spell itself out ("X, i.e. A, B or C", "X such as A", "X (A, B)", "X, whether A or B")
_FACET_MARK = re.compile(r"[();:]|\?(?=[ ])|,?[ ]?\b(?:i\.?[ ]?e\b\.?|e\.?[ ]?g\b\.?|such[ ]as|for[ ]example|for[ ]instance|including|"
                         r"whether)(?!\w)[ ]?|,[ ]?like\b[ ]?", re.I)
# a bracket that opens with examples ("(e.g. diffusion models or GANs)"), not a gloss ("(derivative-free)")
_EXAMPLE_WORDS = r"e\.?\s?g\b\.?|i\.?\s?e\b\.?|such\s+as|for\s+(?:example|instance)|including"  # (what opens examples)
_EXAMPLES = re.compile(rf"\s*(?:{_EXAMPLE_WORDS}|like\b)", re.I)
# how the alternatives after that are separated
_FACET_SPLIT = re.compile(_FACET_MARK.pattern + r"|,|[ ]or[ ]", re.I)
# an abbreviation in brackets ("state space models (SSMs)") names the head; it does not start a list
_ACRONYM = re.compile(r"\((?=[^()]*[A-Z])([\w.\-/]{1,12})\)")
# a word or two in brackets inside a phrase ("making (multimodal) LLMs hallucinate less")
_INLINE = re.compile(rf"\((?!\s*(?:{_EXAMPLE_WORDS}|like\b|not\b|but\b))"
                     r"\s*([\w\-]+(?:\s[\w\-]+)?)\s*\)\s+(?=\w)")
# a purpose clause after the list ("X, such as A or B, to speed up Y") qualifies every facet, not the last one
_TAIL = re.compile(r"[,)][ ]?(?:so[ ]as[ ]|in[ ]order[ ])?to[ ](?!name[ ]a[ ]few)(?!.*[,)][ ]?to[ ])", re.I)
_ETC = re.compile(r",?[ ]?\betc\b\.?")  # (lower case: "ETC" is a model's name)
# where a sentence ends: not after "e.g.", "i.e." or "vs." (the sentence goes on), nor after "etc." unless
# a capital follows
_SENTENCE_END = re.compile(r"(?<=[.?!;])(?<![eE]\.[gG]\.)(?<![iI]\.[eE]\.)(?<![vV][sS]\.)(?:(?<![eE]tc\.)\s+|\s+(?=[A-Z]))")
# an exclusion that keeps papers partly about its subject ("X on its own", "papers that merely use X"):
# whether a paper is *only* that cannot be read off its title, so such an exclusion is not enforced;
# nor one with a negation or a condition in it ("papers that are not X do not count", "X does not count
# unless ...", "..., but X papers with a new method do"), nor one that describes rather than names
_QUALIFIED = re.compile(r"(?<![\w-])(?:on\s+(?:its|their)\s+own|merely|only|just|alone|solely|simply|in\s+passing|"
                        r"minor|among|as\s+(?:a|an|one)\s+(?:tool|of|side)|not|no|non|without|except|other\s+than|"
                        r"unless|but|that|which|where|whose|who)(?![\w-])", re.I)
# the clauses that go on with an exclusion ("..., and neither does Y", "nor do Z")
_NEITHER = re.compile(r"(?:[,;:]\s*|\s+|^)(?:and\s+)?(?:neither|nor)(?:\s+(?:do|does|are|is|should))?\b", re.I)
# words after a subject that are not part of it ("Neither do papers on X count")
_TRAILING = re.compile(r"\s+(?:count|counts|qualify|qualifies|matter|matters|relevant|included|either)\s*$", re.I)
# a subject's describing clause ("Speculative decoding, which only speeds generation up, does not count")
_RELATIVE = re.compile(r",\s*(?:which|that|who)\b[^,]*,", re.I)
# "sequence/context parallelism": "sequence parallelism" and "context parallelism"
_SLASH = re.compile(r"(?<![\w/-])([\w-]+)/([\w-]+)(?![\w/])")
# a subject named by what its papers use ("run experiments with a ResNet-50", "train or test GPT-2 models",
# "report results on the GLUE benchmark"): a model or benchmark their abstracts name (not "MAE-style masking",
# nor an abbreviation the topic spells out: "post-training quantization (PTQ)" follows no such verb)
_USES_NAMED = re.compile(
    r"\b(?:(?:us(?:e|es|ed|ing)|train(?:s|ed|ing)?|test(?:s|ed|ing)?|evaluat(?:e|es|ed|ing)|run(?:s|ning)?|ran|"
    r"report(?:s|ed|ing)?|benchmark(?:s|ed|ing)?|fine-?tun(?:e|es|ed|ing))"
    r"(?:\s+(?:or|and)\s+\w+)?(?:\s+(?:their\s+own\s+|own\s+)?(?:experiments?|results?|evaluations?|numbers|scores))?(?:\s+(?:with|on|in))?"
    # ("... results on the COCO benchmark")
    r"|(?:results?|experiments?|evaluations?)\s+(?:with|on))"
    r"\s+(?:a\s+|an\s+|the\s+)?(?P<name>\w[\w\-.]*\w(?:\s\d+(?:\.\d+)?\b)?)(?![\w.]*-(?:style|like|based|type)\b)", re.I)
USED_SHARE = 0.05  # ...that at most this share of the collection names (not "GPUs": a setting of many)
MAX_FACETS = 12
# a kind of paper asked for ("technical reports introducing a new LLM", "survey papers"; genres.py): its cues'
# share is a signal of the rank fusion weighing as much as three others (the 7 such questions of the check
# files, recall@20 71.0 -> 81.3; weight 2: 74.9), and a paper holding half the cues or more is a candidate
GENRE_WEIGHT = 3.0
GENRE_CANDIDATE = 0.5
RRF_K = 60  # reciprocal-rank fusion's constant (Cormack, Clarke and Buettcher 2009)


def facets(text: str) -> list[str]:
    """The topic's facets: its head (what comes before it spells itself out) and the head joined with
    each alternative it lists; just the text when it lists none. Parts without a topic word are skipped."""
    text = _ETC.sub(",", _ACRONYM.sub(r"\1", " ".join(text.split())))
    m = _FACET_MARK.search(text)
    head = text[: m.start()].strip(" ,") if m else ""
    inline = _INLINE.match(text, m.start()) if m else None
    if inline and len(topic_words(head)) < 2:
        # "making (multimodal) LLMs hallucinate less": a qualifier inside the phrase, not a list after "making"
        # ("zeroth-order (derivative-free) optimization": a gloss of the head, its alternative)
        text = text[: inline.start()] + inline.group(1) + " " + text[inline.end():]
        m = _FACET_MARK.search(text)
        head = text[: m.start()].strip(" ,") if m else ""
    if not m or not topic_words(head):
        return [text]
    listed = text[m.start():]
    close = text.find(")", m.start())
    if (text[m.start()] == "(" and close > 0 and _EXAMPLES.match(text, m.start() + 1)
            and not _FACET_MARK.search(text, close + 1)):
        # "X (e.g. A or B) cheaper or faster": the words after the examples go on with the head
        head, listed = f"{head} {text[close + 1:].strip(' ,')}".strip(), text[m.start(): close + 1]
    # (not when the alternatives are themselves purposes: "e.g. to guide decoding, to skip modules, or to ...")
    tail = None if re.match(rf"\W*(?:{_EXAMPLE_WORDS})?[\s,]*to\s", listed, re.I) else _TAIL.search(listed)
    if tail:
        head, listed = f"{head} {listed[tail.start() + 1:].strip()}", listed[: tail.start() + 1]
    parts = [" ".join(p.split()) for p in _FACET_SPLIT.split(listed)]
    parts = [p for p in parts if p and topic_words(p)]
    return [head] + [f"{head} {p}" for p in parts[: MAX_FACETS - 1]]


_ASKS_LIST = re.compile(r"^\s*(?:so\s+)?" + ASKS_LIST + r"\s*[?.!]*\s*$", re.I)
# a topic of a few words asked as "(any) X papers (in here)"
_BARE_TOPIC = re.compile(rf"^(?:any\s+)?(?P<topic>(?:[\w\-/]+\s+){{0,3}}[\w\-/]+)\s+papers(?:\s+{PLACE})?$", re.I)


# a use the question rules out ("papers that do not report results on GLUE", "avoid using LoRA")
_NEGATED = re.compile(r"(?:\b(?:not|never|no|without|avoid\w*|instead\s+of|rather\s+than|other\s+than|besides|except)|n't)"
                      r"\W+(?:\w+\W+){0,2}$", re.I)
# more names after the first ("test on GSM8K or MMLU", "on ImageNet, COCO and ADE20K")
_MORE_NAMES = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:or|and)\s+|\s+)(?:the\s+)?(?P<name>\w[\w\-.]*\w)")  # (or the
# name again as written in brackets: "Llama 2 (LLaMA-2) models")
# what a use says besides the name ("the GLUE benchmark", "GPT-2 models", "actually train")
_USE_WORDS = set(topic_words("model models benchmark benchmarks dataset datasets data set result results experiment "
                             "experiments actually specifically network networks backbone backbones suite task tasks "
                             "show shows have has include includes present presents provide provides give gives get gets"))


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _is_name(word: str) -> bool:
    """A model or benchmark name: "GPT-2", "COCO", "gpt-2", "Llama 2"."""
    return name_words(word) == [word] or bool(TYPED_MODEL.fullmatch(word) or re.fullmatch(r"[A-Z][A-Za-z]+\s\d+(?:\.\d+)?", word))


# a measure a topic asks its papers to report, spelled out before its abbreviation ("report Frechet Inception
# Distance (FID) scores"; what is reported is a measure, never the technique a topic is about)
_REPORTED = re.compile(r"\breport(?:s|ed|ing)?\s+(?:the\s+)?(?P<long>(?:[A-Za-z\u00C0-\u024F][\w\-]*\s+){0,4}?"
                       r"(?i:distance|score|rate|error|ratio|accuracy|precision|recall|divergence|index|similarity|"
                       r"perplexity|metric|measure)\s+)(?P<name>[A-Z]{2,8})\b")
# a use whose object only stands for the named examples the topic lists ("T5-family models (T5, T0, ...)",
# "Mistral AI's models, i.e. Mistral-7B or ...", "MNIST or its variants (EMNIST, ...)"), not a subject of
# its own ("sparse attention, e.g. BigBird": the papers on sparse attention are not only those naming BigBird)
_STANDS_GENERIC = r"(?i:the|a|an|its|their|own|or|and|variants?|family|families|versions?|series|models?|networks?)"
# (what kind of model a name is, right after it: "Meta's OPT language models (OPT-125M up to OPT-175B)"; not
# "GPT-2 or large language models", where the kind is a subject of its own)
_NAMED_KIND = (r"(?:\s+(?i:language|vision|vision-language|multimodal|pre-?trained|base|chat|instruct|"
               r"open(?:-source)?|large|small|foundation))*")
_STANDS_FOR_NAMES = re.compile(rf"(?:(?:(?!{_STANDS_GENERIC}\b)[A-Z][\w.]*(?:\s\d+(?:\.\d+)*)?(?:-(?:family|series))?(?:'s)?{_NAMED_KIND}|{_STANDS_GENERIC})\s+)*+"
                               r"(?i:models?|networks?|variants?|versions?|family|series)")


# the object of a use that asks for any benchmark or corpus of a kind, by name ("a named ... benchmark")
_NAMED_DATA = re.compile(r"\b(?:benchmarks?|datasets?|data\s+sets?|corpus|corpora|test\s+sets?|suites?)\b", re.I)


def _uses(text: str) -> tuple[list[str], bool]:
    """The models or benchmarks a topic asks its papers to use, in its head ("any papers that train or test
    GPT-2 models?": GPT-2), and whether that use is all the head asks ("which papers on quantization report
    results on GLUE?" also asks quantization)."""
    head, *listed_facets = facets(text)
    # (each alternative the topic lists, without the head: "T5", "Mistral-7B", "the Pile")
    alternatives = [re.sub(r"^(?:the|a|an)\s+", "", f[len(head):].strip(" ,.…"), flags=re.I) for f in listed_facets]
    names: list[str] = []
    rest = head
    uses = [m for m in _USES_NAMED.finditer(head) if not _NEGATED.search(head[: m.start()])]  # (not "do not report")
    for m in uses:
        name = m.group("name")
        if not _is_name(name) or spelled_out(head[: m.start("name")], name.lower(), r"[A-Za-z]+"):
            continue  # (not "quantization-aware training QAT": the words before spell it out)
        found, end = [name], m.end()
        while (more := _MORE_NAMES.match(head, end)) and _is_name(more.group("name")) and (
                re.sub(r"\bthe\b|\s", "", head[end: more.start("name")]) or _squash(more.group("name")) == _squash(name)):
            # (after a bare space only the name rewritten, "Llama 2 (LLaMA-2)"; not "H100 GPUs", "LLaMA-2 LLMs")
            found.append(more.group("name"))
            end = more.end()
        names += [n for n in found if n not in names]
        rest = rest.replace(head[m.start(): end], " ")
    reported = _REPORTED.search(head)
    if reported and spelled_out(reported.group("long"), reported.group("name").lower()) and not _NEGATED.search(head[: reported.start()]):
        names.append(reported.group("name"))  # ("report Frechet Inception Distance (FID) scores": FID)
        rest = rest.replace(head[reported.start(): reported.end()], " ")
    obj = head[uses[-1].start("name"):] if uses else ""
    for n in names:
        obj = obj.replace(n, " ")
    if uses and _STANDS_FOR_NAMES.fullmatch(" ".join(obj.split())):
        # (the named examples it lists: "use T5-family models (T5, T0, CLIP-T5)")
        # (and the name the object holds: "Mistral" of "Mistral AI's models", "T5" of "T5-family models")
        # (each listed example whole, "Llama 2", "Gemini", or its name-like words; the object's own name only when
        # it is one, or begins a listed one: not "Meta" of "Meta's models, like Llama 2 or OPT")
        listed = [a for a in alternatives if _is_name(a) or re.fullmatch(r"[A-Z][A-Za-z0-9]+|[A-Z]\d", a)]
        listed += [w for a in alternatives for w in re.findall(r"(?<![\w-])[\w][\w\-.]*[\w]", a) if _is_name(w)]
        # (a name with its version: "Meta's Llama 3 family" is Llama 3, not every Llama)
        own = [m.group(1) for m in re.finditer(r"(?<![\w-])([A-Z][\w.]*?(?:\s\d+(?:\.\d+)*)?)(?:-(?:family|series)|'s)?(?![\w'.-])", obj)
               if not re.fullmatch(rf"[A-Z]{{1,2}}|{_STANDS_GENERIC}", m.group(1))
               and (_is_name(m.group(1)) or any(w.startswith(m.group(1)) for w in listed))]
        names += [w for w in dict.fromkeys([*own, *listed]) if w not in names]
        rest = " ".join(rest.replace(head[uses[-1].start():], " ").split()).replace(" ".join(obj.split()), " ")
    if uses and not names and _NAMED_DATA.search(head[uses[-1].start("name"):]):
        # a kind of benchmark or corpus, named by the examples it lists ("report numbers on a named action
        # recognition benchmark, e.g. kinetics-400/600/700, charades or ucf101", "on a named public web-text
        # corpus such as C4, the Pile ..."): those names, however written; what else the list asks, by the cut
        named = [a.split("/")[0] for a in alternatives if re.fullmatch(r"[\w][\w\-.]*(?:/[\w\-.]+)*(?:\s[\w\-.]+)?", a)
                 and not set(topic_words(a)) & _USE_WORDS and not _NEGATED.match(a)]
        return named, False
    return names, bool(names) and not set(topic_words(rest)) - _USE_WORDS


def used_names(text: str) -> list[str]:
    """The models or benchmarks a topic asks its papers to use (_uses)."""
    return _uses(text)[0]


# what a topic asking a scale may say besides it ("actually train, fine-tune, quantize or profile a model with at
# least 100 billion parameters in their own experiments"): how the papers work with such a model
_SCALE_WORDS = _USE_WORDS | set(topic_words("run runs train trains training fine-tune fine-tunes fine-tuning pre-train "
                                            "pre-trains pre-training quantize quantizes profile profiles serve serves "
                                            "deploy deploys evaluate evaluates work works own their llm llms actually use uses using"))


def uses_only(text: str) -> bool:
    """Whether a topic asks only for papers that use a named model or benchmark (_uses), or only for papers
    working with a model of the scale it asks (sizes.py; "which quantization papers use 100B+ models" asks
    quantization too)."""
    if (m := asked_scale_match(text)) and not set(topic_words(text.replace(m, " "))) - _SCALE_WORDS:
        return True
    return _uses(text)[1]


def papers_using(index: PaperIndex, text: str) -> set[int]:
    """The papers (positions in `index.order`) whose title or abstract names a model or benchmark the topic
    asks its papers to use, or states a model (or data) at the scale it asks (sizes.py), if few enough do for
    it to be what sets them apart (USED_SHARE)."""
    patterns = [name_pattern(n) for n in used_names(text)]
    scale = asked_scale(text)  # ("train a model with at least 100 billion parameters": the papers stating one)
    if not patterns and not scale:
        return set()
    found = {i for i, pid in enumerate(index.order)
             if any(pat.search(f"{index.papers[pid].title} {index.papers[pid].abstract}") for pat in patterns)
             or (scale and at_scale(f"{index.papers[pid].title}. {index.papers[pid].abstract}", scale))}
    return found if len(found) <= USED_SHARE * len(index.order) else set()


def topic_text(question: str) -> str:
    """The words that say what the topic is: no lead-in (of any sentence: "I want every paper where ..."),
    no sentence that only asks for the list, no exclusion sentences, no contrasts."""
    # (an exclusion in brackets goes, not its sentence: "... on the GLUE benchmark (SuperGLUE alone doesn't count)")
    question = re.sub(r"\s*\([^()]*\)", lambda m: " " if _EXCLUDES.search(m.group(0)) else m.group(0), question)
    switched = _SWITCHED_TO.match(question)  # ("switching to pathology - anything on X?": pathology, X)
    kept = [*([switched.group(1) + ","] if switched else []),
            *(_LEAD_IN.sub("", without_opener(s)) for s in _SENTENCE_END.split(question)
              if not _EXCLUSION.search(s) and not _ASKS_LIST.match(s))]
    text = _CONTRAST.sub(" ", _NOT_ASIDE.sub(" ", _SKIP.sub(" ", " ".join(kept))))
    text = " ".join(text.split()).strip(" ?.")
    bare = _BARE_TOPIC.match(text)  # ("any finance papers in here?": finance)
    text = bare.group("topic") if bare else text
    return text if topic_words(text) else question


def excluded_subjects(question: str) -> dict[str, list[str]]:
    """The subjects the question's exclusion sentences rule out as such ("Few-shot class-incremental
    learning does not count", "and neither do X and Y"): each as written, with its stemmed topic words.
    A subject is what comes before the exclusion's verb, or after "neither"/"nor"; only phrases of two
    words or more, and only from clauses that rule a named subject out whole (see _QUALIFIED)."""
    subjects: dict[str, list[str]] = {}
    for sentence in _SENTENCE_END.split(question):
        # ("..., skip the N:M and channel pruning stuff": what follows the verb, to the clause's end)
        clauses = [_SKIPPED_KIND.sub("", re.sub(r"^\s*the\s+", "", m.group("subject"), flags=re.I))
                   for m in _SKIP.finditer(sentence)]
        text = _RELATIVE.sub(" ", re.sub(r"\([^()]*\)", " ", sentence)) if _EXCLUSION.search(sentence) else ""
        for m_clause in re.finditer(r"(?:^|(?<=[;:]))[^;:]*", text) if text else []:  # clauses between semicolons
            clause = m_clause.group(0)
            verb = _EXCLUDES.search(clause)
            before, after = (clause[: verb.start()], clause[verb.end():]) if verb else ("", clause)
            neither = _NEITHER.search(before)
            if neither:  # "Neither do X count" / "nor are X excluded": X is between
                before = before[neither.end():]
            if verb and not re.match(r"\W*(?:unless|except|but|if|when|where)\b", after, re.I):  # (a condition)
                clauses.append(before)
            clauses += [after[m.end(): n.start() if n else len(after)]  # each "neither/nor Y" after the verb
                        for m, n in _pairs(list(_NEITHER.finditer(after)))]
        for clause in clauses:
            if _QUALIFIED.search(clause):
                continue
            for part in re.split(r",|\b(?:and|or)\b", clause):
                part = _TRAILING.sub("", re.sub(r"^\W*(?:or|and|nor)\s+|[\s.?!]+$", "", " ".join(part.split())))
                alt = _SLASH.search(part)
                for name in ([part[: alt.start()] + alt[i] + part[alt.end():] for i in (1, 2)] if alt else [part]):
                    words = topic_words(name)
                    if len(words) >= 2 and words not in subjects.values():
                        subjects[name.strip()] = words
    return subjects


def _pairs(items: list[re.Match[str]]) -> list[tuple[re.Match[str], re.Match[str] | None]]:
    return list(zip(items, [*items[1:], None]))


def excluded_by(title: str, subjects: dict[str, list[str]]) -> str | None:
    """The excluded subject a paper's title names as a phrase (its words adjacent, in order), if any:
    a title that says "Few-Shot Class-Incremental Learning" is about it, an abstract that mentions it
    need not be."""
    if not subjects:  # (most questions: no title to read)
        return None
    words = topic_words(title)
    return next((text for text, s in subjects.items()
                 if any(words[i: i + len(s)] == s for i in range(len(words) - len(s) + 1))), None)


@dataclass(frozen=True)
class Feedback:
    """How far the first pass feeds back: papers used, expansion terms, and the mixing weights."""
    papers: int = 5  # the first pass's best papers taken as relevant
    terms: int = 15  # expansion terms (KL-divergence selection among the terms of those papers)
    term_weight: float = 0.3  # share of the lexical score given to the expansion terms
    rocchio: float = 0.5  # weight of the papers' mean vector added to the question vector
    question_bonus: float = 1.0  # expansion terms that are also question words count (1 + this) times
    centroid: float = 0.4  # weight of the similarity to the best papers' centroid in the final score
    facet: float = 0.6  # weight of the paper's best facet score in the final score


def expansion_terms(index: PaperIndex, top: list[Paper], asked: set[str], fb: Feedback = Feedback()) -> dict[str, float]:
    """Terms the top papers share far more often than the collection does, with their KL weights:
    p_top * log(p_top / p_collection), over document frequencies; the question's own (stemmed)
    words, `asked`, count more."""
    n_docs, k = len(index.order), len(top)
    counts: dict[str, int] = {}
    for words in token_words(bm25_tokens([f"{p.title} {p.abstract}" for p in top])):
        for t in set(words):
            counts[t] = counts.get(t, 0) + 1
    weights: dict[str, float] = {}
    for t, c in counts.items():
        p_top, p_all = c / k, index.df(t) / n_docs
        if c >= 2 and p_all and p_top > p_all:
            weights[t] = p_top * math.log(p_top / p_all) * (1 + fb.question_bonus * (t in asked))
    return dict(sorted(weights.items(), key=lambda kv: -kv[1])[: fb.terms])


def _dense(r: HybridRetriever, index: PaperIndex, qvs: np.ndarray, n: int) -> np.ndarray:
    """Every paper's cosine to each query vector (rows; columns in `order`; 0 beyond the 4n nearest
    chunks), from one store query."""
    dense = np.zeros((len(qvs), len(index.order)), dtype=np.float32)
    for row, hits in enumerate(r.dense_vectors(np.asarray(qvs, dtype=np.float32).tolist(), 4 * n)):
        for pid, cos in hits.items():
            if pid in index.position:  # (a paper another process added since this index was loaded: skipped)
                dense[row, index.position[pid]] = cos
    return dense


def _fill_cosines(r: HybridRetriever, index: PaperIndex, qvs: np.ndarray, cosines: np.ndarray, cand: list[int]) -> bool:
    """Give the candidates beyond the store query's nearest chunks (cosine 0 there) their real cosine to
    each query vector, their best chunk's, in place; whether any was missing. Without it, a paper that
    BM25 brings in would rank last on every dense signal (17 of the 78 gold papers the topic lists
    missed)."""
    missing = [index.order[i] for i in cand if not cosines[:, i].all()]
    q = qvs / np.maximum(np.linalg.norm(qvs, axis=1, keepdims=True), 1e-12)
    for pid, vs in r.chunk_vectors(missing).items():
        i = index.position.get(pid)
        if i is not None:
            best = (vs / np.maximum(np.linalg.norm(vs, axis=1, keepdims=True), 1e-12) @ q.T).max(axis=0)
            cosines[:, i] = np.where(cosines[:, i] == 0, best, cosines[:, i])
    return bool(missing)


def _top(v: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n largest values, largest first (without sorting the whole vector)."""
    if len(v) <= n:
        return np.argsort(-v, kind="stable")
    part = np.argpartition(-v, n)[:n]
    return part[np.argsort(-v[part], kind="stable")]


def _scaled(v: np.ndarray) -> np.ndarray:
    return v / (v.max() or 1.0)


def retrieve_topic(r: HybridRetriever, question: str, n: int = 60, fb: Feedback = Feedback(),
                   excluded: dict[str, list[str]] | None = None) -> list[ScoredPaper]:
    """Distinct papers for a topic question, best first, scored for the relevance cut-off; papers
    whose titles name a subject the question rules out (`excluded`, parsed from it when None) last."""
    text = topic_text(question)
    first = r.retrieve(text, n=n)
    index = r.index  # one index for the whole question, even if a refresh swaps it meanwhile
    if len(first) < 2:
        return first
    top = [sp.paper for sp in first[: fb.papers]]
    # dense side: Rocchio toward the mean vector of the top papers; the facets' own vectors beside it
    qv = np.asarray(r.embedder.embed_query(text), dtype=np.float32)
    vecs = r.paper_vectors([p.id for p in top])
    if vecs:
        qv = qv + fb.rocchio * np.mean(list(vecs.values()), axis=0)
        qv /= np.linalg.norm(qv) or 1.0
    parts = facets(text) if fb.facet else []
    qvs = np.vstack([qv[None, :], *([np.asarray(r.embedder.embed_documents(parts), dtype=np.float32)] if parts else [])])
    cosines = _dense(r, index, qvs, n)  # (facets: not cached as sentences)
    dense = cosines[0]
    # lexical side: the question's BM25 mixed with the expansion terms' BM25, each scaled to [0, 1]
    asked = query_terms(text)
    columns: dict[str, np.ndarray] = {}  # each word's BM25 column, computed once for all the texts below
    plain = index.lexical(asked, columns)
    expanded = index.lexical(expansion_terms(index, top, set(asked), fb), columns)
    lexical = (1 - fb.term_weight) * _scaled(plain) + fb.term_weight * _scaled(expanded)
    facet_lexical = [_scaled(index.lexical(query_terms(t), columns)) for t in parts]

    def scored() -> tuple[np.ndarray, np.ndarray]:
        """The expanded hybrid score, and the topic as a disjunction of its facets: each by the plain
        hybrid score scaled to its own best paper (each listed alternative's best matches count), the
        best facet kept."""
        facet = (np.max([_scaled(fuse(d, lex, r.wb)) for d, lex in zip(cosines[1:], facet_lexical)], axis=0)
                 if parts else np.zeros_like(dense))
        return _scaled(fuse(dense, lexical, r.wb)), facet

    score, facet = scored()
    # candidates: the best n by any score; those the store query did not reach get their real cosines
    cand = [int(i) for i in dict.fromkeys([*_top(score, n), *_top(facet, n), *_top(plain, n), *_top(expanded, n)])
            if score[i] > 0 or facet[i] > 0]
    using = papers_using(index, text)  # ("train or test GPT-2": every paper that names GPT-2 is a candidate)
    cand = list(dict.fromkeys([*cand, *sorted(using)]))
    genres = asked_genres(text)
    kind = ({i: max(genre_score(p.title, p.abstract, g) for g in genres)
             for i, p in enumerate(index.papers[pid] for pid in index.order)} if genres else {})
    # (the papers written as the kind asked for are candidates: "List all survey papers" names no subject)
    cand = list(dict.fromkeys([*cand, *(i for i, k in kind.items() if k >= GENRE_CANDIDATE)]))
    if _fill_cosines(r, index, qvs, cosines, cand):
        score, facet = scored()
    # the centroid of the best papers mixed in, then the facets
    near = _centroid_similarity(r, index, cand, score, fb)
    mixed = {i: (1 - fb.centroid) * float(score[i]) + fb.centroid * near[i] if i in near else float(score[i])
             for i in cand}
    best = max(mixed.values(), default=0.0) or 1.0
    final = {i: (1 - fb.facet) * m / best + fb.facet * float(facet[i]) for i, m in mixed.items()}
    # the order: that score fused by rank with each signal on its own, so that a paper one signal ranks
    # high is not buried by a weak other one (a paper using the topic's technique for another subject:
    # BM25 finds it, its abstract's embedding does not); the relevance cut-off still reads the score
    fused = _rank_fusion(list(final), [final.get, plain.item, expanded.item, dense.item, facet.item,
                                       lambda i: near.get(i, -1.0)])
    if kind:  # the kind of paper asked for, read from how each abstract is written (ties share a rank: the
        # number of candidates holding a larger share)
        shares = sorted(kind[j] for j in final)
        for i in final:
            fused[i] += GENRE_WEIGHT / (RRF_K + len(shares) - bisect.bisect_right(shares, kind[i]))
    # (the papers that name what the topic asks them to use first)
    ranked = sorted(final, key=lambda i: (i not in using, -fused[i]))[:n]
    out = [ScoredPaper(paper=index.papers[index.order[i]], score=final[i], dense=float(dense[i]),
                       bm25=float(plain[i]), uses=i in using,
                       kind=kind.get(i) if genres and all(g.strict for g in genres) else None) for i in ranked if final[i] > 0 or i in using]
    # a paper whose title names a subject the question rules out goes last (the pipeline leaves it out)
    subjects = excluded_subjects(question) if excluded is None else excluded
    return sorted(out, key=lambda sp: excluded_by(sp.paper.title, subjects) is not None) if subjects else out


def closest_facet(r: HybridRetriever, question: str) -> float:
    """The best cosine of any paper to any facet of the topic: how close the collection comes to what the
    question asks, read from its parts (a long spelled-out question's own embedding is diluted: "Which
    papers are primarily scaling-law studies, fitting or deriving laws that predict ..." is 0.39 from
    its best paper, its head 0.48)."""
    parts = facets(topic_text(question))
    cosines = _dense(r, r.index, np.asarray(r.embedder.embed_documents(parts)), 1)
    return float(cosines.max()) if cosines.size else 0.0


def closest_sentence(r: HybridRetriever, question: str, papers: list[Paper]) -> float:
    """The best cosine of any sentence (or the title) of `papers` to the topic: a subject one sentence of
    an abstract names ("We validate our approach on GLUE, SuperGLUE ...", "Mixup is an efficient data
    augmentation approach ...") is diluted in its chunk's embedding, most of all for a topic of one or two
    terms of art ("anything on mixup?")."""
    texts = list(dict.fromkeys(t for p in papers for t in (p.title, *sentences(p.abstract))))
    if not texts:
        return 0.0
    qv = np.asarray(r.embedder.embed_query(topic_text(question)), dtype=np.float32)
    vs = np.asarray(r.embedder.embed_sentences(texts), dtype=np.float32)
    vs /= np.maximum(np.linalg.norm(vs, axis=1, keepdims=True), 1e-12)
    return float((vs @ (qv / (np.linalg.norm(qv) or 1.0))).max())


def _rank_fusion(cand: list[int], signals: list[Callable[[int], float]]) -> dict[int, float]:
    """Reciprocal-rank fusion (Cormack, Clarke and Buettcher 2009): each candidate's sum, over the
    signals, of 1 / (RRF_K + its rank by that signal among the candidates)."""
    fused = dict.fromkeys(cand, 0.0)
    for signal in signals:
        for rank, i in enumerate(sorted(cand, key=lambda i: -float(signal(i)))):
            fused[i] += 1.0 / (RRF_K + rank)
    return fused


def _centroid_similarity(r: HybridRetriever, index: PaperIndex, cand: list[int], score: np.ndarray,
                         fb: Feedback) -> dict[int, float]:
    """Each candidate's cosine to the centroid of the best-scoring `fb.papers` candidates: a paper like
    the core of the topic stays in the list even when its own words match the question weakly.
    Candidates the store has no vectors for are left out."""
    vecs = r.paper_vectors([index.order[i] for i in cand])
    core = [vecs[index.order[i]] for i in sorted(cand, key=lambda i: -score[i]) if index.order[i] in vecs][: fb.papers]
    if not core:
        return {}
    centroid = np.mean(core, axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    return {i: float(vecs[index.order[i]] @ centroid) for i in cand if index.order[i] in vecs}

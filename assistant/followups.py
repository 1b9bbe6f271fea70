"""What a follow-up question refers back to in a conversation: positions ("the second one", "the
first two", "the other one"), pronouns ("it", "them", "both"), descriptions of a paper discussed ("the
Fisher-information one", "the one based on datamodel matching"), "which of them ...", "the original
method", and short continuations ("and on ImageNet?"). Also the phrasings both this and question
understanding (understand.py) read: a question asking for a paper, describing one, or comparing with one.
"""
from __future__ import annotations

import re

from .names import FUNCTION_WORDS, NameLinker, tokens
from .records import Paper
from .retrieval import topic_words

_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "1st": 0, "2nd": 1, "3rd": 2,
             "former": 0, "latter": -1, "last": -1}
# what may follow a position for it to be one ("the second one", "the latter's", "the last?", "the
# first uses ..."), not a noun of its own ("the first step of Adam", "the last layer")
_AFTER_POSITION = (r"(?=\s+(?:one|ones|paper|papers|work|method|approach|model)\b|'s\b|\s*[?,.!;:)]|\s*$|\s+[-–—]\s|"
                   r"\s+(?:do|does|did|is|was|use[sd]?|report(?:s|ed)?|get|gets|got|ha[sd]|have|need(?:s|ed)?|"
                   r"claim(?:s|ed)?|show(?:s|ed)?|achieve[sd]?|reach(?:es|ed)?|work(?:s|ed)?|rel(?:y|ies|ied)|"
                   r"compare[sd]?|reduce[sd]?|improve[sd]?|beat|beats|outperform(?:s|ed)?|require[sd]?|cost|costs|"
                   r"take[sn]?|took|run|runs|ran|train(?:s|ed)?|manage[sd]?|propose[sd]?|introduce[sd]?|add(?:s|ed)?|"
                   r"handle[sd]?|scale[sd]?|perform(?:s|ed)?|say|says|said|mention(?:s|ed)?|support(?:s|ed)?|"
                   r"and|or|vs)\b)")
# what may follow "the first two" for it to be papers ("the first two do ...", "the last two?"), not "the
# last two layers"
_AFTER_GROUP = (r"(?=\s+(?:ones|papers|works|methods|approaches|models|of\s+them|both|do|does|did|are|were|have|use[sd]?|"
                r"report(?:s|ed)?|talk|claim|need|get|achieve|compare|rely|differ|share|work|handle|mean|propose|"
                r"require|support|improve|perform|scale|show|solve|train|target|address|cover|say|focus|and|vs)\b"
                r"|\s*[?,.!;:)]|\s*$|\s+[-–—]\s)")
_FOLLOWUP_REF = re.compile(
    r"\b(?:the\s+first\s+(?P<first_n>two|three|four|five|2|3|4|5)\b" + _AFTER_GROUP +
    r"|the\s+last\s+(?P<last_n>two|three|four|five|2|3|4|5)\b" + _AFTER_GROUP +
    r"|the\s+(?P<ordinal>(?:former|latter)(?![\w-])|(?:first|second|third|fourth|fifth|1st|2nd|3rd|last|middle)"
    + _AFTER_POSITION + ")" +
    r"(?:\s+(?:one|paper|work|method))?"
    r"|(?<!on\s)the\s+(?P<other>others?)(?:\s+(?P<other_n>two|three))?(?:\s+(?:ones?|papers?|works?|methods?))?"
    r"|(?P<single>it|its|this\s+one|that\s+one|this(?=\s+(?:also\s+|still\s+)?(?:work|works|apply|applies|help|helps|scale|"
    r"scales|need|needs|require|requires|handle|handles|support|supports|generali[sz]es?|transfers?|compare|compares)\b)|"
    r"(?<=\bdoes\s)that(?=\s+compare\b)|"
    # ("doesn't that make each step more expensive?", "how much faster does that make X?")
    r"(?:(?<=\bdoes\s)|(?<=\bdoesnt\s)|(?<=\bdoesn't\s)|(?<=\bdid\s)|(?<=\bdidn't\s)|(?<=\bwould\s)|(?<=\bwouldn't\s)|"
    r"(?<=\bwill\s)|(?<=\bcan\s)|(?<=\bcould\s))that"
    r"(?=\s+(?:make|work|help|hurt|cost|mean|scale|affect|change|slow|speed|need|require|apply|improve|reduce|"
    r"increase|add|matter|break|hold|transfer|generali[sz]e|save|use|run|take)\b)|"
    r"(?:this|that)\s+(?:paper|work|method|approach|model|objective|optimizer|follow-?up|"
    r"technique|framework|system|algorithm|loss))"
    r"|(?P<group>them|they|their|(?:these|those)(?=\s*[?,.!;:]|\s*$|\s+(?:two|three|papers?|works?|methods|approaches|"
    r"models|ones)\b)(?:\s+(?:two|three))?|both(?!\s+(?:\S+\s+){1,4}?and\b)|the\s+two|the\s+three|"
    r"either(?!\s+(?:\S+\s+){1,4}?or\b)|each\s+of\s+them|which\s+ones?|which\s+of\s+them|any\s+of\s+them|"
    r"(?:which|any|each)\s+of\s+(?:these|those)))\b", re.I)
# references that point back whatever the question's length ("which of them ...", "do both ...", "how
# much speedup did that one get ..."), unless the question asks for another paper
_STRONG_GROUP = {"both", "the two", "these two", "those two", "the three", "either", "each of them", "which of them",
                 "any of them", "which of these", "which of those", "any of these", "any of those", "each of these",
                 "each of those"}
_GROUP_SIZE = {"both": 2, "the two": 2, "these two": 2, "those two": 2, "the three": 3, "these three": 3,
               "those three": 3}
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
# a plural noun before "they"/"their" in the question is what they refer to ("how do diffusion models
# handle their noise schedules?")
_PLURAL_BEFORE = re.compile(r"\b(?!(?:does|goes|happens|changes|makes|helps|matters|works|was|has|this|its|authors|always|across|thus|perhaps|unless|less|plus|yes|whereas|"
                            r"besides|towards|sometimes)\b)[a-z]{2,}[^s\W]s\b", re.I)
# "the MoEs they trained": "they" opens a clause on the noun before it, and are the authors, not the MoEs
_RELATIVE_THEY = re.compile(r"\b(?:the|which|what)\s+(?:[\w\-]+\s+){0,2}?[\w\-]+s\s+they$", re.I)
# what a question asks for ("Which benchmark data sets did they ..."): its plural is not what "they" are
_WH_PHRASE = re.compile(r"^\s*(?:and\s+|so\s+)?(?:which|what|how\s+many)\s+(?:[\w\-]+\s+){0,4}?"
                        r"(?=(?:did|do|does|were|are|was|is|have|had)\b)", re.I)
# words a short continuation may use besides what it asks about ("and on ImageNet?")
_CONTINUATION_WORDS = {"and", "also", "so", "then", "but", "what", "about", "how", "now", "on", "in", "for", "the",
                       "a", "an", "is", "are", "it", "of", "with", "to", "its", "do", "does", "did", "at", "compare",
                       "contrast", "there", "any"}
ASKS_PAPER = re.compile(r"\b(?:which(?!\s+of\s+(?:them|these|those)\b)|what|any|is\s+there(?:\s+an?|\s+any)?|find\s+(?:an?|the))\s+(?:\S+\s+){0,2}?"
                         r"(?:papers?|works?|stud(?:y|ies)|articles?|publications?)\b|"
                         r"\b(?:is|are)\s+there\s+(?:anything|something|any(?:thing|one)?)\s+(?:else\s+)?"
                         r"(?:in\s+(?:the|this|your)\s+collection\s+)?(?:that|which|to|on|about)\b|"
                         r"\b(?:has|have|did|does)\s+any(?:one|body)\b|\b(?:any|anything|something|there\s+an?)\s+similar\b", re.I)



COMPARED_WITH = re.compile(r"\b(?:compar\w*|relat\w*|differ\w*)\s+(?:to|with|from|against)\s+\S|\b(?:than|versus|vs\.?)\s+\S", re.I)
_COMPARES_REFERENCE = re.compile(r"\bcompar\w*\s+(?:it|them|this|that|these|those)\b|"
                                 r"\b(?:it|they)\s+(?:compares?|stacks?\s+up)\b", re.I)
_CONTINUATION = re.compile(r"^\s*(and|also|so|then|but|what about|how about|compare|contrast|now)\b", re.I)


def latest_list(previous: list[Paper] | None, earlier: list[list[Paper]] | None) -> list[Paper]:
    """The latest list the user saw: the last answer about two papers or more (else the last answer),
    unless it was only the end of a longer list before it ("the last two" of three: "the first one" is
    still the first of the three)."""
    turns = [*(earlier or []), previous or []]
    lists = [(i, ps) for i, ps in enumerate(turns) if len(ps) >= 2]
    for i, ps in reversed(lists):
        if not any(len(before) > len(ps) and before[-len(ps):] == ps for before in turns[:i]):
            return ps
    return lists[-1][1] if lists else previous or []


def followup_papers(question: str, previous: list[Paper], earlier: list[list[Paper]] | None = None,
                    named: list[Paper] | None = None, linker: NameLinker | None = None,
                    beyond: list[Paper] | None = None, context: dict[str, float] | None = None) -> list[Paper] | None:
    """Resolve 'the second one', 'its', 'them' against the conversation: `previous` holds the papers
    the last answer was about (a lookup's own paper, a comparison's or a list's papers), `earlier`
    those of the answers before it, most recent last.
    - A position ("the second one", "the first two", "the middle one", "the other one") is read in the
      latest list the user saw (latest_list): "the second one" after a turn about the first is still
      the comparison's second, and "the other one" the one that turn was not about.
    - "it", "this method" is the last answer's first paper the question does not name ("how does it
      compare to FP8-LM?"); "they", "them", "which one" its papers; "both", "the two" the last two
      papers discussed, across answers if the last was about one.
    - A short continuation with no reference ("and on ImageNet?", "what about memory?") is about the
      last answer's papers, if those papers' abstracts hold what it asks about."""
    if not previous:
        return None
    recent = list(dict.fromkeys(p for ps in reversed([*(earlier or []), previous]) for p in ps))  # latest first
    described = _one_described(question, latest_list(previous, earlier), recent, linker, beyond)
    if described:
        return described
    if _THE_ORIGINAL.search(question):  # "the original method": the one another paper discussed builds on
        leads = {p.id: title_name(p).lower() for p in recent}
        base = [p for p in recent if leads[p.id] and any(leads[p.id] in other.title.lower() for other in recent if other is not p)]
        if len(base) == 1:
            return base
    words = question.split()
    refs = [m for m in _FOLLOWUP_REF.finditer(question)
            if not (m.group("group") or "").lower() in {"they", "their", "them"}
            or not _PLURAL_BEFORE.search(_WH_PHRASE.sub("", question[: m.start()]))
            or _RELATIVE_THEY.search(question[: m.end()])]
    if not refs:
        # "and what about compared to SN-Netv2?": the last answer's papers, with the one it names
        if len(named or []) == 1 and _CONTINUATION.match(question) and COMPARED_WITH.search(question) and len(words) <= 10:
            return list(previous)
        return list(previous) if _continues(question, previous, named) else None
    positional = [m for m in refs if m.group("first_n") or m.group("last_n") or m.group("ordinal") or m.group("other")]
    if positional:  # "the third one ... if the two models were ...": the position is the reference
        refs = positional
    elif any((m.group("group") or "").lower() in _STRONG_GROUP or " " in (m.group("single") or "") for m in refs):
        if ASKS_PAPER.search(question):  # "is there a paper that improves on this method?": a new one
            return None
    else:
        # a pronoun points back in a short or continuing question, or a longer one that starts with it
        # ("how much memory does it save ..."), not inside a new one that asks for or describes a paper
        # (unless the reference is what is compared: "can you compare it with the paper that ...")
        first = len(question[: refs[0].start()].split())
        described = _THE_PAPER_THAT.search(question[: refs[0].start()])
        if (described and re.search(r"[-–—,;:?]", question[described.end(): refs[0].start()])
                and not re.search(r"\byou\s+(?:mentioned|cited|listed|said|found|gave)\b", question, re.I)
                and not _COMPARES_REFERENCE.search(question)):
            return None  # ("what about the IR paper that studied X - why did they ...": they wrote that paper)
        if not _COMPARES_REFERENCE.search(question) and (
                ASKS_PAPER.search(question) or (len(words) > 12 and not _CONTINUATION.match(question)
                                                 and (first > 5 or DESCRIBES_PAPER.search(question))
                                                 and not _opens_asking(question, refs[0].start(), previous, named))):
            return None
    listing = latest_list(previous, earlier)
    out: list[Paper] = []
    for m in refs:
        if m.group("first_n"):  # "the first two"
            out.extend(listing[: _COUNTS[m.group("first_n").lower()]])
        elif m.group("last_n"):  # "the last two"
            out.extend(listing[-_COUNTS[m.group("last_n").lower()]:])
        elif m.group("ordinal"):  # "the second one", "the latter", "the middle one" (of an odd number)
            ordinal = m.group("ordinal").lower()
            if ordinal == "middle":
                idx = len(listing) // 2 if len(listing) % 2 else len(listing)
            else:
                idx = _ORDINALS[ordinal]
            # ("the third one" after a turn about two of three: the latest list that has a third)
            longer = listing if idx < len(listing) else next(
                (ps for ps in reversed([*(earlier or []), previous]) if idx < len(ps)), listing)
            if -len(longer) <= idx < len(longer):
                out.append(longer[idx])
        elif m.group("other"):  # "the other one(s)": the listed papers the last turn was not about
            rest = [p for p in listing if p not in previous] or listing[1:]
            out.extend(rest if m.group("other").lower() == "others" and not m.group("other_n")
                       else rest[: _COUNTS.get((m.group("other_n") or "").lower(), 1)])
        elif m.group("single"):  # "it": the last answer's first paper the question does not name
            named_ids = {p.id for p in named or []}
            # ("something called S4 that's an accelerator - what's that one about?": the paper just named,
            # before a break; but "how does 4-bit Shampoo relate to it?" points back)
            before = question[: m.start()]
            cataphoric = re.search(r"(?:this|that)\s+one", m.group(0), re.I) and re.search(r"(?:\s[-–—]|[;:?!]|\.(?!\d))\s*\S*\s*\S*\s*$", before)
            just_named = [p for p in named or [] if p not in previous and p in linker.link(before)] if cataphoric and linker else []
            unnamed = [p for p in previous if p.id not in named_ids] or previous[:1]
            out.append(just_named[0] if just_named else _meant(question, unnamed, linker))
        else:  # "both", "the two": that many, across answers if need be; "they", "them": the last answer's
            n = _GROUP_SIZE.get(" ".join(m.group("group").lower().split()))
            out.extend(recent[:n] if n else previous)  # (recent starts with the last answer's papers)
    out = list(dict.fromkeys(out))
    which = _WHICH_OF.search(question)
    # ("which one ..." after a turn about one paper of a list: one of the list)
    asks_one = bool(which) and which.group(0).lower().split()[-1] in {"one", "ones"}
    pool = listing if asks_one and len(out) < 2 else out
    if which and linker and len(pool) >= 2:
        out = _those_described(question[which.end():], pool, linker, context)
    return out or None


def _opens_asking(question: str, ref: int, previous: list[Paper], named: list[Paper] | None) -> bool:
    """A longer question that opens with its question word, describes no paper and names none asks about
    the papers discussed ("how much of the unlabeled set do they need to poison ...?"; not "how do SWS and
    TLEG differ in the way they expand ...": they are the papers it names), unless it names a subject of
    its own before the pronoun at `ref` (at least a third of its words there must be those papers': not
    "how does speculative decoding work and why does it ...")."""
    if not _WH_OPEN.match(question) or DESCRIBES_PAPER.search(question) or named:
        return False
    leading = [w for w in tokens(question[:ref]) if w not in _CONTINUATION_WORDS | _MEASURING_WORDS
               and len(w) > 2 and not re.fullmatch(r"(?:if|you|just|why|when|where|who|work|works|goes|wrong|much)", w)]
    known = _words_of(previous)
    return sum(w in known or w.rstrip("s") in known for w in leading) * 3 >= len(leading)


def _words_of(papers: list[Paper]) -> set[str]:
    """The words of the papers' titles and abstracts."""
    return {t for p in papers for t in tokens(p.title + " " + p.abstract)}


def _held(word: str, known: set[str]) -> bool:
    """Whether a word, in the singular or plural, is among `known`."""
    return word in known or word.rstrip("s") in known or word + "s" in known


MEANT_MARGIN = 2.0  # "it" among several papers is the one holding this many times the others' weight of the question
MEANT_MIN = 4.0  # ...and at least this much (one word about 1 paper in 55 uses)
POINTED_MARGIN = 1.5  # "the X one" no paper discussed says X of: the listed one holding this many times the next one's


def _meant(question: str, papers: list[Paper], linker: NameLinker | None) -> Paper:
    """Which of several papers just discussed "it" is: the one whose title and abstract hold the
    question's rare words far more than any other does ("what tools does it use to pull out the auxiliary
    text?" after Apollo and Video-RAG: Video-RAG's "auxiliary texts"; "how does its Temporal Aligner
    work?": the paper with the Temporal Aligner), else the first."""
    if len(papers) < 2 or linker is None:
        return papers[0]
    asked = _description_words(question)
    held = sorted(((linker.held(asked, p), i) for i, p in enumerate(papers)), reverse=True)
    (best, i), (second, _) = held[0], held[1]
    return papers[i] if best >= MEANT_MIN and best >= MEANT_MARGIN * second else papers[0]


_THE_ORIGINAL = re.compile(r"\bthe\s+original(?:\s+(?:one|paper|work|method|approach|model|version|technique|objective))?"
                           r"(?=\s*[?,.;:!]|\s*$|\s+(?:do|does|did|is|was|use[sd]?|need[sd]?|report(?:s|ed)?)\b)", re.I)


def title_name(paper: Paper) -> str:
    """A title's name before its colon ("Barlow Twins"), or ""."""
    return paper.title.split(":")[0].strip() if ":" in paper.title else ""


def _description_words(text: str) -> list[str]:
    """The words a description picks papers by: no function or continuation words, each once."""
    return list(dict.fromkeys(w for w in tokens(text) if len(w) > 1 and w not in FUNCTION_WORDS | _CONTINUATION_WORDS))


# a question that picks some of the papers discussed by what they do ("which of them target ...")
_WHICH_OF = re.compile(r"\bwhich\s+(?:ones?\s+)?of\s+(?:them|these|those|the\s+(?:two|three|papers|above))"
                       r"(?:\s+(?:two|three|papers|ones))?\b|\bwhich\s+ones?\b(?!\s+of\b)", re.I)
PICK_SHARE = 0.7  # a paper picked by a description holds at least this share of the best one's weight
DESCRIBED_COSINE = 0.3  # the share of the question's cosine in what picks papers by a description (the rest: its words)


def _those_described(text: str, papers: list[Paper], linker: NameLinker,
                     context: dict[str, float] | None = None) -> list[Paper]:
    """The papers that hold most of what `text` asks of them, by the rarity of its words (each holding at
    least PICK_SHARE of the best one's weight); all of them when none holds any. With `context` (each
    paper's cosine to the question), DESCRIBED_COSINE of the weight is the cosine, each part relative to
    the best of the papers (a paper beyond the question's retrieved ones counts 0): "which of them prune while training from scratch, no pretrained model needed?" is
    about what they do, which their abstracts may say in other words."""
    asked = _description_words(text)
    held = {p.id: linker.held(asked, p) for p in papers}
    best = max(held.values(), default=0.0)
    if best <= 0:
        return papers
    cos = {p.id: (context or {}).get(p.id, 0.0) for p in papers}
    top = max(cos.values(), default=0.0)
    weight = {pid: (1 - DESCRIBED_COSINE) * h / best + DESCRIBED_COSINE * cos[pid] / top if top > 0 else h / best
              for pid, h in held.items()}
    return [p for p in papers if weight[p.id] >= PICK_SHARE * max(weight.values())]


# a paper of the conversation picked by what it is or does: "the one with the atrous selective scan", "the one
# based on datamodel matching", "the Fisher-information one", "the mixed-sample version"
_THE_ONE = re.compile(r"\bthe\s+(?:one|paper|work|study)\s+(?:with|that|which|using|about|on|where|whose|in\s+which|proposing|introducing|"
                      r"(?:based|built|focused|trained|tested|evaluated)\s+(?:on|with))\s+(?P<what>(?:(?!\s[-–—]\s)(?:[^,;:?]|,(?=\d)))+)", re.I)
_THE_X_ONE = re.compile(r"\bthe\s+(?P<what>(?:(?!(?:one|ones|other|others|first|second|third|fourth|last|former|latter|middle|"
                        r"same|new|next|previous|two|three|original|only|right|wrong|better|best|worse|earlier|later|"
                        r"above|below|this|that|which|each|either)\b)[\w\-]+\s+){1,4}?)(?:one|version|variant|paper)\b"
                        r"(?!\s+(?:of|that|which|where|who)\b)", re.I)


def _one_holds(asked: list[str], papers: list[Paper], linker: NameLinker) -> bool:
    """Whether one of `papers` holds at least half of a description's weight (its words by rarity)."""
    whole = linker.held(asked)
    return any(linker.held(asked, p) >= whole / 2 for p in papers)


def names_in_described_ones(question: str, linker: NameLinker, pool: list[Paper]) -> set[str]:
    """The papers a linker finds by the words of a "the X one" description that a paper of the
    conversation (`pool`) holds ("the VAR one": M-VAR), which describes that paper, not names another
    ("how does it compare with the M-VAR one?" after Mamba names M-VAR)."""
    out: set[str] = set()
    for m in _THE_X_ONE.finditer(question):
        asked = _description_words(m.group("what"))
        if m.group(0).lower().endswith("one") and asked and _one_holds(asked, pool, linker):
            out |= {p.id for p in linker.link(m.group("what")) if p not in pool}
    return out


def _one_described(question: str, listing: list[Paper], pool: list[Paper], linker: NameLinker | None,
                   beyond: list[Paper] | None = None) -> list[Paper]:
    """The papers of the conversation that "the one with ...", "the X one" of the question describe, each
    the paper whose title and abstract hold most of its words, weighted by their rarity (by plain count
    without a linker): more than every other paper does, and (with a linker) at least half of the
    description's weight. Looked for in `listing`, the latest list, then in `pool`, every paper of the
    conversation, then in `beyond`, the papers the last topic list ranked but left out."""
    if ASKS_PAPER.search(question):
        return []
    out: list[Paper] = []
    for m in sorted([*_THE_ONE.finditer(question), *_THE_X_ONE.finditer(question)], key=lambda m: m.start()):
        asked = _description_words(m.group("what"))
        # ("the DPO paper" names a paper, not one of the conversation described; but "the VAR one" is one of
        # the conversation that holds the name, if one does, rather than M-VAR)
        if not asked or (m.re is _THE_X_ONE and linker and any(p not in pool for p in linker.link(m.group("what")))
                         and not (m.group(0).lower().endswith("one") and _one_holds(asked, pool, linker))):
            continue
        if linker:
            whole = linker.held(asked)
            weigh = lambda p: linker.held(asked, p)  # noqa: E731
        else:
            whole = 0.0
            weigh = lambda p: float(len(set(asked) & set(tokens(p.title + " " + p.abstract))))  # noqa: E731
        # (the papers left out only when no paper discussed fits: a tie between two discussed ones is no
        # reason to look past them)
        shown_fit = _one_holds(asked, pool, linker) if linker else True
        in_title = lambda p: sum(w in tokens(p.title) for w in asked)  # noqa: E731
        for papers in (listing, pool, [] if shown_fit else beyond or []):
            if len(papers) < 2:
                continue
            # (a tie is broken by the title: "the data-quality paper" is the one titled "... High Quality Data ...")
            hits = sorted(((weigh(p), in_title(p), i) for i, p in enumerate(papers)), key=lambda h: (-h[0], -h[1]))
            if hits[0][:2] > hits[1][:2] and hits[0][0] >= whole / 2:
                out.append(papers[hits[0][2]])
                break
        else:
            stems = set(topic_words(m.group("what")))
            by_stem = sorted(((len(stems & set(topic_words(p.title))), len(stems & set(topic_words(f"{p.title} {p.abstract}"))), i)
                              for i, p in enumerate(listing)), reverse=True) if stems and len(listing) >= 2 else []
            if by_stem and by_stem[0][:2] > by_stem[1][:2] and by_stem[0][1] and not any(weigh(p) for p in [*listing, *pool]):
                # ("the recommender one": the listed paper titled "... for Efficient Recommendation", by stems)
                out.append(listing[by_stem[0][2]])
            elif linker and len(listing) >= 2 and not any(weigh(p) for p in [*listing, *pool]):
                # ("the CNN one - what observation about binary kernels motivates it?": no paper discussed says
                # CNN; the listed one whose words the rest of the question holds far more than the others')
                rest = _description_words(question[: m.start()] + " " + question[m.end():])
                held = sorted(((linker.held(rest, p), i) for i, p in enumerate(listing)), reverse=True)
                # (a lower margin than for "it": the question says one listed paper is meant)
                if held[0][0] >= MEANT_MIN and held[0][0] >= POINTED_MARGIN * held[1][0]:
                    out.append(listing[held[0][1]])
    return list(dict.fromkeys(out))


# a question that opens with what it asks ("how few trajectories were enough, and in which environment?")
_WH_OPEN = re.compile(r"^\s*(?:and\s+|so\s+)?(?:which|what|whats|how|why|where|when|who)\b", re.I)
# a question of a few words that asks only what ("which benchmarks?", "how fast?", "why?"): of the papers discussed
_BARE_ASK = re.compile(_WH_OPEN.pattern + r"(?:\s+[\w\-]+){0,2}\s*[?.!]*\s*$", re.I)
# what a few words with no question word may ask of the paper discussed ("benchmarks?", "search cost and FID?")
_ATTRIBUTES = {"benchmark", "benchmarks", "dataset", "datasets", "metric", "metrics", "baseline", "baselines", "result",
               "results", "hardware", "gpu", "gpus", "limitation", "limitations", "license", "speedup", "cost", "costs",
               "accuracy", "setting", "settings",
               # (a figure asked in a few words: "numbers on bert?", "gain on glue?", "flops saving and accuracy gain?")
               # (not "performance" or "improvement": "performance of sparse attention models?" is a new subject)
               "number", "numbers", "gain", "gains", "score", "scores", "throughput", "latency", "flops",
               "fps", "memory", "runtime", "saving", "savings", "perplexity"}
# what a bare question may ask of any paper ("which benchmarks?", "what hardware?", "why?")
_ASKED_OF_ANY = _ATTRIBUTES | {
    "data", "code", "authors", "model", "models", "size", "sizes", "speed", "tasks", "task", "languages", "language",
    "exactly", "fast", "big", "large", "long", "well", "not", "so", "combination", "combinations", "variant", "variants",
    "configuration", "configurations", "setup", "setups", "option", "options", "choice", "choices"}
# words that say how much or against what, not about what ("and how much better than a vanilla MLP, on average?")
_MEASURING_WORDS = {"much", "many", "few", "enough", "better", "worse", "faster", "slower", "more", "less", "than",
                    "average", "vs", "versus", "compared", "which", "why", "when", "where", "who", "get", "gets", "got",
                    "exactly", "were", "was", "did", "big", "bigger", "small", "smaller", "large", "larger", "gap",
                    "won", "win", "wins", "best", "worked", "works"}


def _continues(question: str, previous: list[Paper], named: list[Paper] | None) -> bool:
    """A continuation of the papers just discussed: a bare question of a question word and at most two
    more ("which benchmarks?", asking what any paper may be asked, or words the papers hold), or a short one ("and on ImageNet?", "what about memory?": at most six words, ten
    after "and", twelve when it opens with its question word) with no paper named and every other word
    it asks about in one of those papers ("then what is RLHF?" after papers that never mention RLHF is a
    new question)."""
    if named or DESCRIBES_PAPER.search(question):
        return False
    asked = [w for w in tokens(question) if w not in _CONTINUATION_WORDS | _MEASURING_WORDS and len(w) > 1]
    known = _words_of(previous)
    held = all(_held(w, known) for w in asked)
    if _BARE_ASK.match(question):  # ("which benchmarks?": what any paper is asked; "what is RLHF?": a subject)
        return all(w in _ASKED_OF_ANY for w in asked) or (bool(asked) and held)
    # (at most six words after a continuing opener, ten after "and"; twelve for a question that opens with
    # what it asks, all of whose words the papers hold: "how much faster than tensor/sequence parallelism on
    # Llama 7B?" after KV-Runahead)
    limit = 12 if _WH_OPEN.match(question) else 10 if re.match(r"\s*and\b", question, re.I) else 6
    # (or a few words without an opener that ask what any paper is asked: "benchmarks?", "search cost and
    # FID on CIFAR-10?")
    asks_any = any(w in _ASKED_OF_ANY for w in asked)
    if len(question.split()) > limit or not (_CONTINUATION.match(question) or _WH_OPEN.match(question) or asks_any):
        return False
    if not (_CONTINUATION.match(question) or _WH_OPEN.match(question)):  # (an attribute, not "large language models?")
        return any(w in _ATTRIBUTES for w in asked) and all(_held(w, known) for w in asked if w not in _ATTRIBUTES)
    return bool(asked) and held


# a paper described before a pronoun ("what about the IR paper that studied X - why did they ...")
_THE_PAPER_THAT = re.compile(r"\bthe\s+(?:\S+\s+){0,3}?(?:paper|work|study)\s+(?:that|which|where|whose|proposing|"
                             r"introducing|using|on|about)\b", re.I)
DESCRIBES_PAPER = re.compile(
    r"\bwhich\s+(?:\S+\s+){0,2}?(?:papers?|works?|stud(?:y|ies)|methods?|approach(?:es)?|techniques?|"
    r"frameworks?|systems?|models?|articles?|algorithms?|architectures?|optimizers?|schemes?|strateg(?:y|ies)|"
    r"recipes?|mechanisms?)\b(?!\s+(?:does|do|did)\b)|"  # ("which optimizer does HiFT use": about HiFT)
    r"\b(?:what|any|is there an?|find (?:the|a|an))\s+(?:\S+\s+){0,2}?(?:papers?|works?|stud(?:y|ies)|articles?)\b|"
    r"\b(?:the|a)\s+(?:\S+\s+){0,2}?(?:paper|work|study|method|approach|technique|framework|system|model)\s+"
    r"(?:that|which|where|whose|proposing|introducing|using)\b|"
    # ("i remember someone using S4 layers to model an analog audio compressor?": S4 is what it uses)
    r"\b(?:someone|somebody|anyone|anybody)\s+(?:who\s+|that\s+)?(?:us(?:e|es|ed|ing)|tried|trying|appl(?:y|ies|ied|ying)|"
    r"train(?:s|ed|ing)|buil(?:t|ds|ding)|evaluat(?:es|ed|ing)|test(?:s|ed|ing)|combin(?:es|ed|ing)|model(?:s|ed|led|ing|ling)|"
    r"propos(?:es|ed|ing)|replac(?:es|ed|ing)|mak(?:es|ing)|made|did|doing)\b", re.I)

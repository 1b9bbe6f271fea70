"""Question understanding without trusting the small model: the kind of question (lookup, comparison,
topic list), the papers it names (names.NameLinker) or describes (each described part of a comparison is
retrieved separately), what a follow-up refers back to, and whether it asks for a figure an abstract
may not hold.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import FUNCTION_WORDS, NAMELIKE, NameLinker, tokens
from .records import Paper
from .topics import excluded_subjects

_AUX = r"(?:did|does|do|is|are|was|were|can|could|will|would|should|shall|may|might|must|need|needs|has|have|had)"
# a question for a figure or another fact an abstract may not hold, with the words that say which:
# "how many days", "how much memory" (the counted word, unless it is a verb, a preposition or a
# comparison: "how much faster"), "what ImageNet top-1 accuracy", "tell me the FID", "what nDCG@10 does X
# achieve", "what's the FID", "what does it score" (no words), "which datasets", "who are the authors", "which university", "under what license"
_FIGURE = re.compile(
    rf"\bhow (?:many|much)(?:\s+(?!(?:{_AUX}|get|gets|it|of|in|on|for|to|at|by|with|over|than|times|faster|slower|"
    r"better|worse|more|less|fewer|lower|higher|larger|smaller|bigger|cheaper)\b)(?P<counted>[\w\-]+))?"
    rf"|\b(?:what(?:\s+(?:is|was|are|were)\s+the|'s\s+the|\s+(?:is|was)(?=\s+\S+'s\s))?|(?:tell|give|show) me (?:the |its )?)\s*(?P<measure>(?:(?!{_AUX}\b)\S+\s){{0,5}}?(?:score|accuracy|"
    r"fid|bleu|speed-?up|number|percentage|rate|perplexity|gdt|latency|throughput|fraction|proportion))(?![\w-])"
    rf"|\bwhat\s+(?P<achieved>(?:(?!{_AUX}\b)[\w@\-.]+\s+){{0,3}}?(?!{_AUX}\b)[\w@\-.]+)\s+{_AUX}\s+[^?,;]*?"
    r"\b(?:achieve|reach|obtain|attain|score)s?(?![\w-])"
    rf"|\bwhat\s+{_AUX}\s+(?:\S+\s+){{0,3}}?(?:score|achieve|reach|obtain|attain)s?\b"
    # "how does X's average accuracy on Y compare with Z's?"
    r"|\bhow\s+(?:does|do|did|is|are)\s+(?:\S+\s+){0,3}?(?P<versus>(?:[\w@\-.]+\s+){0,3}?(?:accuracy|score|fid|bleu|"
    r"speed-?up|perplexity|latency|throughput|error|f1|auc))\s+(?:\S+\s+){0,6}?compare"
    r"|\bwhich (?P<listed>benchmarks|datasets)\b"
    r"|\bhow\s+long\s+(?:does|did|do|will|would)\s+(?:it|they|\S+)\s+(?:\S+\s+){0,3}?(?P<duration>take|run|last|need)\b"
    r"|\bwho\s+(?:are|were|is|was)\s+(?:the\s+)?(?P<people>authors?|creators?)\b"
    r"|\b(?:what|which)\s+(?:\S+\s+){0,2}?(?P<license>licen[cs]e)\b"
    r"|\bwhich\s+(?P<affiliation>universit(?:y|ies)|institutions?|compan(?:y|ies)|labs?|organi[sz]ations?)\b"
    # "how does X perform on Y", "how well does X do on Y": a result, in a setting the abstract must name
    r"|\bhow\s+(?:well\s+)?(?:does|do|did)\b[^?]{0,120}?\b(?:perform|fare|do)\s+(?:on|in|at|with|under)\b"
    # "what was the total search cost of X in GPU-hours?": the unit says what figure is asked
    r"|\bin\s+(?P<unit>GPU[- ]?(?:hours|days)|TPU[- ]?(?:hours|days)|(?:milli)?seconds|minutes|hours|days|dollars|USD|"
    r"[GMT]B|(?:T|P|G)?FLOPs|kWh|joules|watts)\s*[?.!]?\s*$", re.I)
# "how many <things>": what is counted is the phrase's last word before its verb or preposition
# ("how many GPU hours did ...": hours; "how many people took part": people)
_STOP_AFTER = rf"(?:{_AUX}|it|of|in|on|for|to|at|by|with|per|the|its|their|took|and|times)"
_HOW_MANY = re.compile(rf"\bhow many\s+((?:(?!{_STOP_AFTER}\b)[\w\-]+\s+){{0,2}}?(?!{_STOP_AFTER}\b)[\w\-]+)"
                       rf"(?=\s+{_STOP_AFTER}\b|[\s?,.;]*$)", re.I)


def counted_nouns(question: str) -> list[str]:
    """What each "how many ..." of a question counts ("How many GPU hours did X take?": hours)."""
    return [m.group(1).split()[-1] for m in _HOW_MANY.finditer(question)]


# ("different" before a noun, "differential", "differentiable" are no comparison)
_COMPARE = re.compile(r"\b(compar\w*|differ(?:s|ed|ing|ences?|ently|ent(?!\s+(?!from\b)\w))?|difference|contrast\w*|versus|vs\.?|relate to|similar\w*|"
                      r"(?:the\s+)?same\s+(?:idea|thing|approach|method|trick)\s+as|"
                      r"what\s+(?:separates|distinguishes|sets\s+(?:\S+\s+){1,8}?apart))\b", re.I)
_TOPIC = re.compile(
    r"^\s*(?:which|what|list|name|find|show)\s+(?:all\s+|the\s+|other\s+)?(?:papers|works|studies|methods|approaches|"
    r"articles|publications)\b|\bpapers\s+(?:in the collection\s+)?(?:that|which|on|about|address|propose|study)\b"
    r"|\b(?:list|enumerate)\b.*\bpapers\b"
    r"|^\s*(?:please\s+)?(?:give\s+me|show\s+me|find|list)?\s*(?:every|all(?:\s+the)?)\s+(?:papers?|works?|studies)\s+"
    r"(?:in\s+the\s+collection\s+)?(?:on|about|that|which)\b", re.I)
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
    r"(?:this|that)\s+(?:paper|work|method|approach|model|objective|optimizer|"
    r"technique|framework|system|algorithm|loss))"
    r"|(?P<group>them|they|their|(?:these|those)(?=\s*[?,.!;:]|\s*$|\s+(?:two|three|papers?|works?|methods|approaches|"
    r"models|ones)\b)(?:\s+(?:two|three))?|both(?!\s+(?:\S+\s+){1,4}?and\b)|the\s+two|the\s+three|"
    r"either(?!\s+(?:\S+\s+){1,4}?or\b)|each\s+of\s+them|which\s+one|which\s+of\s+them|any\s+of\s+them|"
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
_PLURAL_BEFORE = re.compile(r"\b(?!(?:does|was|has|this|its|authors|always|across|thus|perhaps|unless|less|plus|yes|whereas|"
                            r"besides|towards|sometimes)\b)[a-z]{2,}[^s\W]s\b", re.I)
# words a short continuation may use besides what it asks about ("and on ImageNet?")
_CONTINUATION_WORDS = {"and", "also", "so", "then", "but", "what", "about", "how", "now", "on", "in", "for", "the",
                       "a", "an", "is", "are", "it", "of", "with", "to", "its", "do", "does", "did", "at", "compare",
                       "contrast", "there", "any"}
_ASKS_PAPER = re.compile(r"\b(?:which|what|any|is\s+there(?:\s+an?|\s+any)?|find\s+(?:an?|the))\s+(?:\S+\s+){0,2}?"
                         r"(?:papers?|works?|stud(?:y|ies)|articles?|publications?)\b|"
                         r"\b(?:is|are)\s+there\s+(?:anything|something|any(?:thing|one)?)\s+(?:else\s+)?"
                         r"(?:in\s+(?:the|this|your)\s+collection\s+)?(?:that|which|to|on|about)\b", re.I)


@dataclass
class Plan:
    kind: str  # lookup | compare | topic
    question: str
    named: list[Paper] = field(default_factory=list)  # papers the question names, in its order
    parts: list[str] = field(default_factory=list)  # described parts of a comparison
    context: str = ""  # what the described parts share ("Two papers look at X: ..."), added to each one's query
    followup: bool = False
    unknown_names: list[str] = field(default_factory=list)  # name-like words no paper mentions
    about_named: bool = False  # a lookup about the paper it names ("what accuracy does X reach?")
    figure: str | None = None  # a question for a figure: the words saying which ("" when it does not say)
    describes: bool = False  # it describes the paper it asks for ("which paper ...") rather than naming a subject
    excluded: dict[str, list[str]] = field(default_factory=dict)  # subjects a topic question rules out (topics.py)
    query: str = ""  # what to retrieve with instead of the question ("its" spelled out as the paper discussed)


_IN_COMMON = re.compile(r"\bin\s+common\b", re.I)
_BOTH_AND = re.compile(r"\bboth\s+(?:the|a|an)\s+(?:[\w\-]+\s+){0,5}?(?:paper|work|method|approach|one)\s+and\s+", re.I)
_RELATED = re.compile(r"\brelated\s+to\b", re.I)
_RELATED_PAPER = re.compile(r"\brelated\s+to\s+(?:the\s+)?(?:[\w\-']+\s+){0,3}?(?:paper|work|method|approach|one)\b", re.I)
# "X or Y: which one ...?" asks to choose between papers
_EITHER = re.compile(r"\bor\s[^?:]+:\s*which\b", re.I)
# "each"/"both" standing for the papers asked about ("what does each report", "both talk about")
_EACH = re.compile(r"\b(?:each|both)\b(?=\s*[?,.;:]|\s+(?:reports?|solves?|proposes?|uses?|achieves?|shows?|"
                   r"targets?|means?|improves?|talks?|claims?|address(?:es)?|do|does|did|one|papers?|works?|"
                   r"methods?|gets?|go(?:es)?|handles?|tackles?|deals?|makes?|needs?|rel(?:y|ies)|tries|try|aims?|"
                   r"trains?|reduces?|obtains?|gains?|differs?|defines?|treats?|learns?|speeds?|avoids?|scales?|changes?)\b)", re.I)
# a described part of a comparison ("the co-design that exploits N:M sparsity on an FPGA"): the names in
# it are what the paper builds on or runs on, not the paper
_DESCRIPTION = re.compile(r"^(?:the|a|an)\s+(?:[\w\-:/]+\s+){0,6}?(?:that|which|who|where|whose|proposing|"
                          r"introducing|saying|showing|arguing|claiming|finding)\b", re.I)


# a paper described inside a list ("the one that improves one-round Reflow training")
_DESCRIBED_ONE = re.compile(r"\b(?:the|a|an)\s+(?:[\w\-]+\s+){0,3}?(?:one|paper|work|study|method|approach|framework)\s+"
                            r"(?:that|which|who|in\s+which|where|saying|showing|arguing|claiming|finding)\b[^,;:?]*", re.I)
_PAPER_WORD = re.compile(r"\b(?:paper|work|study|method|approach|model|framework|system|technique|one)s?\b", re.I)


def is_description(part: str) -> bool:
    return bool(_DESCRIPTION.match(part))


_CHOICE = re.compile(r"\bwhich(?:\s+one)?\s+(?:is|was|works?|performs?|does|scales?)\s+(?:\w+\s+)?"
                     r"(?:better|best|faster|cheaper|more|less|worse)\b[^?]*\bor\b", re.I)
# "Is MoE-LLaVA or LLaVA-MoLE the better fit for ...", "Would X or Y be more suitable ...": a choice between them
_CHOICE_BETWEEN = re.compile(r"^\s*(?:is|are|was|would|should|could|does|do|will)\s+[^?]{1,80}?\bor\b[^?]{1,80}?"
                             r"\b(?:better|best|faster|cheaper|preferable|more\s+\w+|less\s+\w+|worse|the\s+(?:right|better)\s+(?:fit|choice|pick))\b",
                             re.I)
_CHOICE_AFTER = re.compile(r"\bor\b[^?]*?(?:[-–—:,?]|\s)\s*which(?:\s+one|\s+of\s+(?:them|the\s+two))?\s+(?:is|was|should|would|"
                           r"works?|performs?|does|scales?|gives?|needs?)\b", re.I)


# a question that says it starts afresh ("Totally different question - which paper ...", "unrelated: which
# papers ...", "new topic:"): what follows is read on its own, without the conversation
_FRESH_START = re.compile(r"^\s*(?:(?:ok(?:ay)?|right|now|so|alright)\s*[,.!]?\s*)?(?:(?:on\s+)?(?:a\s+|an\s+)?(?:totally|completely|entirely|quite)?\s*"
                          r"(?:different|unrelated|separate|new|another|other)\s+(?:question|topic|thing|subject)|unrelated|"
                          r"changing\s+(?:the\s+)?(?:topic|subject)|switching\s+(?:topics?|gears)|(?:on\s+)?another\s+note)"
                          r"(?:\s+now)?\s*(?:[-–—:,;.!]+|\s(?=which|what|how|is|are|do|does|can|could|any|list|find|give|show|compare))\s*",
                          re.I)


def fresh_start(question: str) -> str | None:
    """The question after an opener that says it starts afresh ("unrelated: which papers ..."), if it has one."""
    m = _FRESH_START.match(question)
    return question[m.end():] if m and question[m.end():].strip() else None


def detect_kind(question: str, named: list[Paper]) -> str:
    if _TOPIC.search(question):
        return "topic"
    if _COMPARE.search(question) or _EITHER.search(question) or (len(named) >= 2 and re.search(r"\b(both|each|and)\b", question, re.I)):
        return "compare"
    # "Both the axiomatic-training paper and Seq-VCR get ...": a described paper and a named one; "what do
    # X and the paper on Y have in common" (not "what do all the papers above have in common")
    if (_BOTH_AND.search(question) or _IN_COMMON.search(question)) and (named or len(described_parts(question)) >= 2):
        return "compare"
    # "How is MatFormer related to the stitched-ViTs paper?", not "How is the KV cache size related to ...?"
    if _RELATED.search(question) and (len(named) >= 2 or _RELATED_PAPER.search(question)):
        return "compare"
    # "X and the work that ...: what does each ...", not "Which paper ... in each?"
    if _EACH.search(question) and not re.match(r"\s*(?:which|what)\b", question, re.I) and len(described_parts(question)) >= 2:
        return "compare"
    # "Which is better for X: the A that ..., or the B that ...?" chooses between two papers; so does
    # "the one that ..., or SFD - which one is cheaper?"
    if _CHOICE_BETWEEN.search(question) and len(named) >= 2:
        return "compare"
    if (_CHOICE.search(question) or _CHOICE_AFTER.search(question)) and (
            len(described_parts(question)) >= 2 or len(named) + len(_DESCRIBED_ONE.findall(question)) >= 2):
        return "compare"
    return "lookup"


_LEAD_IN = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?(?:compare|contrast|what are the (?:main |key )?(?:differences|similarities) between|"
    r"how (?:do|does|did)|what (?:distinguishes|separates|sets)|differences between)\s+", re.I)
_SPLIT = re.compile(r",?\s+(?:with|and|or|versus|vs\.?|to|from)\s+(?=the\s|a\s|an\s)", re.I)
# a list of papers announced before a colon ("Three optimization papers: the faster BCD one, the ..., and
# OIG"): its items are separated by commas as well
_LIST_INTRO = re.compile(r"^(?:\S+\s+){0,4}?(?:papers|works|methods|approaches|models|ones|studies)\s*$", re.I)
_LIST_SPLIT = re.compile(_SPLIT.pattern + r"|,\s*(?:(?:and|or)\s+)?(?=(?:the|a|an)\s)"
                         r"|,\s*(?:and|or)\s+(?=[^,]*\((?-i:[A-Z])[\w\-]*\))", re.I)


_PART_FILLER = {"it", "its", "they", "them", "this", "that", "these", "those", "one", "compare", "compares",
                "can", "could", "would", "you", "please",
                "compared", "differ", "differs", "contrast", "contrasts", "how", "does", "do", "is", "are"}


def _parts_body(question: str) -> tuple[str, str]:
    """The part of a comparison that describes its papers, and the context before a colon that all of
    them share ("Two papers look at predicting downstream abilities: the COD framework and the study that ...")."""
    first = re.split(r"(?<=[.?!])\s+(?=[A-Z])", question.strip())[0]
    body = _LEAD_IN.sub("", first)
    context, colon, rest = body.partition(": ")
    if colon and len(_SPLIT.split(context)) >= 2:  # "X or the Y: which one ...?" names them before it
        return context, ""
    if colon and (len(context.split()) >= 4 and len(_SPLIT.split(rest)) >= 2
                  or _LIST_INTRO.search(context) and len(_LIST_SPLIT.split(rest)) >= 2):
        return rest, context
    return body, ""


def described_parts(question: str) -> list[str]:
    """Split 'Compare the work that ... with the approach that ...' into its described parts (and a list
    after "Three papers:" at its commas)."""
    body, context = _parts_body(question)
    parts: list[str] = []
    start = 0
    for m in [*(_LIST_SPLIT if _LIST_INTRO.search(context) else _SPLIT).finditer(body), None]:
        piece = body[start: m.start() if m else len(body)].strip(" ,.?")
        # "the follow-up that adds load balancing and a master leaf node", "codewords from a binary
        # codebook": a part opening with "a/an" goes on the one before unless it describes a paper of
        # its own ("and a method that ...")
        if parts and re.match(r"an?\s", piece, re.I) and not is_description(piece):
            parts[-1] = f"{parts[-1]}{sep}{piece}"
        else:
            parts.append(piece)
        if m:
            sep, start = m.group(0), m.end()
    # a part left with only pronouns and comparison verbs ("it compare") describes nothing
    parts = [p for p in parts if any(w.lower() not in _PART_FILLER for w in re.findall(r"[\w\-]{2,}", p))]
    return parts if len(parts) >= 2 else []


def shared_context(question: str) -> str:
    return _parts_body(question)[1]


# "it"/"its" standing for something named before: not the subject of a verb ("it is", "it's"), not the
# dummy object of "make it possible"
_BACK_REFERENCE = re.compile(r"(?<!\bmake )(?<!\bmakes )\b(it)(s)?\b(?!'s|\s+(?:is|was|has|can|will|would|does|did)\b)",
                             re.I)


def with_antecedent(part: str, before: str) -> str:
    """A described part with "it"/"its" spelled out as the part before it ("the follow-up that
    regularizes it with mixed samples", after "the Barlow Twins objective"), so that its retrieval
    knows what the described paper builds on. The part before loses its comparison words ("differ")."""
    antecedent = " ".join(w for w in before.split() if w.lower() not in _PART_FILLER)
    if not antecedent:
        return part
    return _BACK_REFERENCE.sub(lambda m: antecedent + ("'s" if m.group(2) else ""), part)


_COMPARED_WITH = re.compile(r"\b(?:compar\w*|relat\w*|differ\w*)\s+(?:to|with|from)\s+\S|\b(?:than|versus|vs\.?)\s+\S", re.I)
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
                    named: list[Paper] | None = None, linker: NameLinker | None = None) -> list[Paper] | None:
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
    described = _one_described(question, latest_list(previous, earlier), recent, linker)
    if described:
        return described
    if _THE_ORIGINAL.search(question):  # "the original method": the one another paper discussed builds on
        leads = {p.id: _title_name(p).lower() for p in recent}
        base = [p for p in recent if leads[p.id] and any(leads[p.id] in other.title.lower() for other in recent if other is not p)]
        if len(base) == 1:
            return base
    words = question.split()
    refs = [m for m in _FOLLOWUP_REF.finditer(question)
            if not (m.group("group") or "").lower() in {"they", "their", "them"}
            or not _PLURAL_BEFORE.search(question[: m.start()])]
    if not refs:
        # "and what about compared to SN-Netv2?": the last answer's papers, with the one it names
        if len(named or []) == 1 and _CONTINUATION.match(question) and _COMPARED_WITH.search(question) and len(words) <= 10:
            return list(previous)
        return list(previous) if _continues(question, previous, named) else None
    positional = [m for m in refs if m.group("first_n") or m.group("last_n") or m.group("ordinal") or m.group("other")]
    if positional:  # "the third one ... if the two models were ...": the position is the reference
        refs = positional
    elif any((m.group("group") or "").lower() in _STRONG_GROUP or " " in (m.group("single") or "") for m in refs):
        if _ASKS_PAPER.search(question):  # "is there a paper that improves on this method?": a new one
            return None
    else:
        # a pronoun points back in a short or continuing question, or a longer one that starts with it
        # ("how much memory does it save ..."), not inside a new one that asks for or describes a paper
        # (unless the reference is what is compared: "can you compare it with the paper that ...")
        first = len(question[: refs[0].start()].split())
        if not _COMPARES_REFERENCE.search(question) and (
                _ASKS_PAPER.search(question) or (len(words) > 12 and not _CONTINUATION.match(question)
                                                 and (first > 5 or _DESCRIBES_PAPER.search(question)))):
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
            if -len(listing) <= idx < len(listing):
                out.append(listing[idx])
        elif m.group("other"):  # "the other one(s)": the listed papers the last turn was not about
            rest = [p for p in listing if p not in previous] or listing[1:]
            out.extend(rest if m.group("other").lower() == "others" and not m.group("other_n")
                       else rest[: _COUNTS.get((m.group("other_n") or "").lower(), 1)])
        elif m.group("single"):  # "it": the last answer's first paper the question does not name
            named_ids = {p.id for p in named or []}
            out.append(next((p for p in previous if p.id not in named_ids), previous[0]))
        else:  # "both", "the two": that many, across answers if need be; "they", "them": the last answer's
            n = _GROUP_SIZE.get(" ".join(m.group("group").lower().split()))
            out.extend(recent[:n] if n else previous)  # (recent starts with the last answer's papers)
    out = list(dict.fromkeys(out))
    which = _WHICH_OF.search(question)
    if which and linker and len(out) >= 2:
        out = _those_described(question[which.end():], out, linker)
    return out or None


_THE_ORIGINAL = re.compile(r"\bthe\s+original(?:\s+(?:one|paper|work|method|approach|model|version|technique|objective))?"
                           r"(?=\s*[?,.;:!]|\s*$|\s+(?:do|does|did|is|was|use[sd]?|need[sd]?|report(?:s|ed)?)\b)", re.I)


def _title_name(paper: Paper) -> str:
    """A title's name before its colon ("Barlow Twins"), or ""."""
    return paper.title.split(":")[0].strip() if ":" in paper.title else ""


def _description_words(text: str) -> list[str]:
    """The words a description picks papers by: no function or continuation words, each once."""
    return list(dict.fromkeys(w for w in tokens(text) if len(w) > 1 and w not in FUNCTION_WORDS | _CONTINUATION_WORDS))


# a question that picks some of the papers discussed by what they do ("which of them target ...")
_WHICH_OF = re.compile(r"\bwhich\s+(?:ones?\s+)?of\s+(?:them|these|those|the\s+(?:two|three|papers|above))"
                       r"(?:\s+(?:two|three|papers|ones))?\b", re.I)
PICK_SHARE = 0.7  # a paper picked by a description holds at least this share of the best one's weight


def _those_described(text: str, papers: list[Paper], linker: NameLinker) -> list[Paper]:
    """The papers that hold most of what `text` asks of them, by the rarity of its words (each holding at
    least PICK_SHARE of the best one's weight); all of them when none holds any."""
    asked = _description_words(text)
    held = {p.id: linker.held(asked, p) for p in papers}
    best = max(held.values(), default=0.0)
    return [p for p in papers if held[p.id] >= PICK_SHARE * best] if best > 0 else papers


# a paper of the conversation picked by what it is or does: "the one with the atrous selective scan", "the one
# based on datamodel matching", "the Fisher-information one", "the mixed-sample version"
_THE_ONE = re.compile(r"\bthe\s+one\s+(?:with|that|which|using|about|on|where|whose|proposing|introducing|"
                      r"(?:based|built|focused|trained|tested|evaluated)\s+(?:on|with))\s+(?P<what>(?:(?!\s[-–—]\s)(?:[^,;:?]|,(?=\d)))+)", re.I)
_THE_X_ONE = re.compile(r"\bthe\s+(?P<what>(?:(?!(?:one|ones|other|others|first|second|third|fourth|last|former|latter|middle|"
                        r"same|new|next|previous|two|three|original|only|right|wrong|better|best|worse|earlier|later|"
                        r"above|below|this|that|which|each|either)\b)[\w\-]+\s+){1,3}?)(?:one|version|variant)\b"
                        r"(?!\s+(?:of|that|which|where|who)\b)", re.I)


def _one_described(question: str, listing: list[Paper], pool: list[Paper], linker: NameLinker | None) -> list[Paper]:
    """The papers of the conversation that "the one with ...", "the X one" of the question describe, each
    the paper whose title and abstract hold most of its words, weighted by their rarity (by plain count
    without a linker): more than every other paper does, and (with a linker) at least half of the
    description's weight. Looked for in `listing`, the latest list, then in `pool`, every paper of the
    conversation."""
    if _ASKS_PAPER.search(question):
        return []
    out: list[Paper] = []
    for m in sorted([*_THE_ONE.finditer(question), *_THE_X_ONE.finditer(question)], key=lambda m: m.start()):
        asked = _description_words(m.group("what"))
        if not asked:
            continue
        if linker:
            whole = linker.held(asked)
            weigh = lambda p: linker.held(asked, p)  # noqa: E731
        else:
            whole = 0.0
            weigh = lambda p: float(len(set(asked) & set(tokens(p.title + " " + p.abstract))))  # noqa: E731
        for papers in (listing, pool):
            if len(papers) < 2:
                continue
            hits = sorted(((weigh(p), i) for i, p in enumerate(papers)), key=lambda h: -h[0])
            if hits[0][0] > hits[1][0] and hits[0][0] >= whole / 2:
                out.append(papers[hits[0][1]])
                break
    return list(dict.fromkeys(out))


def _continues(question: str, previous: list[Paper], named: list[Paper] | None) -> bool:
    """A short continuation ("and on ImageNet?", "what about memory?"): at most six words, a
    continuing opener, no paper named, and every other word it asks about in one of the papers just
    discussed ("then what is RLHF?" after papers that never mention RLHF is a new question)."""
    if len(question.split()) > 6 or not _CONTINUATION.match(question) or named or _DESCRIBES_PAPER.search(question):
        return False
    asked = [w for w in tokens(question) if w not in _CONTINUATION_WORDS and len(w) > 1]
    known = {t for p in previous for t in tokens(p.title + " " + p.abstract)}
    return bool(asked) and all(w in known or w.rstrip("s") in known or w + "s" in known for w in asked)


_DESCRIBES_PAPER = re.compile(
    r"\bwhich\s+(?:\S+\s+){0,2}?(?:papers?|works?|stud(?:y|ies)|methods?|approach(?:es)?|techniques?|"
    r"frameworks?|systems?|models?|articles?|algorithms?|architectures?|optimizers?|schemes?|strateg(?:y|ies)|"
    r"recipes?|mechanisms?)\b(?!\s+(?:does|do|did)\b)|"  # ("which optimizer does HiFT use": about HiFT)
    r"\b(?:what|any|is there an?|find (?:the|a|an))\s+(?:\S+\s+){0,2}?(?:papers?|works?|stud(?:y|ies)|articles?)\b|"
    r"\bthe\s+(?:\S+\s+){0,2}?(?:paper|work|study|method|approach|technique|framework|system|model)\s+"
    r"(?:that|which|where|whose|proposing|introducing|using)\b", re.I)
# a name the question measures its paper against ("better than GPTQ", "compared with GPTQ") is a baseline
_BASELINE = re.compile(r"\b(?:than|versus|vs\.?|compared (?:to|with)|unlike)\s+\S+", re.I)


def plan(question: str, linker: NameLinker, previous: list[Paper] | None = None,
         context: dict[str, float] | None = None, earlier: list[list[Paper]] | None = None) -> Plan:
    named = linker.link(question, context)
    prior = followup_papers(question, previous or [], earlier, named, linker) if not _TOPIC.search(question) else None
    followup = False
    query = ""
    asks = _ASKS_PAPER.search(question)
    ref = re.match(r"\s*(?:\S+\s+){0,3}?(?P<ref>its|(?:this|that)\s+(?:paper|work|method|approach|model|objective|"
                   r"optimizer|technique|framework|system|algorithm|loss))\b", question[asks.end():], re.I) if asks else None
    if not prior and previous and ref:
        # "is there anything in the collection that fixes its overfitting problem?", "is there later work
        # arguing that this objective can overfit?": a new paper, found by what the paper discussed is called
        name = linker.alias_of(previous[0].id) or _title_name(previous[0]) or previous[0].title
        at = asks.end() + ref.start("ref")
        query = question[:at] + (f"{name}'s" if ref.group("ref").lower() == "its" else name) + question[asks.end() + ref.end("ref"):]
    if prior:
        followup = True
        named = list(dict.fromkeys(prior + named))
    kind = detect_kind(question, named)
    if (kind == "compare" and not followup and len(named) == 1 and previous and len(previous) <= 3
            and named[0] not in previous and not _DESCRIBED_ONE.search(question)
            and not any(is_description(part) for part in described_parts(question))):
        # "how does TriForce compare on that front?": with the papers the conversation is about
        named, followup = [*previous, *named], True
    if followup and kind == "lookup" and len(named) >= 2 and re.search(r"\b(first|second|two|both|them)\b", question, re.I):
        kind = "compare"
    if followup and kind == "compare" and len(named) == 1 and not _COMPARED_WITH.search(question):
        # "what does the middle one do differently?": with two others of its list, not a retrieved paper
        # (but "how does the second one compare to Megatron-LM?" names what it is compared with)
        named += [p for p in latest_list(previous, earlier) if p not in named][:2]
    m = _FIGURE.search(question)
    figure = next((g for g in m.groups() if g), "") if m else None
    described = bool(_DESCRIBES_PAPER.search(question))  # asks for a paper it describes
    baseline = bool(_BASELINE.search(question))
    # a figure asked of the one paper named, "compared with" a baseline, is a lookup about that paper;
    # so is one of a paper named by nothing linkable, against a thing no paper ("... vs the non-local block")
    pieces = described_parts(question)
    demoted = (kind == "compare" and figure is not None and not followup
               and not any(is_description(part) for part in pieces)
               and not (_CHOICE_AFTER.search(question) and _DESCRIBED_ONE.search(question))
               and (len(named) == 1 or (not named and not any(_PAPER_WORD.search(part) for part in pieces[1:]))))
    kind = "lookup" if demoted else kind
    parts = pieces if kind == "compare" and len(named) < 2 else []
    if kind == "compare" and (len(named) >= 2 or (named and not parts)):
        # "Compare X, Y and the unified sequence parallelism approach", "the three papers: the one that
        # ..., X, and Y", "the one that ..., or SFD": the named papers and a described one
        described_one = [m.group(0).strip() for m in _DESCRIBED_ONE.finditer(question)]
        parts = [part for part in dict.fromkeys(
                     [*(p for p in pieces if re.match(r"(?:the|a|an)\s", p, re.I)),
                      *(d for d in described_one if not any(d in p for p in pieces))])
                 if not linker.link(part)]
        # a name that is only a word of a described paper ("the minifloat-vs-integer FPGA quantization
        # paper": a paper titled "FPGA: ..." on something else): that part is described, not named
        for part in pieces:
            misfits = [paper for paper in linker.link(part) if not linker.fits(part, paper)]
            if misfits:
                named = [paper for paper in named if paper not in misfits]
                parts.append(linker.without_names(part, misfits))
    if parts:  # a name inside a described part is not a paper compared
        inside = {paper.id for part in parts if is_description(part) for paper in linker.link(part)}
        outside = {paper.id for part in parts if not is_description(part) for paper in linker.link(part)}
        named = [paper for paper in named if paper.id not in inside or paper.id in outside]
    # a lookup that names one paper and describes none asks about that paper; one that describes
    # its paper ("which paper beats GPTQ ...") names baselines, not the answer
    about_named = kind == "lookup" and len(named) == 1 and (demoted or not (described or baseline))
    return Plan(kind=kind, question=question, named=named, parts=parts, followup=followup,
                unknown_names=linker.unknown_names(question, capitalized=kind == "compare" or not described),
                about_named=about_named,
                figure=figure, describes=described, context=shared_context(question) if parts else "",
                excluded=excluded_subjects(question) if kind == "topic" else {}, query=query)


# a question about a name's own workings: "How does X ...", "What is X", "Explain X"
_ABOUT_NAME = re.compile(r"^\s*(?:how\s+(?:does|do|did|is|are|can)|what\s+(?:is|are|does)|what's|explain|describe|summari[sz]e)"
                         r"\s+(?:the\s+)?([A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9])\b", re.I)


def subject_name(question: str) -> str | None:
    """The name a question asks about the workings of ("How does SmoothQuant migrate ...": SmoothQuant)."""
    m = _ABOUT_NAME.match(question)
    return m.group(1) if m and NAMELIKE.match(m.group(1).replace("-", "")) else None


"""Question understanding without trusting the small model: the kind of question (lookup, comparison,
topic list), the papers it names (names.NameLinker) or describes (each described part of a comparison is
retrieved separately), and whether it asks for a figure an abstract may not hold. What a follow-up refers
back to is resolved in followups.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .followups import (ASKS_PAPER, COMPARED_WITH, DESCRIBES_PAPER, followup_papers, latest_list,
                        names_in_described_ones, title_name)
from .names import NAMELIKE, NameLinker, name_words, spelled_out
from .records import Paper
from .retrieval import topic_words
from .topics import ASKS_LIST, COLLECTION_ON, LIST_EVERYTHING, LOOKING_FOR, PLACE, excluded_subjects, without_opener

# what "how big is the gain" asks is a figure of the gain, not a size
SIZELESS = (r"(?:gains?|improvements?|drops?|differences?|speed-?ups?|reductions?|savings?|margins?|boosts?|effects?|gaps?|"
            r"overheads?|advantages?|increases?|benefits?|loss(?:es)?|errors?|impacts?)\b")
_AUX = r"(?:did|does|do|is|are|was|were|can|could|will|would|should|shall|may|might|must|need|needs|has|have|had)"
# a training setting whose value "which" or "what" asks ("what negative sampling ratio did they use?")
SETTING_VALUE = (r"(?:sampling|mixing|mixture|masking)\s+ratios?|temperatures?|thresholds?|weight\s+decay|"
                 r"dropout\s+rates?|warm-?up\s+steps")
# a number before what "which" asks to be named ("which 4 GNN backbones", "which three baselines"; figures.py too)
COUNT_WORD = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)"
# a question for a figure or another fact an abstract may not hold, with the words that say which:
# "how many days", "how much memory" (the counted word, unless it is a verb, a preposition or a
# comparison: "how much faster"), "what ImageNet top-1 accuracy", "tell me the FID", "what nDCG@10 does X
# achieve", "what's the FID", "what does it score" (no words), "which datasets", "who are the authors", "which university", "under what license"
_FIGURE = re.compile(
    rf"\bhow (?:many|much)(?!\s+(?:manual|human|effort|engineering|expertise|tuning)\b)(?:\s+(?!(?:{_AUX}|get|gets|it|of|in|on|for|to|at|by|with|over|than|times|faster|slower|"
    r"better|worse|more|less|fewer|lower|higher|larger|smaller|bigger|cheaper)\b)(?P<counted>[\w\-]+(?:\s+(?:time|memory|compute|cost)\b(?!\s+(?:of|for)\b))?))?"
    rf"|\b(?:what(?:\s+(?:is|was|are|were)\s+the|'s\s+the|\s+(?:is|was)(?=\s+\S+'s\s))?|(?:tell|give|show) me (?:the |its )?)\s*(?P<measure>(?:(?!{_AUX}\b)\S+\s){{0,5}}?(?:score|accuracy|"
    r"fid|bleu|speed-?up|number|percentage|rate|perplexity|gdt|latency|throughput|fraction|proportion|rank|batch\s?size|"
    r"recall(?!\s+(?!(?:of|on|at|for|does|did|do|is|was|when|with)\b)[a-z])|m?iou|psnr|ssim|wer|auc|"
    r"dimension(?:ality)?|hidden\s+size|embedding\s+size))(?![\w-])"
    rf"|\bwhat\s+(?P<achieved>(?:(?!{_AUX}\b)[\w@\-.]+\s+){{0,5}}?(?!{_AUX}\b)[\w@\-.]+)\s+{_AUX}\s+[^?,;]*?"
    r"\b(?:(?:achieve|reach|obtain|attain|score|guarantee)s?(?![\w-])|gets?(?=\s+(?:on|in|at|for|with|from|over)\b|\s*[?.,;]|\s*$))"
    rf"|\bwhat\s+{_AUX}\s+(?:\S+\s+){{0,3}}?(?:score|achieve|reach|obtain|attain)s?\b"
    # "how does X's average accuracy on Y compare with Z's?"
    r"|\bhow\s+(?:does|do|did|is|are)\s+(?:\S+\s+){0,3}?(?P<versus>(?:[\w@\-.]+\s+){0,3}?(?:accuracy|score|fid|bleu|"
    r"speed-?up|perplexity|latency|throughput|error|f1|auc))\s+(?:\S+\s+){0,6}?compare"
    # "which maximum learning rate worked best?": a setting's value
    # (the setting itself, before its verb: not "which model ranks first", "which learning rate schedule")
    # ("what negative sampling ratio did they end up using?")
    r"|\bwhich\s+(?P<setting>(?:[\w\-]+\s+){0,2}?(?:learning\s+rates?|batch\s?sizes?|ranks?|hidden\s+sizes?|"
    r"embedding\s+sizes?|" + SETTING_VALUE + r"))"
    rf"(?=\s+(?:{_AUX}|worked|works|work|gave|gives|give|used|uses|use|performed|was\s+best)\b|\s*[?,.;]|\s*$)"
    r"|\bwhat\s+(?P<value>(?:[\w\-]+\s+){0,2}?(?:" + SETTING_VALUE + rf"))(?=\s+(?:{_AUX})\b)"
    r"|\bwhich\s+(?:[\w\-]+\s+){0,2}?(?:(?P<listed>benchmarks|datasets|data\s+sets|environments)\b|"
    rf"(?P<one_listed>benchmark|dataset|data\s+set|environment)\s+(?={_AUX}\b))"
    # "which 4 GNN backbones did they plug it into?": that many things, which the abstract must name
    rf"|\bwhich\s+{COUNT_WORD}\s+(?:[\w\-]+\s+){{0,2}}?(?P<named_count>[a-z]{{3,}}s)\b"
    r"|\bhow\s+long\s+(?:does|did|do|will|would)\s+(?:it|they|\S+)\s+(?:\S+\s+){0,3}?(?P<duration>take|run|last|need)\b"
    r"|\bwho\s+(?:are|were|is|was)\s+(?:the\s+)?(?P<people>authors?|creators?)\b"
    r"|\b(?:what|which)\s+(?:\S+\s+){0,2}?(?P<license>licen[cs]e)\b"
    r"|\bwhich\s+(?P<affiliation>universit(?:y|ies)|institutions?|compan(?:y|ies)|labs?|organi[sz]ations?)\b"
    # "how does X perform on Y", "how well does X do on Y": a result, in a setting the abstract must name
    r"|\bhow\s+(?:well\s+)?(?:does|do|did)\b[^?]{0,120}?\b(?:perform|fare|do)\s+(?:on|in|at|with|under)\b"
    # "what BD-rate saving does X report?": a gain in a measure it names
    rf"|\bwhat\s+(?P<gain>(?!(?:kind|sort|type|{_AUX})\b)(?:[\w@\-.]+\s+){{0,2}}?(?!{_AUX}\b)[\w@\-.]+)\s+"
    rf"(?:savings?|reductions?|gains?)(?=\s+(?:{_AUX}|of|over|relative|compared|against|versus|vs)\b|\s*[?.,;])"
    # "what teacher model did X distill from?", "which base LLM does X use": a model in a role the abstract must
    # speak of (not any thing: "which optimizer / GPUs / dataset" are answered by names without the word)
    rf"|(?<!\bat\s)(?<!\bto\s)(?<!\bfor\s)\b(?:what|which)\s+(?P<entity>(?:(?!(?:in|of|on|at|for|to|by|with|from|during|"
    rf"else|exactly|exact|other|specific|particular|then|{_AUX})\b)[\w\-]+\s+){{0,2}}?"
    rf"(?:teachers?|students?|judges?|base|backbones?|(?:teacher|student|base|backbone|judge|pretrained|pre-trained)\s+(?:model|llm|lm|network)s?))"
    rf"\s+(?:{_AUX})\s+(?:\S+\s+){{0,4}}?"
    r"(?:use|used|employ|employed|adopt|adopted|rely\s+on|relied\s+on|distill?\s+from|distilled\s+from|"
    r"start\s+from|started\s+from|initiali[sz]e\s+from|initiali[sz]ed\s+from|"
    r"(?:measure|evaluate|test|benchmark|deploy)(?:d|ed)?(?:\s+(?:\S+\s+){0,2}?on)|(?:run|ran)\s+(?:\S+\s+){0,2}?on)\b"
    # "any wall clock numbers for it?", "speedup numbers?": the figures the words before "numbers" name
    # (not "the complex numbers", "random numbers")
    r"|(?:^|\b(?:any|actual|concrete|exact|give|gives|report|reports|show|shows)\s+)"
    r"(?P<numbers>(?!(?:any|actual|the|some|it|its|their|of|for|what|which|hard|rough|ballpark|concrete|exact|precise|"
    r"real|headline|give|show|report)\b)(?:[\w\-]+\s+)?"
    r"(?!(?:any|actual|the|some|complex|real|natural|random|prime|integer|rational|hypercomplex|floating|binary|what|"
    r"which|hard|rough|ballpark|concrete|exact|precise|headline)\b)[\w\-]+)\s+numbers\b"
    # "how fast is X compared to fp16?": a speed (figures.py)
    r"|\bhow\s+(?P<fast>fast|quick(?:ly)?)\s+(?:is|was|are|were|does|do|did|can|could)\b"
    # "how big was the teacher model?": a size, given with the thing asked of (figures.py)
    r"|\bhow\s+(?P<size>big|large)\s+(?:is|was|were|are)\s+(?!(?:the\s+|its\s+|their\s+)?(?:[\w\-]+\s+){0,2}?" + SIZELESS + r")"
    # "by what factor is X faster than Y?": a factor
    r"|\bby\s+what\s+(?P<factor>factor|margin)\b"
    # "what was the total search cost of X in GPU-hours?": the unit says what figure is asked
    r"|\bin\s+(?P<unit>GPU[- ]?(?:hours|days)|TPU[- ]?(?:hours|days)|(?:milli)?seconds|minutes|hours|days|dollars|USD|"
    r"[GMT]B|(?:T|P|G)?FLOPs|kWh|joules|watts|words|tokens|pages|parameters|params)\s*[?.!]?\s*$", re.I)
# "how many <things>": what is counted is the phrase's last word before its verb or preposition
# ("how many GPU hours did ...": hours; "how many people took part": people)
_STOP_AFTER = rf"(?:{_AUX}|it|of|in|on|for|to|at|by|with|per|the|its|their|took|and|times|get|gets|got|go|went)"
_HOW_MANY = re.compile(rf"\bhow many\s+((?:(?!{_STOP_AFTER}\b)[\w\-]+\s+){{0,2}}?(?!{_STOP_AFTER}\b)[\w\-]+)"
                       rf"(?=\s+{_STOP_AFTER}\b|\s*,\s*(?:and|or)\b|[\s?,.;]*$)", re.I)  # ("how many GPU hours, and ...")


# a verb whose object is an indirect question: "a model that predicts (, at every step,) how many tokens are
# left" describes what a paper does, it does not ask for a number
# ("do you know how many ...", "I want to learn how much ..." ask directly)
_INDIRECT = re.compile(r"\b(?:(?:predict|estimat|decid|determin|choos|chose|infer|adjust|control|select|adapt)\w*|"
                       r"learn(?:s|ed|ing)|figur\w*\s+out|work\w*\s+out)(?:\s*,[^,]{1,40},)?\s+$", re.I)


def _asked(question: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The matches of `pattern` that ask something, not those in an indirect question ("predicts how many")."""
    return [m for m in pattern.finditer(question) if not _INDIRECT.search(question[: m.start()])]


def figures_asked(question: str) -> list[tuple[str, str]]:
    """Each figure a question asks, in order, as (how it is asked, the words saying which; "" when it does
    not say): "How many tokens does X draft, and what acceptance rate does it report?": (counted, tokens),
    (measure, acceptance rate)."""
    # (a measure followed by its abbreviation is asked as the measure: "what model FLOPs utilization (MFU)
    # does X reach")
    question = _SPELLED_ABBREVIATION.sub(lambda m: "" if _spells(m.string[: m.start()], m.group(1)) else m.group(0), question)
    question = _GLOSS.sub("", question)  # (and a gloss of a word or two: "what differential-privacy budget (epsilon)")
    return [next(((k, v) for k, v in m.groupdict().items() if v), ("", "")) for m in _asked(question, _FIGURE)]


def _spells(before: str, short: str) -> bool:
    """Whether the words before an abbreviation spell it out ("frames per second (FPS)", "tokens per second
    (TPS)", "time-to-first-token (TTFT)", "model FLOPs utilization (MFU)")."""
    letters = re.sub(r"[^a-z]", "", short.lower())
    return any(spelled_out(before, form, word) for form in dict.fromkeys([letters, letters.removesuffix("s")])
               for word in (r"[A-Za-z][\w\-]*", r"[A-Za-z]+"))


_GLOSS = re.compile(r"\s*\((?:\s*[\w\-]+){1,2}\s*\)(?=\s+(?:does|do|did|is|are|was|were|can|could|would|will)\b)", re.I)
_SPELLED_ABBREVIATION = re.compile(r"\s*\(([A-Za-z][A-Za-z0-9\-]{1,10})\)")


def counted_nouns(question: str) -> list[str]:
    """What each "how many ..." of a question counts ("How many GPU hours did X take?": hours)."""
    return [m.group(1).split()[-1] for m in _asked(question, _HOW_MANY)]


# ("different" before a noun, "differential", "differentiable" are no comparison; "anything similar for X?"
# asks for another paper)
_COMPARE = re.compile(r"\b(compar\w*|differ(?:s|ed|ing|ences?|ently|ent(?!\s+(?!from\b)\w))?|difference|contrast\w*|versus|vs\.?|relate to|"
                      r"(?<!anything\s)(?<!something\s)(?<!any\s)(?<!there\sa\s)similar\w*|"
                      r"(?:the\s+)?same\s+(?:idea|thing|approach|method|trick)\s+as|"
                      r"what\s+(?:separates|distinguishes|sets\s+(?:\S+\s+){1,8}?apart))\b", re.I)
_TOPIC = re.compile(
    r"^\s*(?:which|what|list|name|find|show)\s+(?:all\s+|the\s+|other\s+)?(?:papers|works|studies|methods|approaches|"
    r"articles|publications)\b|\bpapers\s+(?:in the collection\s+)?(?:that|which|whose|on|about|address|propose|study)\b"
    # "I'm looking for work on X", "I'm after research that ..."
    r"|^\s*" + LOOKING_FOR + r"\s+(?:any\s+|some\s+)?"
    r"(?:work|research|papers|studies|literature)\s+(?:on|about|that|which|regarding)\b"
    r"|(?<!these\s)(?<!those\s)(?<!two\s)(?<!both\s)(?<!the\s)(?<!their\s)(?<!three\s)(?<!cited\s)(?<!above\s)(?<!\w)papers\s+(?:(?:connected|related)\s+to|"
    r"dealing\s+with|concerning|regarding)\b(?!\s+(?:it|its|them|this|that|these|those)\b)"
    # ("papers with results on GLUE", "papers evaluated on MMLU": opening the question, not "compare the LoRA
    # and QLoRA papers with respect to memory")
    r"|^\s*(?:(?:i'?m\s+|i\s+am\s+)?(?:looking\s+for|searching\s+for|after)\s+)?(?:any\s+|some\s+|all\s+)?papers\s+(?:with|using|where|(?:evaluat|test|report|benchmark|train)(?:ed|ing))\b"
    r"(?!\s+(?:it|its|them|this|that|these|those)\b)"
    # "stuff evaluated on GLUE", "anything tested with Llama 2?" (a list request without a question word)
    r"|^\s*(?:any\s+|some\s+)?(?:stuff|work|research|anything|something)\s+(?:evaluat|test|report|benchmark|train|run)"
    r"(?:s|ed|ing)?\s+(?:on|with|using)\b"
    r"|\b(?:list|enumerate)\b.*\bpapers\b|" + LIST_EVERYTHING +
    # "Are there papers proposing ...?", "Are there other model releases here ...?", "Any work on X?"
    r"|^\s*(?:so\s+)?are\s+there\s+(?:any\s+)?(?:other\s+|more\s+|further\s+)?(?:[\w\-/]+\s+){0,3}?"
    r"(?:papers|works|studies|methods|approaches|models|releases|reports)\b(?![^?.]*\b(?:it|its|they|them|their|this|these|those)\b)"
    r"|^\s*any\s+(?:other\s+|more\s+)?(?:work|research|papers|studies)\s+(?:on|about|regarding|in\s+here|here)\b"
    # "what about methods that avoid storing exemplars?" (not "what about the methods they compare against?")
    r"|^\s*(?:what|how)\s+about\s+(?:any\s+|other\s+)?(?:papers|works|methods|approaches|studies|research)\s+"
    r"(?:that|which|on|for|about|using|where)\b(?![^?.]*\b(?:it|its|they|them|their|this|these|those)\b)"
    # "Which post-training quantization papers tackle ...?" (not "which of those papers", "what two papers")
    # ("Which paper studies ...": one paper, "studies" its verb)
    r"|^\s*(?:which|what)\s+(?:(?!(?:of|those|these|both|the|two|three|its|their|his|her|your|my|other|cited|above|"
    r"listed|paper|work|study|method|approach|model|one|article)\b)[\w\-]+\s+){1,4}?papers\s+(?!(?:\w+\s+)?(?:compare|differ|relate)\b)\w"
    # "every paper where ...", "What does the collection have on X?", "which ones does the collection have?",
    # and a bare "SNN papers?" (not "those two papers?", "summarize both papers")
    r"|\b(?:every|all(?:\s+the)?)\s+(?:papers?|works?|studies)\s+(?:in\s+the\s+collection\s+)?(?:on|about|that|which|where|in\s+which)\b"
    r"|" + COLLECTION_ON + r"|\b" + ASKS_LIST +
    r"|^\s*(?:any\s+)?(?!(?:[\w\-/]+\s+){0,3}?(?:those|these|both|the|other|others|compare|contrast|summari[sz]e|and|two|three|"
    r"first|second|last|previous|above|same|their|its|them)\b)[\w\-/]+(?:\s+[\w\-/]+){0,3}\s+papers\s*"
    r"(?:" + PLACE + r"\s*)?[?.!]*\s*$", re.I)  # ("any finance papers in here?")


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
    builds_on: list[Paper] = field(default_factory=list)  # with `query`: the paper discussed, which the one asked for builds on
    besides: list[Paper] = field(default_factory=list)  # with `query`: the paper discussed, like which another is asked for


_IN_COMMON = re.compile(r"\bin\s+common\b", re.I)
_BOTH_AND = re.compile(r"\bboth\s+(?:the|a|an)\s+(?:[\w\-]+\s+){0,5}?(?:paper|work|method|approach|one)\s+and\s+", re.I)
_RELATED = re.compile(r"\brelated\s+to\b", re.I)
_RELATED_PAPER = re.compile(r"\brelated\s+to\s+(?:the\s+)?(?:[\w\-']+\s+){0,3}?(?:paper|work|method|approach|one)\b", re.I)
# "X or Y: which one ...?" asks to choose between papers
_EITHER = re.compile(r"\bor\s[^?:]+:\s*which\b", re.I)
# "each"/"both" standing for the papers asked about ("what does each report", "both talk about")
_EACH = re.compile(r"\b(?:each|both)\b(?=\s*[?,.;:]|\s+(?:reports?|solves?|proposes?|uses?|achieves?|shows?|"
                   r"targets?|means?|improves?|talks?|claims?|address(?:es)?|do|does|did|one|papers?|works?|brings?|cuts?|lowers?|"
                   r"methods?|gets?|go(?:es)?|handles?|tackles?|deals?|makes?|needs?|rel(?:y|ies)|tries|try|aims?|"
                   r"trains?|reduces?|obtains?|gains?|differs?|defines?|treats?|learns?|speeds?|avoids?|scales?|changes?|says?|"
                   r"argues?|finds?|found)\b)", re.I)
# "What do Hydra and the LoRA asymmetry paper each say ...?": what each of the papers it names says
_WHAT_EACH = re.compile(r"^\s*what\s+(?:do|does|did)\b[^?]*\band\b[^?]*\beach\b", re.I)
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
                          r"(?:diff?e?rent|unrelated|related|separate|new|another|other|broader|general|side)\s+(?:question|q|topic|thing|subject|angle)|unrelated|"
                          # ("switching: is there ..."; "switching to pathology - ..." names its subject: topics._OPENER)
                          r"changing\s+(?:the\s+)?(?:topic|subject)|switching(?:\s+(?:topics?|gears)|(?=\s*[-–—:,;.!]))"
                          r"|(?:on\s+)?another\s+note)"
                          r"(?:\s+now)?\s*(?:[-–—:,;.!]+|\s(?=which|what|how|is|are|do|does|can|could|any|list|find|give|show|compare))\s*",
                          re.I)


def fresh_start(question: str) -> str | None:
    """The question after an opener that says it starts afresh ("unrelated: which papers ..."), if it has one."""
    m = _FRESH_START.match(question)
    rest = question[m.end():] if m else ""
    # ("side question: what optimizer does it use?" is still about the paper discussed)
    if re.search(r"\b(?:broader|general|side|angle|related)\b", m.group(0) if m else "", re.I) and \
            re.search(r"\b(?:it|its|they|them|their|this\s+one|that\s+one)\b", rest, re.I):
        return None
    return rest if rest.strip() else None


# a question asking for one paper by what it does ("Which study argues that comparisons of ... are
# distorted ...?"): its comparison words describe that paper
_ONE_PAPER_ASKED = re.compile(r"^\s*(?:which|what)\s+(?:(?!(?:do|does|did|is|are|was|were|the|a|an|these|those|this|that|both|"
                              r"two|three|other|each)\b)[\w\-]+\s+){0,3}?(?:paper|study|work|article|publication)\s+(?!compar|contrast|differ)\w+"
                              # ("I remember a paper that compared LLM capabilities across checkpoints ... Which one
                              # was it?": one paper, recalled by what it did)
                              r"|^\s*(?:i\s+(?:remember|recall|read|saw|once\s+(?:read|saw))|there\s+(?:was|is)|"
                              r"(?:i(?:['’]?m|\s+am)\s+)?(?:looking|searching)\s+for|"
                              r"(?:i(?:['’]?m|\s+am)\s+)?trying\s+to\s+(?:find|remember|recall)|"
                              r"help\s+me\s+find)\s+(?:a|the|this|one)\s+(?:paper|study|work|article|publication)\s+"
                              r"(?:that|which|where|who|whose)\b", re.I)


# the capitalised subject a lookup asks a paper about ("Is there a paper on Constitutional AI, where ...")
_PAPER_ON = re.compile(r"\b(?:paper|papers|work|study|research|anything|something)\s+(?:on|about|regarding)\s+"
                       r"(?P<subject>(?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*)(?=\s*[,?.;:(]|\s+(?:where|which|that|in|for)\b)")
_LATER_CLAUSE = re.compile(r"[.;?!]\s|,\s*(?:and\s+|so\s+)?(?=how|what|which|why|where)", re.I)


def asks_list(question: str) -> bool:
    """Whether a question asks for the collection's papers on a topic (after any chat opener: "and is
    there anything on mixup?")."""
    return bool(_TOPIC.search(without_opener(question)))


def detect_kind(question: str, named: list[Paper]) -> str:
    if asks_list(question):
        return "topic"
    if _ONE_PAPER_ASKED.search(question) and not _COMPARE.search("".join(_LATER_CLAUSE.split(question, 1)[1:])):
        return "lookup"  # (but "I read a paper that compared GPTQ and AWQ; how do they differ?" compares)
    if _COMPARE.search(question) or _EITHER.search(question) or (len(named) >= 2 and re.search(r"\b(both|each|and)\b", question, re.I)):
        return "compare"
    parts = described_parts(question)
    # "Both the axiomatic-training paper and Seq-VCR get ...": a described paper and a named one; "what do
    # X and the paper on Y have in common" (not "what do all the papers above have in common")
    if (_BOTH_AND.search(question) or _IN_COMMON.search(question)) and (named or len(parts) >= 2):
        return "compare"
    # "How is MatFormer related to the stitched-ViTs paper?", not "How is the KV cache size related to ...?"
    if _RELATED.search(question) and (len(named) >= 2 or _RELATED_PAPER.search(question)):
        return "compare"
    # "What does each of these two ... papers prove: the one on X, and Y?" announces the papers it lists
    if _LIST_INTRO.search(shared_context(question)) and len(parts) >= 2:
        return "compare"
    # "X and the work that ...: what does each ...", not "Which paper ... in each?"
    if (_EACH.search(question) and len(parts) >= 2 and (
            not re.match(r"\s*(?:which|what)\b", question, re.I)
            or (_WHAT_EACH.match(question) and (len(named) >= 2 or any(_PAPER_WORD.search(p) for p in parts[1:]))))):
        return "compare"
    # "Which is better for X: the A that ..., or the B that ...?" chooses between two papers; so does
    # "the one that ..., or SFD - which one is cheaper?"
    if _CHOICE_BETWEEN.search(question) and len(named) >= 2:
        return "compare"
    if (_CHOICE.search(question) or _CHOICE_AFTER.search(question)) and (
            len(parts) >= 2 or len(named) + len(_DESCRIBED_ONE.findall(question)) >= 2):
        return "compare"
    return "lookup"


_LEAD_IN = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?(?:compare|contrast|what are the (?:main |key )?(?:differences|similarities) between|"
    r"how (?:do|does|did)|what (?:distinguishes|separates|sets)|differences between)\s+", re.I)
_SPLIT = re.compile(r",?\s+(?:with|and|or|versus|vs\.?|to|from)\s+(?=the\s|a\s|an\s)", re.I)
# a list of papers announced before a colon ("Three optimization papers: the faster BCD one, the ..., and
# OIG"): its items are separated by commas as well
_LIST_INTRO = re.compile(r"^(?:\S+\s+){0,4}?(?:papers|works|methods|approaches|models|ones|studies)\s*$"
                         # or counted ("What does each of these two derivative-free optimization papers prove:")
                         r"|\b(?:two|three|2|3)\s+(?:[\w\-]+\s+){0,4}?(?:papers|works|studies)\b", re.I)
_LIST_SPLIT = re.compile(_SPLIT.pattern + r"|,\s*(?:(?:and|or)\s+)?(?=(?:the|a|an)\s)"
                         r"|,\s*(?:and|or)\s+(?=[^,]*\((?-i:[A-Z])[\w\-]*\))"
                         r"|,\s*(?:(?:and|or)\s+)?(?=['\"‘“]|(?-i:[A-Z])|\d+-?(?-i:[a-z]+\s+[A-Z]))", re.I)  # (", and 'Gradient is All You Need?'",
# ", and 4-bit Shampoo")


# ("A, B and C": no other commas, nor a colon, nor a word that would make a list part of a description:
# "Compare the paper that evaluates on MMLU, GSM8K and HumanEval with Medusa")
# (or each item opens with "the"/"a": "the router that passes ..., the study that computes ..., and the method
# that adds ...")
_THREE_LISTED = re.compile(r"[^,:;]+,\s*[^,:;]+,?\s+(?:and|or)\s+[^,:;]+", re.I)
_DESCRIBING = re.compile(r"\b(?:with|that|which|who|whose|where|on|from|using|to|versus|vs)\b", re.I)
_THREE_SPLIT = re.compile(r",\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+(?![^,]*,)", re.I)


_PART_FILLER = {"it", "its", "they", "them", "this", "that", "these", "those", "one", "compare", "compares",
                "can", "could", "would", "you", "please",
                "compared", "differ", "differs", "contrast", "contrasts", "how", "does", "do", "is", "are"}


def _parts_body(question: str) -> tuple[str, str]:
    """The part of a comparison that describes its papers, and the context before a colon that all of
    them share ("Two papers look at predicting downstream abilities: the COD framework and the study that ...")."""
    first = re.split(r"(?<=[.?!])\s+(?=[A-Z])", question.strip())[0]
    body = _LEAD_IN.sub("", first)
    context, colon, rest = body.partition(": ")
    if colon and (len(_SPLIT.split(context)) >= 2  # "X or the Y: which one ...?" names them before it
                  or (_LEAD_IN.match(first) and _THREE_LISTED.fullmatch(context.strip())
                      and not _DESCRIBING.search(context))):  # (or "A, B and C: ...")
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
    # a list after the comparison's lead-in is split at its commas too ("Compare the vocabulary-size
    # scaling-law paper, D-CPT Law and the critical batch size study")
    three = _LEAD_IN.match(question) and _THREE_LISTED.fullmatch(body.strip(" ?.!")) and (
        not _DESCRIBING.search(body) or all(re.match(r"(?:the|a|an)\s", item.strip(), re.I)
                                            for item in _THREE_SPLIT.split(body.strip(" ?.!"))))
    for m in [*(_THREE_SPLIT if three else _LIST_SPLIT if _LIST_INTRO.search(context) else _SPLIT).finditer(body), None]:
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


# what a paper asked for improves on, named ("has anyone improved on MoE-LLaVA since?")
_IMPROVED_ON = re.compile(r"\b(?:improv\w*|buil[dt]s?|follow(?:s|ed)?\s+up)\s+(?:on|upon)\s+(?P<name>[A-Za-z0-9][\w\-.]*(?:\s+(?-i:[A-Z])[\w\-.]*)?)"
                          r"(?=\s*(?:since|already|yet|lately|recently|so\s+far|in\s+the\s+collection)?\s*(?:[?.!,;]|$))", re.I)  # (not "improves on GSM8K by ...")


# another paper like the one discussed ("is there a similar idea for X?", "anything similar for X?")
_SIMILAR = re.compile(r"\b(?:(?:any|anything|something)\s+similar\b(?:\s+(?:[\w\-]+\s+){0,2}?(?:idea|trick|approach|method|"
                      r"technique|work|paper|one|thing|strategy)s?\b)?|there\s+an?\s+similar\s+(?:[\w\-]+\s+){0,2}?(?:idea|trick|"
                      r"approach|method|technique|work|paper|one|thing|strategy)\b)", re.I)
# a name the question measures its paper against ("better than GPTQ", "compared with GPTQ") is a baseline
_BASELINE = re.compile(r"\b(?:than|versus|vs\.?|compared (?:to|with)|unlike)\s+\S+", re.I)


_OF_EACH = re.compile(r"\b(?:in\s+each|each\s+of\s+them|each\s+one|does\s+each|do\s+both)\b|\bthey\s+(?:get|reach|achieve|report)\b", re.I)


def plan(question: str, linker: NameLinker, previous: list[Paper] | None = None,
         context: dict[str, float] | None = None, earlier: list[list[Paper]] | None = None,
         beyond: list[Paper] | None = None) -> Plan:
    named = linker.link(question, context)
    prior = followup_papers(question, previous or [], earlier, named, linker, beyond, context) if not asks_list(question) else None
    followup = False
    query = ""
    besides: list[Paper] = []
    asks = ASKS_PAPER.search(question)
    ref = re.match(r"\s*(?:\S+\s+){0,5}?(?P<ref>its|(?:(?<=on\s)|(?<=beyond\s)|(?<=improved\s)|(?<=extended\s)|(?<=fixed\s)|(?<=beaten\s)|(?<=replaced\s))it|(?:this|that)\s+(?:paper|work|method|approach|model|objective|"
                   r"optimizer|technique|framework|system|algorithm|loss))\b", question[asks.end():], re.I) if asks else None
    if not prior and previous and ref:
        # "is there anything in the collection that fixes its overfitting problem?", "is there later work
        # arguing that this objective can overfit?", "has anyone improved on it since?": a new paper, found
        # by what the paper discussed is called
        name = linker.alias_of(previous[0].id) or title_name(previous[0]) or previous[0].title
        at = asks.end() + ref.start("ref")
        query = question[:at] + (f"{name}'s" if ref.group("ref").lower() == "its" else name) + question[asks.end() + ref.end("ref"):]
    builds_on = [previous[0]] if query and previous else []
    similar = _SIMILAR.search(question) if asks and not (query or prior or named) and previous else None
    if similar:
        # "is there a similar easy-first idea for ViTs?": another paper, found by the words of the one
        # discussed ("similar to Denoising Task Difficulty-based Curriculum ..."), not that one
        query = f"{question[:similar.end()]} to {previous[0].title}{question[similar.end():]}"
        besides = [previous[0]]
    improved = _IMPROVED_ON.search(question, asks.end()) if asks and not query and len(named) == 1 else None
    if improved and linker.link(question[improved.start("name"):], context)[:1] == named:
        # "has anyone here improved on MoE-LLaVA since?": a new paper, which builds on the one named
        query, builds_on, named, prior = question, named, [], None
    if prior:
        followup = True
        # ("the VAR one" is a paper discussed, not M-VAR)
        inside = names_in_described_ones(question, linker, [*(previous or []), *(p for ps in earlier or [] for p in ps)])
        named = list(dict.fromkeys(prior + [p for p in named if p.id not in inside or p in prior]))
    kind = detect_kind(question, named)
    if (kind == "compare" and not followup and len(named) == 1 and previous and len(previous) <= 3
            and named[0] not in previous and not _DESCRIBED_ONE.search(question)
            and not any(is_description(part) for part in described_parts(question))):
        # "how does TriForce compare on that front?": with the papers the conversation is about
        named, followup = [*previous, *named], True
    if followup and kind == "lookup" and len(named) >= 2 and re.search(r"\b(first|second|two|both|them)\b", question, re.I):
        kind = "compare"
    if followup and kind == "compare" and len(named) == 1 and not COMPARED_WITH.search(question):
        # "what does the middle one do differently?": with two others of its list, not a retrieved paper
        # (but "how does the second one compare to Megatron-LM?" names what it is compared with)
        named += [p for p in latest_list(previous, earlier) if p not in named][:2]
    figure = next((words for _, words in figures_asked(question)), None)
    described = bool(DESCRIBES_PAPER.search(question))  # asks for a paper it describes
    baseline = bool(_BASELINE.search(question))
    # a figure asked of the one paper named (or pointed back to: "how much memory does the other one save
    # vs BPTT?"), "compared with" a baseline, is a lookup about that paper;
    # so is one of a paper named by nothing linkable, against a thing no paper ("... vs the non-local block")
    pieces = described_parts(question)
    demoted = (kind == "compare" and figure is not None and (not followup or (len(named) == 1 and COMPARED_WITH.search(question)))
               and not any(is_description(part) for part in pieces)
               and not (_CHOICE_AFTER.search(question) and _DESCRIBED_ONE.search(question))
               and (len(named) == 1 or (not named and not any(_PAPER_WORD.search(part) for part in pieces[1:])))
               # (not a figure asked of each side: "osd vs parallel prompt decoding (ppd) - ... in each, and
               # what speedups do they get?")
               and not _OF_EACH.search(question))
    kind = "lookup" if demoted else kind
    against = COMPARED_WITH.search(question)
    if kind == "compare" and followup and len(named) == 1 and against and _no_other_paper(question[against.end() - 1:], named, linker):
        # ("for the BCD one, are there comparisons against L-BFGS?": that paper, against what no other paper
        # is and no other title names, "wall clock numbers for it vs dense VI?" its own baseline; "the
        # second one ... compared to Megatron-LM" is a comparison)
        kind = "lookup"
    parts = pieces if kind == "compare" and len(named) < 2 else []
    if kind == "compare" and (len(named) >= 2 or (named and not parts)):
        # "Compare X, Y and the unified sequence parallelism approach", "the three papers: the one that
        # ..., X, and Y", "the one that ..., or SFD": the named papers and a described one
        described_one = [m.group(0).strip() for m in _DESCRIBED_ONE.finditer(question)]
        listed = bool(_LIST_INTRO.search(shared_context(question)))  # ("the three CBM papers: energy-based CBMs, X, and Y")
        parts = [part for part in dict.fromkeys(
                     [*(p for p in pieces if listed or re.match(r"(?:the|a|an)\s", p, re.I)),
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
    subject = subject_name(question)
    if (kind == "lookup" and not followup and len(named) == 2 and not (described or baseline or figure is not None)
            and subject and named[0] in linker.link(subject)):
        # "How does S4D simplify the original S4 model?": how one named paper stands to the other
        kind = "compare"
    # a lookup that names one paper and describes none asks about that paper; one that describes
    # its paper ("which paper beats GPTQ ...") names baselines, not the answer
    about_named = kind == "lookup" and len(named) == 1 and (demoted or not (described or baseline))
    unknown = linker.unknown_names(question, capitalized=kind == "compare" or not described)
    asked_on = _PAPER_ON.search(question) if kind == "lookup" and described and not followup else None
    if asked_on:  # ("Is there a paper on Constitutional AI, where ...": the subject asked about, named)
        unknown += [w for w in linker.unknown_names(question, capitalized=True) if w not in unknown
                    and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", asked_on.group("subject"))]
    return Plan(kind=kind, question=question, named=named, parts=parts, followup=followup,
                unknown_names=unknown,
                about_named=about_named,
                figure=figure, describes=described, context=shared_context(question) if parts else "",
                excluded=excluded_subjects(question) if kind == "topic" else {}, query=query,
                builds_on=builds_on, besides=besides)


def _no_other_paper(compared: str, named: list[Paper], linker: NameLinker) -> bool:
    """Whether what a question compares the paper discussed with (`compared`: the text after "vs", "compared
    to", ..., read up to a break or a setting: "dense VI" of "dense VI on a gpu?") is no other paper: it links
    none but `named`, no other title names its names (or, without names, holds all its words), and it neither
    points back ("relate to it", "compare to that baseline's") nor speaks of a paper."""
    phrase = re.split(r"[?,.;:]|\s(?:on|in|at|for|under|with|when)\s", compared)[0]
    target = name_words(phrase) or re.findall(r"(?<![\w-])[A-Z][A-Za-z0-9\-]+", phrase)
    others = [p for p in linker.papers.values() if p not in named]
    if not phrase or _PAPER_WORD.search(phrase) or set(linker.link(phrase)) - set(named) or re.match(
            r"\W*(?:it|its|them|they|that|this|those|these|the|their|each|one|other|which|what)\b", phrase, re.I):
        return False
    words = set(topic_words(phrase))
    if not target and words and any(words <= set(topic_words(p.title)) for p in others):
        return False  # ("how does it compare to linear attention?": a title holds it)
    return all(not set(linker.link(t)) - set(named)
               and not any(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", p.title) for p in others) for t in target)


# a question about a name's own workings: "How does X ...", "What is X", "Explain X"
_ABOUT_NAME = re.compile(r"^\s*(?:how\s+(?:does|do|did|is|are|can)|what\s+(?:is|are|does)|what's|explain|describe|summari[sz]e)"
                         r"\s+(?:the\s+)?([A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9])\b", re.I)


def subject_name(question: str) -> str | None:
    """The name a question asks about the workings of ("How does SmoothQuant migrate ...": SmoothQuant)."""
    m = _ABOUT_NAME.match(question)
    return m.group(1) if m and NAMELIKE.match(m.group(1).replace("-", "")) else None


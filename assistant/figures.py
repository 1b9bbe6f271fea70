"""Whether an abstract holds what a question asks of it: the figure ("what FID", "how many GPUs", "by
what factor"), the setting ("what LoRA rank"), the names it gives ("on BEIR") and what "which datasets"
asks to be named. A paper whose abstract does not hold it does not answer the question (a near miss).
"""
from __future__ import annotations

import re
from typing import Callable

from .names import NAMELIKE, TYPED_MODEL, name_pattern, name_words, near_spelling
from .records import Paper
from .understand import COUNT_WORD, SIZELESS, Plan, counted_nouns, figures_asked
from .verify import content_words

# words that name a measure only with another ("top-1 accuracy", "attack success rate")
_GENERIC_MEASURES = {"accuracy", "score", "scores", "number", "percentage", "rate", "rates", "fraction", "proportion"}
# words that say a result is asked, not which ("what performance / results / gains does X get"): not looked for
_GENERIC_RESULTS = {"performance", "result", "results", "improvement", "improvements", "gain", "gains", "numbers"}
# words that name a thing only by its kind ("what teacher model", "which method"): not looked for
_GENERIC_THINGS = {"model", "models", "method", "methods", "technique", "techniques", "approach", "approaches",
                   "architecture", "architectures", "algorithm", "algorithms", "framework", "frameworks",
                   "strategy", "strategies", "mechanism", "mechanisms", "component", "components", "module",
                   "modules", "tool", "tools", "trick", "tricks", "data"}
# "what fraction of ...": answered by a percentage or a fraction the abstract gives
_SHARES = {"fraction", "proportion", "share"}
# a training setting asked for ("what LoRA rank", "what global batch size"): its value must be given
_SETTING = re.compile(r"(?<![\w-])(?:rank|batch\s?size|learning\s+rate|dimension(?:ality)?|hidden\s+size|embedding\s+size|"
                      r"(?:sampling|mixing|mixture|masking)\s+ratio|temperature|threshold|weight\s+decay|dropout\s+rate|"
                      r"warm-?up\s+step)s?(?![\w-])", re.I)
# what "which benchmarks / datasets / environments" asks the abstract to name, and how it speaks of them
_LISTED = {"benchmarks": re.compile(r"\bbenchmark", re.I), "datasets": re.compile(r"\bdata\s?sets?\b", re.I),
           "sets": re.compile(r"\bdata\s?sets?\b", re.I), "environments": re.compile(r"\benvironments?\b", re.I)}
_LISTED |= {"teachers": re.compile(r"\bteachers?\b", re.I)}  # ("which teacher model": one named, not "big models")
_LISTED |= {k[:-1]: v for k, v in _LISTED.items() if k != "sets"}  # ("which instruction-tuning dataset")
_PERCENT = re.compile(r"\d\s*\\?%|\bper\s?cent|\bfraction|\bproportion|\bhalf\b|\bquarter\b|\bthird\b", re.I)
# words that say which value of a measure is asked, not which measure ("the largest throughput gain")
_QUALIFIERS = {"largest", "biggest", "greatest", "highest", "lowest", "smallest", "best", "worst", "maximum",
               "minimum", "max", "min", "peak", "overall", "reported", "claimed", "headline", "main", "final",
               "actual", "big", "large", "fast", "quick", "quickly"}
# measures a question may name after its verb ("how much does X lower perplexity"): the abstract must too
_MEASURES = {"perplexity", "latency", "throughput", "memory", "bleu", "rouge", "fid", "wer", "psnr", "ssim", "auc",
             "flops", "energy", "bandwidth"}
# "how big was the teacher model?": a sentence of the abstract gives the teacher's size
_HOW_BIG = re.compile(r"\bhow\s+(?:big|large)\s+(?:is|was|were|are)\s+(?:the\s+|its\s+|their\s+)?(?!(?:[\w\-]+\s+){0,2}?" + SIZELESS + ")"
                      r"(?P<thing>[\w\-]+(?:\s+(?!(?:they|it|in|of|on|for|to|that|which|used|trained)\b)[\w\-]+)?)", re.I)
_SIZE = re.compile(r"(?:\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?))\s*-?"
                   r"(?:[KMBT]\b|[KMGT]B\b|million|billion|trillion|parameters|params|layers?|tokens|images|samples|examples|"
                   r"hours|pairs|videos|sequences)", re.I)
# what a question asks for: the words right after its question word ("which GPU model", "how many GPU hours")
_ASKS_WHAT = re.compile(r"\b(?:which|what(?:'?s)?|how\s+(?:many|much))\s+(?:[\w\-.]+\s+){0,2}[\w\-.]+", re.I)
# a measure named by its benchmark ("its Video-MME score", "the AGIEval gain", "ImageNet top-1 accuracy")
_NAMED_MEASURE = re.compile(r"([\w\-.]*[A-Z][\w\-.]*)\s+(?:top-?\d+\s+)?(?:score|scores|accuracy|gain|gains|"
                            r"result|results|performance|win\s+rate|success\s+rate|pass@\d+)\b")
# the setting a figure is asked in, by name ("on Cityscapes", "in Minecraft", "on the LRA benchmark")
_SETTING_NAME = re.compile(r"(?<=[\w,] )(?:on|in|at|for)\s+(?:the\s+)?((?-i:[A-Z])[\w\-.]*\w(?:\s+(?-i:[A-Z])[\w\-.]*\w)*)", re.I)
# what a sentence says a paper is evaluated on ("We showcase LoReFT on eight ... tasks, Alpaca-Eval v1.0, and GLUE")
_EVALUATED = re.compile(r"\b(?:evaluat\w*|experiments?|tested|showcase[sd]?|benchmarked|validated?|results?)\b[^.;]*?\b(?:on|across)\s+"
                        r"(?P<what>[^.;]+)", re.I)
# a question answered yes or no ("did they back it up with experiments on MNIST or CIFAR?")
_YES_NO = re.compile(r"^\s*(?:and\s+|so\s+|ok\s+)?(?:(?:for\s+|and\s+)?the\s+(?:[\w\-]+\s+){1,2}?one\s*[,:\-–—]+\s*)?"  # ("for the BCD one, ...")
                     r"(?:did|does|do|is|are|was|were|has|have|can|could)\b", re.I)


def _unmentioned(settings: list[str], text: str, namelike: bool = False) -> list[str]:
    """The settings named by capitalised words ("Cityscapes"; "Long Range Arena" may be its "LRA") that
    the text does not mention (and those that look like names, "MNIST", if `namelike`)."""
    return [w for w in settings if (namelike or not any(NAMELIKE.match(v) for v in w.split()))
            and not _mentions(text, w)
            and not re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)
            and not (" " in w and _mentions(text, "".join(part[0] for part in w.split())))
            # ("llama-2-70b" is the abstract's "Llama-2 70B"; "PTQ" its "Post-Training Quantization")
            and not name_pattern(w.lower()).search(text) and not _spelled_in(text, w)]


_AND_NAME = re.compile(r"(?:\s*,\s*|\s+(?:or|and)\s+)((?-i:[A-Z])[\w\-.]*\w)")


# a guess after what a question asks ("which LLMs was it tested on, llama-2?", "PPO or something?")
_GUESS = re.compile(r",\s*(?:like\s+|e\.?g\.?\s+|maybe\s+|say\s+)?(?P<guess>[\w\-.]+)(?:\s+or\s+(?:something|so|what))?\s*\?\s*$", re.I)


def unmentioned_settings(question: str, paper: Paper, common: Callable[[str], bool] = lambda name: False,
                         papers_named: Callable[[str], bool] = lambda name: False) -> list[str]:
    """For a yes-or-no question about a paper in settings or with models it names ("did they test it on
    MNIST?", "was gpt-4o one of them?"), or a question that ends on a guess of a model ("which LLMs was it
    tested on, llama-2?"): those, if its abstract mentions none of them (it cannot say yes or no).
    `common` tells the field's abbreviations ("LLMs"), which name no model; `papers_named` the names of
    papers of the collection ("is it better than FP8-LM?" is answered from both abstracts)."""
    text = f"{paper.title}. {paper.abstract}"
    guess = _GUESS.search(question)
    models = [w for w in [*name_words(question), *TYPED_MODEL.findall(question)] if not common(w) and not papers_named(w)]
    if not _YES_NO.match(question):
        guessed = [w for w in models if guess and w == guess.group("guess")]
        return _unmentioned(guessed, text, namelike=True) if guessed else []
    settings = []
    for m in _SETTING_NAME.finditer(question):  # ("on MNIST or CIFAR": both)
        settings.append(m.group(1))
        rest = question[m.end():]
        while more := _AND_NAME.match(rest):
            settings.append(more.group(1))
            rest = rest[more.end():]
    settings += [w for w in models if w not in settings and not any(w in x for x in settings)]
    missing = _unmentioned(settings, text, namelike=True)
    return missing if missing and len(missing) == len(settings) else []


# "how long does it take": an abstract that gives no time does not answer it
_DURATION_ASKED = {"take", "run", "last", "need"}
_DURATION = re.compile(r"(?:\d[\d.,]*\s*-?\s*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an|a\s+single)[\s-]+)(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|"
                       r"months?|gpu[\s-]?(?:hours?|days?))\b", re.I)
# how fast something is, not how much faster ("how quick is the pose search"), and a time an abstract gives
_HOW_QUICK = re.compile(r"\bhow\s+(?:fast|quick(?:ly)?)\s+(?:is|are|was|were|does|do|did|can|could)\b", re.I)
_TIME_TAKEN = re.compile(_DURATION.pattern + r"|\b(?:milliseconds?|real[\s-]?time|(?:sub-?)?seconds?)\b", re.I)
# "by what factor": an abstract that gives no factor does not answer it
_FACTOR = re.compile(r"\d\s*(?:x|×|times|-?fold)(?!\w)", re.I)
# "how much faster": an abstract that gives no speed-up does not answer it
_HOW_MUCH_FASTER = re.compile(r"\bhow\s+(?:much\s+(?:faster|slower|quicker)|fast|quick(?:ly)?)\b", re.I)
# "how fast does the approximation error shrink?": a rate of convergence, not a speed-up
_RATE = re.compile(r"\bhow\s+(?:fast|quickly)\s+(?:does|do|did|is|are|can)\s+(?:[\w\-]+\s+){1,6}?"
                   r"(?:shrink|decay|decrease|converge|vanish|grow|diminish|fall|drop)s?\b", re.I)
_SPEED_UPS = {"speedup", "speed-up", "speedups", "speed-ups"}  # a speed-up asked: given as one or as a factor
_SPEED_UP = re.compile(r"\b(?:faster|slower|quicker|speed-?ups?|speeds?\s+up|accelerat\w*|latency|throughput|converg\w*)\b|"
                       r"\d\s*(?:x|×)(?!\w)|\d\s*(?:ms|tokens?/s|fps|it/s)\b", re.I)
# the baseline a figure is asked against ("BD-rate saving relative to the H.266/VVC reference software")
_AGAINST = re.compile(r"\b(?:relative\s+to|compared\s+(?:to|with)|against|versus|vs\.?|than)\s+(?:the\s+)?"
                      r"((?:[\w.\-/]+\s+){0,2}[\w.\-/]+)", re.I)
# a measure an abstract states in its own unit or word form: "how much compute" is answered by "reduces
# FLOPs by 77%", "how much memory" by "fits in 24GB"
_MEASURE_FORMS = {"compute": {"computation", "computational", "flop", "flops", "gflop", "gflops", "tflop", "tflops",
                              "mac", "macs"},
                  "memory": {"gb", "mb", "gib", "vram"},
                  "dimensionality": {"dimension", "dimensions", "dimensional"},
                  "dimension": {"dimensionality", "dimensional"},
                  "params": {"parameters", "parameter"}, "param": {"parameters", "parameter"},
                  "speed": {"speedup", "speed-up", "speedups", "faster"},
                  "frame": {"fps"}, "throughput": {"fps"},  # ("at what frame rate": "124 FPS")
                  "time": {"hour", "hours", "days", "minutes", "seconds", "ms", "wall-clock",
                           "faster", "speedup", "speed-up", "latency"}}


def _word_forms(word: str) -> set[str]:
    """A word whole and as a check finds it inside others: each hyphenated or slashed part ("GPU-hours":
    GPU, hours; "H.265/HEVC": HEVC) and its letters before a size or version ("ImageNet1k": ImageNet)."""
    return {word, *re.split(r"[-/]", word), *re.findall(r"^[A-Za-z]{3,}(?=\d)", word)}


def _folded(text: str) -> set[str]:
    """A text's words as a near-miss check compares them: lower case, with and without a plural "s" or
    "es", a hyphenated word also split and joined ("GPU-hours": gpu-hours, gpuhours, gpu, hours, hour).
    Not stemmed: "execution accuracy" is not "we execute"."""
    out: set[str] = set()
    for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower()):
        for v in {w.replace("-", ""), *_word_forms(w)}:
            out |= {v, v.removesuffix("s"), v.removesuffix("es")}
    return out


def _measure_forms(word: str) -> set[str]:
    """The forms in which an abstract would name a measure the question asks: a hyphenated one by its last
    word, what it measures ("speaker-similarity score": similarity, not "speakers"), or whole (_folded)."""
    head = re.fullmatch(r"[\w\-]+-([A-Za-z]{3,})", word)
    if not head or head.group(1).lower() in _GENERIC_MEASURES | _GENERIC_RESULTS | {"ratio", "metric", "speed"}:
        return _folded(word)
    joined = word.lower().replace("-", "")
    return _folded(head.group(1)) | {word.lower(), joined, joined.removesuffix("s")}


def _squashed(word: str) -> str:
    """A word as names are compared: lower case, letters and digits only, no plural "s" ("S^{2}FT" and
    "S2FT", "GPUs" and "GPU" alike)."""
    w = re.sub(r"[^a-z0-9]", "", word.lower())
    return w[:-1] if len(w) > 3 and w.endswith("s") else w


def _mentions(text: str, name: str) -> bool:
    """Whether a text uses a name, spelled as in the question or, for a name of six letters or more,
    a little differently ("LLaMA2-7B" in "LLaMav2-7B"; "ImageNet" is not in "images")."""
    key = _squashed(name)
    words = {_squashed(v) for w in re.split(r"[\s,;:()\[\]]+", text) if w for v in _word_forms(w) if v}
    return key in words or (len(key) >= 6 and any(near_spelling(key, w) for w in words))


def _spelled_in(text: str, name: str) -> bool:
    """Whether a text spells out an abbreviation of three to six letters, word by word ("T2I": text-to-image,
    a digit read as the word it sounds like; "KD": no, too short to tell from chance)."""
    letters = name.lower().replace("2", "t").replace("4", "f")
    if not (3 <= len(letters) <= 6 and letters.isalpha() and any(c.isupper() for c in name)):
        return False
    # (one hyphenated compound, or capitalised words in a row, "Feed-Forward Network": initials of any
    # words in a row match by chance across an abstract, "TTA" in 162 of 624)
    for compound in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", text):
        if "".join(part[0].lower() for part in compound.split("-")) == letters:
            return True
    for run in re.findall(r"(?<![\w-])(?:[A-Z][a-z]+[\s-]+)+[A-Z][a-z]+", text):
        initials = "".join(word[0].lower() for word in re.split(r"[\s-]+", run))
        if letters in (initials, initials[1:]):  # (the whole run, or all but a sentence's first word: "The")
            return True
    return False


_NUMBER = (r"(?:(?-i:[OΘΩ])\([^()]*[A-Za-z][^()]*\)|\d[\d,.{}]*\s?(?:[kmbt]b?)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
           r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty|dozens?|"
           r"hundreds?|thousands?|millions?|billions?|trillions?)")


def _without(text: str, names: list[str]) -> str:
    """A text without the names given (their digits are no figure: "H.266/VVC")."""
    for name in names:
        text = re.sub(rf"(?<![\w.]){re.escape(name)}(?![\w])", " ", text, flags=re.I)
    return text


_SYMBOLIC = r"(?:\d+/[a-z]\b|\d+[a-z]\b|O(?:mega)?\s?\([^()]{1,30}\))"


def gives_count(text: str, noun: str) -> bool:
    """Whether a text gives a number of `noun`: a number up to three words before it ("350,757 coin
    flips", "200-600 images", "1.2 GPU days") or right after it ("layers: 24", "experts (64)")."""
    w = noun.lower()
    if w in ("people", "person", "persons"):
        stem = "pe(?:ople|rsons?)"
    elif w in ("params", "param", "parameters", "parameter"):
        stem = "param(?:eter)?"  # ("7B params", "8 transfer parameters")
    elif w in ("models", "model"):
        stem = "(?:model|[a-z]*LM)"  # ("8 long-context LLMs")
    else:
        stem = re.escape(w[:-2] if w.endswith("es") and len(w) > 4 else w[:-1] if w.endswith("s") and len(w) > 3 else w)
    # (a unit may follow its number unspaced: "0.29dB", "8GPUs")
    return bool(re.search(rf"(?<![\w.]){_NUMBER}(?:\s*[+×x%])?(?:[\s\-]+(?:[\w\-]+[\s\-]+){{0,3}}?|(?<=\d)){stem}[a-z]{{0,2}}(?![\w])", text, re.I)
                or re.search(rf"\b{stem}\w*\s*(?:of|:|=|\()\s*{_NUMBER}", text, re.I)
                or _symbolic_count(text, stem))


def _symbolic_count(text: str, stem: str) -> bool:
    """Whether a text gives a count in symbols, an aside after it: "1/n free parameters", "2m (for any 1 leq m
    leq d) function evaluations", "O(d) function evaluations"."""
    return bool(re.search(rf"(?<![\w./]){_SYMBOLIC}(?:\s*\([^()]{{0,60}}\))?[\s\-]+(?:[\w\-]+[\s\-]+){{0,3}}?"
                          rf"(?<!\bper\s)(?i:{stem})[a-z]{{0,2}}(?![\w])", text))  # (not "O(1) memory per layer")


def _around(sentence: str, m: re.Match[str]) -> str:
    """The two words before a match and the two after it, within its clause ("a ViT-G teacher", "the teacher
    (ViT-G)"; not "teacher and is evaluated on ImageNet")."""
    before = re.split(r"[,;:]| and | is | are | was | were ", sentence[: m.start()])[-1].split()[-2:]
    after = re.split(r"[,;:]| and | is | are | was | were ", sentence[m.end():])[0].split()[:2]
    return " ".join([*before, m.group(0), *after])


def _unvalued_setting(figure: str, sentences: list[str]) -> str:
    """The training setting a figure asks ("what LoRA rank", "which learning rates"), in the singular, if no
    sentence of the abstract names it with a number; else ""."""
    setting = _SETTING.search(figure)
    if not setting:
        return ""
    named = re.sub(r"s$", "", setting.group(0), flags=re.I).lower()  # ("learning rates")
    # (a dimension is also given as "768-dimensional")
    said = rf"(?<![\w-]){re.escape(named)}s?" if not named.startswith("dimension") else r"(?<!\w)dimension\w*"
    return "" if any(re.search(rf"{said}(?![\w-])", s, re.I) and re.search(r"\d", s) for s in sentences) else named


def more_figures(question: str) -> list[str]:
    """The measures or settings a question asks after its first figure, each named by a word of its own
    ("..., and what token acceptance rate does it report?": token acceptance rate; not "what number did it
    come up with?", nor "what happens to FID")."""
    out = []
    for how, words in figures_asked(question)[1:]:
        # (the measure's own words: "what happens to FID": FID)
        words = re.split(r"\b(?:to|of|in|on|for|with|at|by|the|its|their|happens?|happened|goes|went)\b", words)[-1].strip()
        if how in ("measure", "counted", "setting", "value") and [
                w for w in content_words(words) if w not in _QUALIFIERS | _GENERIC_MEASURES | _GENERIC_RESULTS]:
            out.append(words)
    return out


def unreported_more(figure: str, paper: Paper) -> bool:
    """Whether an abstract leaves out a figure a question asks after its first (more_figures): none of its own
    words is there, even by its stem ("preference rate": "preferred") or in its unit ("frame rate": FPS), or
    a setting's value is not given ("what LoRA rank": a rank with a number)."""
    if _SETTING.search(figure):
        return bool(_unvalued_setting(figure, re.split(r"(?<=[.!?])\s+", paper.abstract)))
    text = f"{paper.title} {paper.abstract}"
    stems = {w[:5] for w in content_words(text)}
    own = [w for w in content_words(figure) if w not in _QUALIFIERS | _GENERIC_MEASURES | _GENERIC_RESULTS | _GENERIC_THINGS
           and w not in ("resulting", "baseline", "previous", "original")]
    words = _folded(text)
    return bool(own) and not any(w[:5] in stems or _MEASURE_FORMS.get(w, set()) & words for w in own)


def _listed_word(figure: str) -> str:
    """The word of a figure asked that says what is to be named ("which teacher model": teacher)."""
    words = [w for w in figure.lower().split() if w not in _GENERIC_THINGS] or figure.lower().split()
    return words[-1] if words else ""


def unreported(p: Plan, paper: Paper, common: Callable[[str], bool] = lambda name: False) -> list[str]:
    """What a question for a figure asks that the paper's abstract does not mention: the measure's
    words (a generic one, "accuracy", only when it names the measure alone), the question's numbers (as
    whole numbers, units aside: "1.16B" is in "1.16 billion", "7B" is not in "2017"), the names it
    gives ("on BEIR", "with Vicuna-7B") and, for "how many X", a number of X (an abstract that speaks
    of "people" without saying how many does not answer "how many people took part")."""
    text = paper.title + " " + paper.abstract
    words = _folded(text)
    asked = [] if p.figure in _DURATION_ASKED | {"factor"} else [w for w in content_words(p.figure or "") if w not in _QUALIFIERS]
    asked = [w for w in asked if w not in _GENERIC_MEASURES] or asked  # "Rank-1 accuracy": Rank-1
    asked = [w for w in asked if w not in _GENERIC_THINGS | _GENERIC_RESULTS]  # "what teacher model": a teacher
    listed = _LISTED.get(_listed_word(p.figure)) if p.figure and re.search(
        rf"\bwhich\s+(?:[\w\-]+\s+){{0,2}}?{re.escape(p.figure)}\b", p.question, re.I) else None
    counted = bool(p.figure) and listed is None and re.search(  # "which 4 GNN backbones": name them
        rf"\bwhich\s+{COUNT_WORD}\s+(?:[\w\-]+\s+){{0,2}}?{re.escape(p.figure)}\b", p.question, re.I)
    if counted:
        listed = re.compile(rf"\b{re.escape(re.sub(r'e?s$', '', p.figure.split()[-1]))}", re.I)
    asked = [] if listed else asked  # (what is asked is that they be named: below)
    if not asked:  # "how much does X lower perplexity": the measure comes after the verb
        asked = [w for w in content_words(p.question) if w in _MEASURES]
    # (also a scale written before its number, up to x16: "for x4 upscaling" asks 4, which "x2 SR" does not
    # give; not "x86")
    numbers = [(m.group(0), m.group(1)) for m in re.finditer(r"(?<![\w.])(?:[x×](?=(?:1[0-6]|[1-9])(?![\d.])))?(\d+(?:\.\d+)?)", p.question)]
    missing = [w for w in asked if not (_PERCENT.search(text) if w in _SHARES
                                        else _SPEED_UP.search(text) if w.lower() in _SPEED_UPS  # ("by up to 1.98x")
                                        # (a ratio given as a factor or a share: "7.988x compression", "masking 99%")
                                        else (_FACTOR.search(text) or _PERCENT.search(text) or "ratio" in words)
                                        if w.lower() in ("ratio", "ratios")
                                        else (_measure_forms(w) | _MEASURE_FORMS.get(w.lower(), set())) & words)]
    either = bool(p.figure and re.search(r"\bor\b", p.figure) and len(missing) < len(asked))
    if either:
        missing = []  # "which phones or chips", "which GPUs or TPUs": either named answers it
    missing += [written for written, n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d]|\.\d)", text)]
    # (not a name of the field, `common` to many papers, that only describes: "multimodal LLMs" are the
    # abstract's "MLLMs", "teams of LLM agents" its "agentic flows"; but "which GPUs" asks for GPUs)
    asked_names = {w.lower() for m in _ASKS_WHAT.finditer(p.question) for w in name_words(m.group(0))}
    settings = [m.group(1) for m in _SETTING_NAME.finditer(p.question)]  # ("on Cityscapes", "on ImageNet")
    sentences = re.split(r"(?<=[.!?])\s+", paper.abstract)
    # (a measure of its own, not "what score": "What score does Apollo-7B get on LongVideoBench?" is not answered
    # by Apollo-3B's 55.1 there)
    valued = settings and [w for w in asked if w.lower() not in _GENERIC_MEASURES | _GENERIC_RESULTS] and all(
            any(_mentions(sent, name) and re.search(r"\d\.\d|\d\s*%", _without(sent, [name]))
                for sent in sentences) for name in settings)
    if valued:  # the measure unnamed, but values given on each setting asked ("what mIoU does it get on VOC
        # 2012?": "PASCAL VOC 2012 (val: 77.7%, test: 77.2%)")
        missing = [w for w in missing if w not in asked]
    # (not a name that only says what kind: "MAE-style masking", "GPT-like models")
    styles = {m.group(1) for m in re.finditer(r"([\w.]+)-(?:style|like|based|inspired|type)\b", p.question, re.I)}
    missing += [w for w in name_words(p.question) if w not in styles and not (_mentions(text, w) or _spelled_in(text, w)
                                                          or (either and w in p.figure)
                                                          or (common(w) and w.lower() not in asked_names
                                                              and w not in settings))]
    if valued:  # (nor the measure's name: "mIoU")
        missing = [w for w in missing if w.lower() not in (p.figure or "").lower().split()]
    # (a setting named by capitalised words only: "what mIoU does X get on Cityscapes?"; "on Long Range
    # Arena" is also the abstract's "LRA")
    missing += [w for w in _unmentioned(settings, text) if w not in missing]
    missing += [f"a number of {n}" for n in counted_nouns(p.question)
                if not gives_count(f"{paper.title}. {paper.abstract}", n)]
    if _HOW_MUCH_FASTER.search(p.question) and not _RATE.search(p.question) and not _SPEED_UP.search(paper.abstract) \
            and not (_HOW_QUICK.search(p.question) and _TIME_TAKEN.search(paper.abstract)):
        # ("how quick is the pose search": also a time it takes, "terminating within a matter of milliseconds")
        missing.append("a speed-up")
    big = _HOW_BIG.search(p.question)
    thing = [w for w in content_words(big.group("thing")) if w not in _GENERIC_THINGS | _QUALIFIERS] if big else []
    if thing and all(_folded(w) & _folded(paper.title.split(":")[0]) for w in thing):
        thing = []  # ("how big is FooNet?": a size anywhere in its abstract)
    if big and not any(_SIZE.search(sent) and all(_folded(w) & _folded(sent) for w in thing)
                       for sent in [paper.title, *sentences]):
        missing.append(f"the size of the {big.group('thing')}")
    if p.figure and p.figure.lower() in ("parameters", "params") and not _SIZE.search(text) \
            and not _symbolic_count(text, "param(?:eter)?"):  # "..., in parameters?" ("1/n free parameters" gives one)
        missing.append("a number of parameters")
    if p.figure in _DURATION_ASKED and not _DURATION.search(text):  # "how long does it take ..."
        missing.append("a duration")
    if p.figure == "factor" and not _FACTOR.search(text):  # "by what factor is it faster ..."
        missing.append("a factor")
    unvalued = _unvalued_setting(p.figure or "", sentences)
    if unvalued:
        missing.append(f"the {unvalued} used")  # "what LoRA rank": a value, not the word
    for m in _AGAINST.finditer(p.question) if p.figure is not None else ():
        # a figure against a baseline the abstract names but gives no figure with ("reduces BD-rate by
        # 26.6% against H.265/HEVC ... surpasses H.266/VVC on certain datasets": none against VVC)
        names = [w for w in name_words(m.group(1)) if _mentions(text, w)]
        with_it = [sent for sent in sentences if any(_mentions(sent, w) for w in names)]
        if with_it and not any(re.search(r"\d", _without(sent, names)) for sent in with_it):
            missing.append("a figure against " + re.search(rf"\S*{re.escape(names[0])}\S*", m.group(1)).group(0))
    # a figure in a measure or on a benchmark the question names ("its Video-MME score"), which the
    # abstract names but gives no figure with, in that sentence or the next ("gains across benchmarks,
    # including Video-MME, MLVU ...": no score)
    bracketed = list(re.finditer(r"\(([A-Za-z][\w\-]*)\)", paper.abstract))  # ("(DPO)": the paper's own, mostly)
    own_names = {w.lower() for w in name_words(paper.title)} | {m.group(1).lower() for m in bracketed}
    scored_on = {w for m in _NAMED_MEASURE.finditer(p.question) for w in name_words(m.group(1))
                 if w.lower() not in own_names} if p.figure is not None and not listed else set()
    bare = [_without(sent, name_words(sent)) for sent in sentences] if scored_on else []  # (no names' digits: "GPT-4o")
    for name in scored_on:
        at = [i for i, sent in enumerate(sentences) if _mentions(sent, name)]
        if at and not any(re.search(r"\d", bare[i]) or re.search(r"\d\.\d|\d\s*%", " ".join(bare[i + 1: i + 2]))
                          for i in at):
            missing.append(f"a figure on {name}")
    if listed:
        # "which datasets did they use?": the abstract names some where it speaks of them, or (datasets
        # and benchmarks) names what it is evaluated on ("on ImageNet using ResNet50": ImageNet) besides
        # the paper's own names and abbreviations
        # (a bracketed abbreviation is the paper's own, unless it names what is listed: "the Massive Text
        # Embedding Benchmark (MTEB)")
        own = set(name_words(paper.title)) | {m.group(1) for m in bracketed
                                              if not listed.search(paper.abstract[max(0, m.start() - 12): m.start()])}
        # (not the field's abbreviations: "on 4 backbone GNN architectures" names no backbone)
        # (a teacher is named beside the word: "a ViT-G teacher", not "big teacher models ... on ImageNet")
        near = _listed_word(p.figure).rstrip("s") == "teacher"
        named = any({w for w in name_words(_around(s, m) if near else s) if not common(w)} - own
                    for s in sentences for m in listed.finditer(s))
        evaluated_on = {m.group(1) for m in re.finditer(r"\b(?:on|across|over)\s+(?:the\s+)?([A-Z][\w\-.]*\w)", paper.abstract)
                        if name_words(m.group(1)) or re.search(r"\d", m.group(1))} - own
        # (or names in a sentence that says what it is evaluated on: "We showcase LoReFT on eight commonsense
        # reasoning tasks, ..., Alpaca-Eval v1.0, and GLUE")
        evaluated_on |= {w for s in sentences for m in _EVALUATED.finditer(s) for w in name_words(m.group("what"))
                         if not common(w)} - own
        if not named and not (_listed_word(p.figure).rstrip("s") not in ("environment", "teacher") and not counted and evaluated_on):
            missing.append(f"which {p.figure}")
    return list({m.lower(): m for m in reversed(missing)}.values())[::-1]  # (once each: "LoRA", not "lora, LoRA")

"""Names: which paper a name, an acronym, a title or a misspelling of one in a question stands for.

The linker is built once per index from the titles and abstracts: a title's "Name:" and leading words,
its whole text, an abbreviation it gives, and the names an abstract introduces ("we propose ... (AQLM)",
"called NN-CIFT"); a name many abstracts use as an ordinary term (LLM, GANs, "few-shot continual
learning") names no paper.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Callable

from .records import Paper
from .retrieval import one_edit

_TOKEN = re.compile(r"[A-Za-z0-9]+")
# (a size or a count, "16B", "100K", "8x", "4bit", is not a name)
NAMELIKE = re.compile(r"^(?!\d+(?:[kKmMbBtTxX]|bits?|GB|MB|TB)$)(?=.*[A-Za-z])(?:[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Za-z]+\d[A-Za-z0-9]*|\d+[A-Za-z][A-Za-z0-9]*)$")
# a model named in lower case, as users type it ("llama-2-70b", "gpt-4o", "resnet-18")
TYPED_MODEL = re.compile(r"(?<![\w-])[a-z]{3,}(?:-[a-z0-9.]+)*-\d[a-z0-9.]*(?:-[a-z0-9.]+)*(?![\w-])")
_ABBREVIATION = re.compile(r"\(([A-Za-z][A-Za-z0-9]{1,7})\)")
# (not a descriptor in brackets: "second-order (Hessian-based) optimizers")
_PAREN_NAME = re.compile(r"\((?![^()]*-(?:based|aware|free|like|style|driven|specific|wise|level|only)\))"
                         r"([A-Z][A-Za-z0-9\-\+\^]{1,24})\)")
_INTRO_NAME = re.compile(
    r"(?:\b(?:propose|introduce|present|call|dub|name|term|develop)(?:s|d|ed)?\s+(?:it\s+|them\s+)?(?:as\s+)?"
    r"(?:a\s+|an\s+|the\s+)?(?:novel\s+|new\s+|simple\s+)?"
    # "Our final model S4D is ...", "our method, X, ..."
    r"|\b[Oo]ur\s+(?:final\s+|proposed\s+|resulting\s+|new\s+)?(?:model|method|approach|framework|algorithm|architecture|"
    r"system|technique),?\s+)([A-Z][A-Za-z0-9]*(?:[\-\+][A-Za-z0-9]+)*)")

_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]|\.(?=\d))*[A-Za-z0-9]")  # a word, hyphenated parts joined ("LLaVA-1.5-7B")

# the words that give a name, right before it: "we propose (a novel method,) X", "... named X"
_GIVES_NAME = re.compile(r"\b(?:propos|introduc|present|call|dub|nam|term|coin|develop|design)\w*\s+(?:it\s+|them\s+|this\s+)?"
                         r"(?:as\s+)?(?:(?:a|an|the|our|novel|new|simple|general|unified|efficient|method|framework|"
                         r"approach|technique|algorithm|model|module|strategy|scheme|paradigm|system|called|named)[\s,:]+)*$",
                         re.I)
_INTRO_VERB = re.compile(r"\b(?:we|this paper|this work)\s+(?:\w+\s+)?(?:propose|introduce|present|call|develop|design)", re.I)

FUNCTION_WORDS = {"for", "with", "via", "in", "on", "of", "to", "and", "using", "as", "from", "by", "is", "are", "at"}


# the second part of a hyphenated name that makes it a variant or a use of the first ("ViT-Large", "BERT-Based",
# "CLIP-Guided", "LoRA-Tuned"), not a name of its own ("MIP-Adapter")
_VARIANT_WORD = re.compile(r"(?i:large|small|tiny|huge|giant|medium|base|mini|micro|nano|instruct|chat|"
                           r"\w+(?:ed|style|like|based|aware|free|only|sized|scale|level|specific|friendly))")


def name_pattern(name: str) -> re.Pattern[str]:
    """A model or benchmark name as texts may write it: "ResNet-50", "ResNet50", "ResNet 50", plural "CNNs"
    (not "ResNet-101", "GPT-4", "AdaMerging" for "Adam", "fidelity" for "FID"); "llama-2-70b" also as
    "Llama-2 70B"."""
    chunks = re.findall(r"[A-Za-z]+|\d+", name)
    body = r"[\s\-]?".join(map(re.escape, chunks))
    # (an acronym of capitals alone is matched as written: "FID" is not "fid"; others in any case: "LLaMA-2",
    # "Llama 2", "LLAMA")
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?:e?s)?(?![A-Za-z0-9])", 0 if name.isupper() and not re.search(r"\d", name) else re.I)


def _lead_name(title: str) -> str:
    """'4-bit Shampoo for Memory-Efficient ...' -> '4-bit Shampoo': a title's leading name, when it
    has no 'Name:' prefix and starts with 2-4 words before a function word."""
    words = title.split()
    if ":" in title or not words or words[0].lower() in {"a", "an", "the", "on", "towards", "toward"}:
        return ""
    for i, w in enumerate(words[:5]):
        if w.lower() in FUNCTION_WORDS:
            return " ".join(words[:i]) if 2 <= i <= 4 else ""
    return ""


def _title_long_form(title: str, name: str) -> str:
    """'LST: Ladder Side-Tuning for ...' -> 'Ladder Side-Tuning': the words after a title's acronym name
    that spell it out, initial by initial (hyphenated parts count apart)."""
    letters = [c.lower() for c in name if c.isalpha()]
    if not name or not name.isupper() or not 2 <= len(letters) <= 6 or ":" not in title:
        return ""
    rest = title.split(":", 1)[1]
    parts = list(re.finditer(r"[A-Za-z][A-Za-z0-9]*", rest))[: len(letters)]
    if len(parts) < len(letters) or [m.group(0)[0].lower() for m in parts] != letters:
        return ""
    return rest[parts[0].start(): parts[-1].end()]


# Greek letters in names, as users type them ("μnit Scaling": munit; "PixArt-α": PixArt-alpha)
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "θ": "theta",
                        "λ": "lambda", "μ": "mu", "π": "pi", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega"})


def spelled_out(before: str, letters: str, word: str = r"[A-Za-z][\w\-]*") -> list[re.Match[str]] | None:
    """The words just before an abbreviation whose initials are its `letters`, one word a letter (a
    word as `word` reads it: hyphenated words whole, or each part)."""
    words = list(re.finditer(word, before))[-len(letters):] if letters else []
    return words if len(words) == len(letters) and "".join(w[0][0].lower() for w in words) == letters else None


def _initial_runs(title: str) -> set[str]:
    """The initials of every run of a title's words ("Sharpness-Aware Minimization for ...": sam, sa, am, ...)."""
    initials = "".join(w[0].lower() for w in re.split(r"[\s\-:]+", title) if w[:1].isalpha())
    return {initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1)}


def _long_form(before: str, short: str) -> str | None:
    """The words a paper's abbreviation for its own name stands for, from the text just before it: as
    many capitalised words as it has capitals, their initials its capitals, right after the words that
    give the name ("we propose Decoupled Mixup (DM)", "... named Adaptive Precision Training (AdaPT)");
    None otherwise (a term written in lower case, "batch normalization (BN)", or a capitalised one the
    sentence only uses, "we propose to add Batch Normalization (BN)", is no name of the paper)."""
    caps = "".join(c.lower() for c in short if c.isupper())
    words = spelled_out(before, caps) if len(caps) >= 2 else None
    if not words or not all(w[0][0].isupper() for w in words) or not _GIVES_NAME.search(before[: words[0].start()]):
        return None
    return " ".join(w[0] for w in words)


COMMON_SHARE = 0.05  # an abbreviation more than this share of the papers use is common, not spelled out
OTHER_SENSE_MARGIN = 0.15  # a name's other users this much closer to the question: the word is not the name
MISSPELT_MIN = 7  # a one-word name this long or longer is read through one wrong letter


def near_spelling(a: str, b: str) -> bool:
    """One letter inserted, dropped or changed, or two adjacent letters swapped ("zeroqaunt" / "zeroquant"),
    the digits the same ("llama27b" / "llamav27b", not "cifar100" / "cifar10")."""
    swapped = len(a) == len(b) and any(a[:i] + a[i + 1] + a[i] + a[i + 2:] == b for i in range(len(a) - 1))
    return re.sub(r"\D", "", a) == re.sub(r"\D", "", b) and (one_edit(a, b) or (swapped and a != b))


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text.translate(_GREEK))]


# words that say how a user sees a paper, not what it does ("the popular GPTQ method")
_EVALUATIVE = {"popular", "original", "famous", "well-known", "known", "newer", "older", "recent", "classic",
               "earlier", "later", "latest", "first", "second", "third", "other", "same", "following", "previous",
               "mentioned", "above", "standard", "seminal", "influential", "great", "nice", "good", "cool"}
# "the <words> paper": the words a user describes a paper by, a name among them or not
_NAMED_PHRASE = re.compile(r"\b(?:the|a|an)\s+((?:[\w\-]+\s+){1,6}?)(?:paper|work|one|method|approach|framework|study)\b",
                           re.I)


PLURAL_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9]s$")


class NameLinker:
    """Maps short names and acronyms to papers; built once per index."""

    def __init__(self, papers: dict[str, Paper], ordinary: Callable[[str], bool] = lambda word: False) -> None:
        self.papers = papers
        self.ordinary = ordinary  # whether a lower-case word is a word of the language ("heal", not "hydragen")
        self.alias: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.mentions: dict[str, set[str]] = defaultdict(set)  # lowercase word -> paper ids using it
        self.introducers: dict[tuple[str, ...], set[str]] = defaultdict(set)  # "we propose X (N)"
        self._words: dict[str, set[str]] = {}  # paper id -> its word set (_word_set), filled as asked
        self._compounds: dict[str, Counter[str]] | None = None  # hyphenated name -> its users' counts
        for p in papers.values():
            for w in set(tokens(p.title + " " + p.abstract)):
                self.mentions[w].add(p.id)
        defined: dict[tuple[str, ...], set[str]] = defaultdict(set)
        written: dict[tuple[str, ...], str] = {}  # each defined name as an abstract writes it
        for p in papers.values():
            # its whole title, as a user may copy it ("the big-model driven few-shot continual learning
            # framework" is that paper, not "Few-shot Continual Learning: a Brain-inspired Approach")
            whole = tuple(tokens(p.title))
            if len(whole) >= 3:
                self.alias[whole].add(p.id)
            # its title's name, leading words (before a "!": "Distilling Step-by-Step! ..."), and an
            # abbreviation the title gives ("Adaptive Precision Training (AdaPT): ...": AdaPT)
            exclaimed = p.title.split("!")[0] if "!" in p.title else ""
            exclaimed = exclaimed if len(exclaimed.split()) <= 4 else ""
            for name in (p.name, _lead_name(p.title), exclaimed, _title_long_form(p.title, p.name or ""),
                         *(m.group(1) for m in _PAREN_NAME.finditer(p.title))):
                # (a short "Name:" a title starts with is a name too, if abstracts use it as no other word)
                if name and (self._distinctive(tuple(tokens(name)), name) or (
                        name == p.name and re.fullmatch(r"[A-Z][a-z]{2,3}", name)
                        and len(self.mentions.get(name.lower(), set()) - {p.id}) < 3)):
                    self.alias[tuple(tokens(name))].add(p.id)
                    squashed = "".join(tokens(name))  # "S^{2}FT" is also asked for as "S2FT"
                    if len(tokens(name)) > 1 and NAMELIKE.match(squashed.upper()) and len(squashed) <= 12:
                        self.alias[(squashed,)].add(p.id)
            intros = list(_INTRO_NAME.finditer(p.abstract))  # (one pass over the abstract for both uses below)
            introduced = {m.group(1) for m in intros  # ("called NN-CIFT"; not "Hessian-Aware")
                          if any(NAMELIKE.match(part) for part in m.group(1).split("-"))
                          # (but "a framework called Self-Lengthen": capitalised words joined, after a naming verb)
                          or ("-" in m.group(1) and all(part[:1].isupper() for part in m.group(1).split("-"))
                              and re.search(r"\b(?:call|dubb|nam|term)ed\s+$", p.abstract[: m.start(1)]))}
            for m in intros:  # ("we propose BCT, a framework ...": the paper introduces
                # it; not "a new FP8 automatic mixed-precision framework", where the word qualifies a noun)
                if m.group(1) in introduced and re.match(r"\s*(?:[,:;.(]|that\b|which\b|$)", p.abstract[m.end():]):
                    self.introducers[tuple(tokens(m.group(1)))].add(p.id)
            for sent in re.split(r"(?<=[.!?])\s+", p.abstract):
                # what a "we propose" sentence introduces is the first name after its verb ("we introduce
                # Half Fine-Tuning (HFT) ..., as a substitute for full fine-tuning (FFT)": HFT)
                verb = _INTRO_VERB.search(sent)
                first = next((m.start() for m in _PAREN_NAME.finditer(sent) if verb and m.start() > verb.end()), None)
                for m in _PAREN_NAME.finditer(sent):
                    introduced.add(m.group(1))
                    if m.start() == first:
                        self.introducers[tuple(tokens(m.group(1)))].add(p.id)
                    # and the capitalised words it abbreviates, where the paper gives the name ("we
                    # propose ...", "... named Decoupled Mixup (DM)"): not a term it spells out in passing
                    long = _long_form(sent[: m.start()], m.group(1))
                    if long:
                        introduced.add(long)
                        if m.start() == first:
                            self.introducers[tuple(tokens(long))].add(p.id)
            for n in introduced:
                key = tuple(tokens(n))
                if key and self._distinctive(key, n):
                    defined[key].add(p.id)
                    written.setdefault(key, n)
        # an acronym the collection also uses in the plural, in three papers or more ("GANs", "SSMs",
        # "DNNs"), names a class of models (not "FFFs", which only the FFF papers use)
        plurals = {m.lower() for p in papers.values()
                   for m in re.findall(r"\b([A-Z][A-Za-z0-9]*[A-Z0-9])s\b", p.title + " " + p.abstract)}
        classes = {a for a in plurals if len(self.mentions.get(a, set()) | self.mentions.get(a + "s", set())) >= 3}
        for key, ids in defined.items():
            # a name few abstracts define, not a common acronym (LLM, MoE, KV) that many define, nor the
            # name of a class of models that one abstract happens to spell out ("generative adversarial
            # networks (GANs)": "GAN" in a question is not that paper)
            users = set.intersection(*(self.mentions.get(t, set()) for t in key))
            raw = written.get(key, "")
            if len(users) > 12 and "-" in raw and len(ids) <= 5:
                # a hyphenated name of common parts ("As-ViT"): named as written, squashed ("AsViT"), by the
                # papers that introduce it, if few abstracts write it
                hyphenated = re.compile(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", re.I)
                owners = self.introducers.get(key, set()) & ids
                if owners and sum(bool(hyphenated.search(q.abstract)) for q in papers.values()) <= 5:
                    self.alias[("".join(key),)] |= owners
                continue
            if len(ids) > 5 or len(users) > 12 or (len(key) == 1 and key[0] in classes):
                continue
            # nor a term abstracts spell out in passing: the name is of the papers that introduce it ("we
            # propose the structured state space sequence model (S4)"); else of the one paper defining
            # it if few others use it, not of several ("Neural architecture search (NAS) has become ...")
            # nor of one that others use too ("the emerging Selective State Space Model (Mamba)")
            owners = self.introducers.get(key, set()) & ids
            if not owners and len(ids) == 1 and len(users - ids) < 3 and not self._field_term(key, ids, papers):
                owners = ids
            self.alias[key] |= owners
        # a title's leading words that other abstracts use as an ordinary phrase ("Post-training
        # Quantization on Diffusion Models", "Sequence Modeling with ..."): no name
        # (the abstracts that hold each adjacent word pair of such a name, read in one pass: a phrase's
        # users are among those holding all its pairs, few, where the abstracts holding all its words
        # would be thousands at scale)
        multi = [k for k in self.alias if len(k) > 1]
        wanted = {pair for k in multi for pair in zip(k, k[1:])}
        holding: dict[tuple[str, str], set[str]] = defaultdict(set)
        for p in papers.values():
            words = tokens(p.abstract)
            for pair in set(zip(words, words[1:])) & wanted:
                holding[pair].add(p.id)
        for key in multi:
            users = set.intersection(*(holding.get(pair, set()) for pair in zip(key, key[1:]))) - self.alias[key]
            if len(users) < 2:  # (most names: nothing to read, no pattern to build at start-up)
                continue
            phrase = re.compile(r"(?<![\w-])" + r"[\s\-]+".join(map(re.escape, key)) + r"(?![\w-])", re.I)
            used = (pid for pid in users if phrase.search(self.papers[pid].abstract))
            if next(used, None) and next(used, None):  # two other abstracts are enough; no need to read all
                del self.alias[key]
        self.max_len = max((len(k) for k in self.alias), default=1)
        # one-word names by each one-letter deletion (a misspelling one letter off shares one with its name)
        # and with "ph" written "f": an index, not a scan of every name per word
        self._by_deletion: dict[str, set[str]] = defaultdict(set)
        self._by_folded: dict[str, set[str]] = defaultdict(set)
        for key in self.alias:
            if len(key) == 1 and len(key[0]) >= MISSPELT_MIN:
                for i in range(len(key[0]) + 1):
                    self._by_deletion[key[0][:i] + key[0][i + 1:]].add(key[0])
            if len(key) == 1 and "ph" in key[0]:
                self._by_folded[key[0].replace("ph", "f")].add(key[0])
        # what each abbreviation the abstracts spell out stands for ("spiking neural networks (SNNs)":
        # snn), the spelling most abstracts give
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        self.spelled_by: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # and who spells it so
        for p in papers.values():
            seen: set[str] = set()
            for m in _ABBREVIATION.finditer(p.abstract):
                short = m.group(1)
                key = short.lower()[:-1] if PLURAL_ACRONYM.match(short) else short.lower()  # ("SNNs": snn)
                letters = re.sub(r"[^a-z]", "", key)
                if key in seen or len(letters) < 2:  # (once a paper, where it is first written out)
                    continue
                seen.add(key)
                words = spelled_out(p.abstract[: m.start()], letters, r"[A-Za-z]+")
                if words:
                    form = " ".join(w[0].lower() for w in words)
                    spellings[key][re.sub(r"s$", "", form)] += 1  # (one form, singular or plural)
                    self.spelled_by[key][re.sub(r"s$", "", form)].add(p.id)
        # (a spelling two abstracts or more give is the field's; one paper's is its own: "SSD" is
        # "selective synaptic dampening" in one abstract, and solid-state drives to a reader)
        # (the spelling most abstracts give, if two or more do and no other spelling as many)
        self.spelled = {short: form for short, forms in spellings.items()
                        for (form, n), *rest in [forms.most_common(2)] if n >= 2 and (not rest or rest[0][1] < n)}
        # an abbreviation the field spells one way names no paper that spells it another ("IR": information
        # retrieval in two abstracts, not Pigeon's intermediate representation), unless that paper's title
        # gives it or spells it out ("Sharpness-Aware Minimization ...": SAM, whatever else SAM is)
        for short, form in self.spelled.items():
            letters = re.sub(r"[^a-z]", "", short)
            others = {pid for f, pids in self.spelled_by[short].items() if f != form for pid in pids
                      if short not in tokens(self.papers[pid].title) and letters not in _initial_runs(self.papers[pid].title)}
            if (short,) in self.alias and others:
                self.alias[(short,)] -= others
                if not self.alias[(short,)]:
                    del self.alias[(short,)]

    @staticmethod
    def _field_term(key: tuple[str, ...], ids: set[str], papers: dict[str, Paper]) -> bool:
        """Whether an abbreviation one abstract defines in passing stands for a phrase three other
        abstracts write out ("super-resolution (SR)": the field's term, not that paper's name)."""
        if len(key) != 1:
            return False
        (pid,) = ids
        m = re.search(rf"\(({re.escape(key[0])}s?)\)", papers[pid].abstract, re.I)
        words = spelled_out(papers[pid].abstract[: m.start()] if m else "", re.sub(r"[^a-z]", "", key[0]), r"[A-Za-z]+")
        if not words:
            return False
        phrase = re.compile(r"(?<![\w-])" + r"[\s\-]+".join(re.escape(w.group(0)) for w in words) + r"(?![\w-])", re.I)
        return sum(bool(phrase.search(q.abstract)) for q in papers.values() if q.id != pid) >= 3

    @staticmethod
    def _distinctive(key: tuple[str, ...], raw: str) -> bool:
        return len(key) > 1 or bool(NAMELIKE.match(raw.replace("-", ""))) or (raw[:1].isupper() and len(raw) >= 5)

    def alias_of(self, pid: str, question: str = "") -> str:
        """The short name a paper goes by (e.g. 'AQLM'): a name of the question that only this
        paper mentions, or the one name the paper introduces."""
        for w in _WORD.findall(question):
            if NAMELIKE.match(w.replace("-", "")) and self._unique_mention(w) == pid:
                return w
        names = [" ".join(k) for k, ids in self.introducers.items() if pid in ids and len(ids) == 1]
        if len(names) != 1:
            return ""
        abstract = self.papers[pid].abstract
        raw = re.search(re.escape(names[0]).replace(r"\ ", r"[\s\-]"), abstract, re.I)
        # the paper's own method is what its first "we propose/introduce" sentence names; a name given
        # later is a part of it ("we introduce Double Rounding ... we propose ... (ALRS)": no label)
        first = next((sent for sent in re.split(r"(?<=[.!?])\s+", abstract) if _INTRO_VERB.search(sent)), "")
        return raw.group(0) if raw and raw.group(0) in first else ""

    @staticmethod
    def _as_measure(word: str, paper: Paper) -> bool:
        """Whether an abstract uses a word only as a measure, after its value ("28.6 PSNR") or before it
        ("FID of 2.1")."""
        uses = list(re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", paper.abstract))
        return bool(uses) and all(re.search(r"\d[\d.,]*\s*%?\s*$", paper.abstract[max(0, m.start() - 12): m.start()])
                                  or re.match(r"\s*(?:of|=|:)\s*\d", paper.abstract[m.end():]) for m in uses)

    def _unique_compound(self, word: str) -> str | None:
        """The paper that alone writes a hyphenated name (a name and a variant's letters or digits), more than
        once, and whose title has its first part ("ResNet-RS" of "Revisiting ResNets"): a variant of its own,
        not a model or data set it uses ("VGG-16", "ImageNet-21k") or a baseline it names once ("ConvNeXt-T")."""
        if self._compounds is None:
            users: dict[str, Counter[str]] = defaultdict(Counter)
            for p in self.papers.values():
                for m in re.finditer(r"(?<![\w-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![\w-]|\.\d)", p.title + " " + p.abstract):
                    first, *rest = m.group(0).split("-")  # (a name and its variant: "ResNet-RS", "FBNet-B",
                    # "ElasticViT-S1"; not "MRI-based", "GPU-centric")
                    if NAMELIKE.match(first) and all(re.search(r"\d", part) or len(part) <= 3 or (
                            re.search(r"[A-Z]", part) and not self.ordinary(part.lower())) for part in rest):
                        users[m.group(0).lower()][p.id] += 1
            self._compounds = users
        uses = self._compounds.get(word.lower(), Counter())
        if len(uses) != 1 or sum(uses.values()) < 2:  # (written once: a baseline, "ConvNeXt-T")
            return None
        pid = next(iter(uses))
        first = tokens(word)[0]
        own = {t.rstrip("s") for t in tokens(self.papers[pid].title)}
        return pid if first.rstrip("s") in own and not self._as_measure(word, self.papers[pid]) else None

    def _unique_mention(self, word: str) -> str | None:
        sets = [self.mentions.get(t, set()) for t in tokens(word)]
        common = set.intersection(*sets) if sets else set()
        if len(common) > 1 and re.fullmatch(r"[A-Z]{3,}", word):
            # a word in capitals that one abstract alone writes so, defining it as its name ("the cross-refinement
            # adaptive feature modulation transformer (CRAFT)"), where others use it as a word ("craft"); not
            # a name several papers write ("BERT", "FFN", "GAN")
            written = re.compile(rf"(?<![\w-]){word}(?![\w-])")
            common = {pid for pid in common if written.search(f"{self.papers[pid].title} {self.papers[pid].abstract}")}
            if len(common) != 1 or f"({word})" not in self.papers[next(iter(common))].abstract:
                return None
        return next(iter(common)) if len(common) == 1 else None

    def _misspelt(self, word: str) -> str | None:
        """The paper whose one-word name a word misspells: one letter inserted, dropped or changed in a
        name of seven letters or more ("NoisyQant": NoisyQuant; not "Samba" for SiMBA, "Tango" for
        MANGO), or "ph" written "f" ("Sofia": Sophia); only if no abstract uses the word and one paper
        alone has such a name."""
        w = word.lower()
        if len(w) < 5 or self.mentions.get(w):
            return None
        keys = {k for d in {w, *(w[:i] + w[i + 1:] for i in range(len(w)))} for k in self._by_deletion.get(d, ())
                if near_spelling(k, w)} | self._by_folded.get(w.replace("ph", "f"), set())
        ids = {pid for k in keys for pid in self.alias.get((k,), ())}
        return next(iter(ids)) if len(ids) == 1 else None

    def _respelt(self, word: str) -> str:
        """A hyphenated name misspelt ("ctrl-adpater"), as the one-word name it misspells ("ctrladapter"),
        or the word as it is."""
        if min(len(part) for part in word.split("-")) < 2:  # ("v-prediction" is no "KV Prediction")
            return word
        squashed = word.replace("-", "").lower()
        pid = self._misspelt(squashed)
        keys = sorted(k for (k, *more), ids in self.alias.items() if not more and ids == {pid}
                      and near_spelling(k, squashed)) if pid else []
        written = (self.papers[pid].name or "").replace("-", "") if pid else ""  # (as a name: "CtrlAdapter")
        return (written if written.lower() == keys[0] else keys[0]) if keys else word

    def fits(self, part: str, paper: Paper) -> bool:
        """Whether a paper named in a part of a comparison fits the words describing it: a name inside
        "the ... paper" with two describing words or more ("the minifloat-vs-integer FPGA quantization
        paper") must share one with the paper's title or abstract ("the popular GPTQ method", "the
        original GPTQ paper" say nothing of what it does)."""
        phrase = next((m.group(1) for m in _NAMED_PHRASE.finditer(part) if paper in self.link(m.group(1))), "")
        own = set(self.names_in(phrase))
        words = {w for w in tokens(phrase) if len(w) > 3 and w not in own and w not in _EVALUATIVE}
        if len(words) < 2:
            return True
        return any(paper.id in self.mentions.get(v, ()) for w in words for v in (w, w.rstrip("s"), w + "s"))

    def names_in(self, text: str) -> list[str]:
        """The (lower-case) words of a text that are part of a name the linker knows."""
        low = tokens(text)
        out: list[str] = []
        for n in range(1, self.max_len + 1):
            for i in range(len(low) - n + 1):
                if self.alias.get(tuple(low[i:i + n])):
                    out.extend(low[i:i + n])
        return out

    def without_names(self, part: str, papers: list[Paper]) -> str:
        """A part with the one-word names of `papers` taken out ("the minifloat-vs-integer quantization
        paper")."""
        ids = {p.id for p in papers}
        return " ".join(w for w in part.split() if not self.alias.get(tuple(tokens(w)), set()) & ids)

    def _lower_case_name(self, word: str, ids: set[str], question: str) -> bool:
        """Whether a word of an all-lower-case question is the name of papers `ids`: a word only their
        abstracts use and the language does not have ("hydragen", "compresso"), or a name their titles
        write as one ("gptq" for GPTQ) that is no word of the language ("heal", "division" are words,
        HEAL, DIVISION papers) unless the question spells it out ("pat (pruning-aware tuning)") or sets a
        title's "Name:" against another paper's name ("zipper vs skillnet")."""
        if self.ordinary(word):
            spelled = re.search(rf"(?<![\w-]){re.escape(word)}\s*\(([^()]*)\)", question, re.I)
            if spelled and spelled_out(spelled.group(1), word, r"[A-Za-z]+"):
                return self._written_as_name(word, ids)
            # a title's "Name:" set against another paper ("zipper vs skillnet")
            w = re.escape(word)
            versus = re.search(rf"(?<![\w-]){w}\s+(?:vs\.?|versus)\s+([\w\-]+)|([\w\-]+)\s+(?:vs\.?|versus)\s+{w}(?![\w-])",
                               question, re.I)
            other = "".join(tokens(next(filter(None, versus.groups()), ""))) if versus else ""
            # (the other side a name too, one that at most one abstract uses: not "flows vs latent")
            return (bool(other) and not self.ordinary(other) and len(self.mentions.get(other, ())) <= 1
                    and any(self.papers[pid].name.lower() == word for pid in ids))
        return not self.mentions.get(word, set()) - ids or self._written_as_name(word, ids)

    def _written_as_name(self, word: str, ids: set[str]) -> bool:
        """Whether the titles of the papers a word names write it as a name ("GPTQ", not "Primer") and
        no abstract writes it in lower case ("KIND" is a title's name, "kind" a word)."""
        found = re.compile(rf"(?<![\w\-/.]){re.escape(word)}(?![\w-])", re.I)  # (not in a link: ".../gptq")
        if not any(NAMELIKE.match(m.group(0)) for pid in ids for m in found.finditer(self.papers[pid].title)):
            return False
        return not any(m.group(0).islower() for pid in self.mentions.get(word, set())
                       for m in found.finditer(self.papers[pid].title + " " + self.papers[pid].abstract))

    def _in_title(self, pid: str, key: tuple[str, ...]) -> bool:
        t = tokens(self.papers[pid].title)
        return any(tuple(t[i:i + len(key)]) == key for i in range(len(t)))

    def link(self, question: str, context: dict[str, float] | None = None) -> list[Paper]:
        """Papers named in the question, in the order they are named; the longest name wins.
        When several papers share a name, `context` (paper id -> retrieval score) picks one."""
        context = context or {}
        question = question.translate(_GREEK)
        # a variant of a name ("MobileCLIP-S2") names the paper of the name, not one named "S2" too
        question = re.sub(r"(?<![\w-])([A-Za-z][A-Za-z0-9]*)-([A-Za-z0-9]{1,4})(?![\w-])",
                          lambda m: m.group(1) if self.alias.get((m.group(1).lower(),))
                          and not self.alias.get(tuple(tokens(m.group(0))))
                          and not self.alias.get(("".join(tokens(m.group(0))),)) else m.group(0), question)
        # a name written with a hyphen or in lower case ("mcu-netv2" for MCUNetV2) is that name squashed
        question = re.sub(r"\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+\b",
                          lambda m: m.group(0).replace("-", "") if self.alias.get((m.group(0).replace("-", "").lower(),))
                          and not self.alias.get(tuple(tokens(m.group(0))))
                          else m.group(0) if self.alias.get(tuple(tokens(m.group(0)))) or self._unique_compound(m.group(0))
                          else self._respelt(m.group(0)), question)
        spans = list(_TOKEN.finditer(question))
        raw = [m.group(0) for m in spans]
        low = [t.lower() for t in raw]
        # where each hyphenated word that starts at a token ends ("ResNet-RS": tokens 0-1)
        ends = list(range(len(raw)))
        for k in range(len(raw) - 2, -1, -1):
            if question[spans[k].end(): spans[k + 1].start()] == "-":
                ends[k] = ends[k + 1]
        # a question typed all in lower case writes names in lower case too ("compresso vs pat")
        lower_case = not re.search(r"\b[A-Za-z]*[A-Z][A-Za-z]*\b", question)  # (sizes aside: "7B")
        asked_words = {t.rstrip("s") for t in low}  # (singular: "camouflaged objects")
        found: list[Paper] = []
        # names several papers share: (place in found, candidates, the question's other words)
        shared: list[tuple[int, list[str], set[str]]] = []
        i = 0
        while i < len(low):
            step = 1
            compound = question[spans[i].start(): spans[ends[i]].end()] if ends[i] > i else ""
            if compound and (i == 0 or question[spans[i].start() - 1] != "-") \
                    and not re.match(r"\.\d", question[spans[ends[i]].end():]) and not any(
                    self.alias.get(key) for key in (tuple(low[i: ends[i] + 1]), ("".join(low[i: ends[i] + 1]),))):
                # a hyphenated name only one paper writes, and more than once ("ResNet-RS", also typed
                # "resnet-rs"): that paper, not what its parts may name ("RS": another's remote sensing)
                pid = self._unique_compound(compound)
                if pid:
                    if self.papers[pid] not in found:
                        found.append(self.papers[pid])
                    i = ends[i] + 1
                    continue
            for n in range(min(self.max_len, len(low) - i), 0, -1):
                key = tuple(low[i:i + n])
                ids = self.alias.get(key)
                word = raw[i]
                # a one-word name must be written as a name, not as a lowercase common word; a capital
                # that starts the question says so only for a word abstracts use as no other name ("Adan");
                # a plural acronym only if the papers it names introduce it ("we propose ... (QCSBMs)") and
                # fewer than three abstracts use it ("CBMs", "MLPs" name classes of models)
                plural_class = ids and PLURAL_ACRONYM.match(word) and not (
                    ids <= self.introducers.get(key, set())
                    and len(self.mentions.get(key[0], set()) | self.mentions.get(key[0][:-1], set())) < 3)
                # (nor the first part of a hyphenated name of its own that names no paper: "MIP-Adapter" is
                # not the MIPs paper, where "MobileCLIP-S2" is MobileCLIP's and "Mamba-based" Mamba's)
                own_compound = n == 1 and ends[i] > i and re.fullmatch(r"[A-Z][a-z]{4,}", raw[i + 1]) \
                    and not _VARIANT_WORD.fullmatch(raw[i + 1])
                if not ids or own_compound or (n == 1 and (plural_class or self._other_sense(key[0], ids, context, asked_words) or not (
                        NAMELIKE.match(word) or (word[:1].isupper() and (i > 0 or len(self.mentions.get(key[0], set()) - ids) < 2))
                        or (lower_case and self._lower_case_name(key[0], ids, question))))):
                    continue
                fresh = [pid for pid in ids if self.papers[pid] not in found]
                if fresh:  # (several papers by one name: the retrieval context, the title, the one that
                    # introduces it, then the one whose text shares most of the question's words, then the id)
                    asked = set(low)
                    ranked = sorted(sorted(fresh), reverse=True, key=lambda pid: context.get(pid, 0.0) + 0.1 * self._in_title(pid, key)
                                    + 0.1 * (pid in self.introducers.get(key, ()))
                                    + 0.01 * sum(pid in self.mentions.get(w, ()) for w in asked) / len(asked))
                    if len(ranked) > 1:
                        shared.append((len(found), ranked, set(low) - set(key)))
                    found.append(self.papers[ranked[0]])
                step = n
                break
            # a plural acronym ("ODEs", "GNNs") names a class of models, not a paper
            if step == 1 and NAMELIKE.match(raw[i]) and not PLURAL_ACRONYM.match(raw[i]) and not any(
                    self.alias.get(tuple(low[i:i + n])) for n in range(1, self.max_len + 1)):
                # a name only one abstract uses (e.g. "AQLM"; not two letters: "IR" is one abstract's
                # intermediate representation and every reader's information retrieval)
                pid = (self._unique_mention(raw[i]) if len(raw[i]) > 2 or not raw[i].isalpha() else None
                       ) or self._misspelt(raw[i])
                if pid and self._as_measure(raw[i], self.papers[pid]):  # ("28.6 PSNR": a measure, not a name)
                    pid = None
                if pid and self.papers[pid] not in found:
                    found.append(self.papers[pid])
            elif step == 1 and raw[i][:1].isupper() and not self.mentions.get(low[i]):
                pid = self._misspelt(raw[i])  # "Sofia" for Sophia: a capitalised word no abstract uses
                if pid and self.papers[pid] not in found:
                    found.append(self.papers[pid])
            elif (step == 1 and i > 0 and raw[i][:1].isupper() and len(low[i]) >= 5 and len(self.mentions.get(low[i], ())) == 1
                  and not self.ordinary(low[i])):
                # "and Ratatouille, what ...": a capitalised word of one title's name ("Model Ratatouille:
                # ..."), which no other paper uses
                pid = next(iter(self.mentions[low[i]]))
                if low[i] in tokens(self.papers[pid].title.split(":")[0]) and ":" in self.papers[pid].title \
                        and self.papers[pid] not in found:
                    found.append(self.papers[pid])
            i += step
        # a name several papers share, said beside other papers' names ("S4 and H3"), and told apart by no
        # rare word of the question ("the S4 accelerator"), is the one of them closest in subject to those
        # others (the state-space S4, not the S4 accelerator)
        for place, ranked, rest in shared:
            others = [p for k, p in enumerate(found) if k != place]
            told = {pid: self.held([w for w in rest if len(w) > 2], self.papers[pid]) for pid in ranked}
            if others and max(told.values()) - min(told.values()) < 1.0:
                near = {pid: max(self._kinship(pid, p.id) for p in others) for pid in ranked}
                best = max(ranked, key=lambda pid: near[pid])  # (ties: the order above)
                if near[best] >= 1.5 * near[ranked[0]] and self.papers[best] not in found:
                    found[place] = self.papers[best]
        return found

    def _other_sense(self, word: str, ids: set[str], context: dict[str, float], asked: set[str]) -> bool:
        """Whether a one-word name is meant in another sense: an abstract spells it out as something else
        than the papers it names do, and the question says more of that other spelling ("COD, finding
        camouflaged objects": camouflaged object detection, not clustering on difficulty), or that paper is
        much closer to the question (OTHER_SENSE_MARGIN in cosine) than any paper it names ("hospital scans
        (MR, CT)": CuNeRF's computed tomography, not the few-shot paper's conditional transport)."""
        forms = self.spelled_by.get(word, {})
        theirs = {form for form, users in forms.items() if users & ids}
        if not forms or len(forms) == len(theirs):
            return False
        said = lambda form: sum(w.rstrip("s") in asked for w in form.split())  # noqa: E731
        others = set().union(*(users for form, users in forms.items() if form not in theirs)) - ids
        if max(said(f) for f in forms if f not in theirs) >= max(2, max((said(f) for f in theirs), default=0) + 1):
            return True
        mine = max(context.get(pid, 0.0) for pid in ids)  # (0: not among the papers retrieved, its cosine not read)
        return bool(context and others) and mine > 0 and max(context.get(pid, 0.0) for pid in others) - mine >= OTHER_SENSE_MARGIN

    def rarity(self, word: str, paper: Paper | None = None) -> float:
        """A word's idf over the papers that use it in any form the word index knows ("GANs": gan, gans);
        with `paper`, 0 unless that paper's title or abstract uses it."""
        forms = [f for f in (word, word.rstrip("s"), word + "s") if f in self.mentions]
        users = set().union(*(self.mentions[f] for f in forms)) if forms else set()
        if not users or (paper is not None and paper.id not in users):
            return 0.0
        return self._idf(len(users))

    def held(self, words: list[str], paper: Paper | None = None) -> float:
        """The summed rarity of the words `paper` uses (of all of them without one): how much of a
        description a paper holds."""
        return sum(self.rarity(w, paper) for w in words)

    def _idf(self, users: int) -> float:
        return math.log(len(self.papers) / max(1, users))

    def _word_set(self, pid: str) -> set[str]:
        """A paper's title and abstract words (three letters or more), read once."""
        if pid not in self._words:
            paper = self.papers[pid]
            self._words[pid] = {t for t in tokens(paper.title + " " + paper.abstract) if len(t) > 2}
        return self._words[pid]

    def _kinship(self, a: str, b: str) -> float:
        """How much two papers share their vocabulary: the rarity-weighted (idf) overlap of their words,
        a cosine over word sets."""
        words = [self._word_set(pid) for pid in (a, b)]
        idf = {w: self._idf(len(self.mentions.get(w, ()))) for w in words[0] | words[1]}
        norm = math.sqrt(sum(idf[w] for w in words[0]) * sum(idf[w] for w in words[1])) or 1.0
        return sum(idf[w] for w in words[0] & words[1]) / norm

    def in_passing(self, name: str, pid: str) -> bool:
        """Whether a paper only mentions a name in passing: not one of its names, not in its title, and
        each sentence of its abstract that uses it lists it among others ("techniques including A, B, X
        and C") or compares with it ("outperforms X"), none introducing or defining it."""
        paper = self.papers[pid]
        if pid in self.alias.get(tuple(tokens(name)), ()) or name.lower() in paper.title.lower():
            return False
        n = re.escape(name)
        said = [s for s in re.split(r"(?<=[.!?])\s+", paper.abstract) if re.search(rf"(?<!\w){n}(?!\w)", s, re.I)]

        def passing(sent: str) -> bool:
            if _INTRO_VERB.search(sent) or re.search(rf"\(\s*{n}\s*\)", sent, re.I):
                return False
            return bool(re.search(rf",\s*(?:and\s+|or\s+)?(?:the\s+)?{n}\b|\b{n}\s*,", sent, re.I)
                        or re.search(rf"\b(?:such\s+as|including|e\.g\.?,?|like|namely)\s+"
                                     rf"(?:[\w\-]+,?\s+(?:and\s+|or\s+)?){{0,8}}?(?:the\s+)?{n}\b", sent, re.I)
                        or re.search(rf"\b(?:than|over|outperform\w*|surpass\w*|compared\s+(?:with|to)|versus|vs\.?|"
                                     rf"against)\s+(?:the\s+)?(?:[\w\-]+\s+){{0,3}}?{n}\b", sent, re.I))

        return bool(said) and all(passing(sent) for sent in said)

    def named_at(self, question: str, paper: Paper) -> tuple[int, int]:
        """Where the question names `paper`: the span of the first one to three words that link to it
        ("4-bit Shampoo"), or (-1, -1)."""
        words = list(_WORD.finditer(question))
        for n in (1, 2, 3):  # (the fewest words: "CSKV", not "How does CSKV")
            for i in range(len(words) - n + 1):
                if paper in self.link(question[words[i].start(): words[i + n - 1].end()]):
                    return words[i].start(), words[i + n - 1].end()
        return -1, -1

    def spell_out(self, question: str) -> str:
        """The question with each abbreviation the abstracts spell out followed by what it stands for
        ("snn papers?": "snn (spiking neural networks) papers?"), unless the question spells it out
        itself; a lower-case word only if it is no word of the language; not a common one ("LLMs": the
        question's own words carry it, and its long form would outweigh them)."""
        def spelled(m: re.Match[str]) -> str:
            w = m.group(0)
            key = w.lower()
            if key not in self.spelled and key.endswith("s"):  # ("SNNs", "snns")
                key = key[:-1]
            long = self.spelled.get(key)
            if not long or self.common(key) or (self.ordinary(w) if w.islower() else not NAMELIKE.match(w)) \
                    or all(t in question.lower() for t in long.split()):
                return w
            return f"{w} ({long})"

        return re.sub(r"(?<![\w-])[A-Za-z][A-Za-z0-9]{1,7}(?![\w-])", spelled, question)

    def common(self, word: str) -> bool:
        """Whether more than COMMON_SHARE of the papers use a word, singular or plural ("LLMs", "GNN"): a
        term of the field, not a name that tells papers apart."""
        key = word.lower()
        key = key[:-1] if key.endswith("s") and len(key) > 3 else key
        return len(self.mentions.get(key, set()) | self.mentions.get(key + "s", set())) > COMMON_SHARE * len(self.papers)

    def field_abbreviation(self, word: str) -> bool:
        """Whether a word is an abbreviation of the field: common, and spelled out by abstracts ("LLMs":
        large language models), not a benchmark's or a product's name ("ImageNet")."""
        key = word.lower()
        return self.common(word) and (key in self.spelled or key.rstrip("s") in self.spelled)

    @staticmethod
    def own_abbreviations(question: str) -> set[str]:
        """Abbreviations the question defines itself: "(X)" right after words whose initials spell X
        ("the unified sequence parallelism (USP) approach": USP)."""
        return {abbreviation for abbreviation, _ in NameLinker._spelled_abbreviations(question)}

    @staticmethod
    def _spelled_abbreviations(question: str) -> list[tuple[str, list[str]]]:
        """Each "(X)" of the question right after words whose initials spell X, with those words."""
        out = []
        for m in re.finditer(r"\(([A-Za-z][A-Za-z0-9\-]{1,11})\)", question):
            words = spelled_out(question[: m.start()], re.sub(r"[^a-z]", "", m.group(1).lower()), r"[A-Za-z]+")
            if words:
                out.append((m.group(1), [w.group(0) for w in words]))
        return out

    def unknown_names(self, question: str, capitalized: bool = False) -> list[str]:
        """Names of the question that appear in no paper at all (e.g. a model not held): name-like words
        ("RWKV", "DINOv2"; not two-letter ones, nor a plural acronym whose singular a paper uses) and,
        with `capitalized`, capitalized words after the first ("Toolformer") and capitalized phrases no
        paper uses as a phrase ("the Switch Transformer")."""
        out = []
        own = self.own_abbreviations(question)
        # (the words an abbreviation the papers use spells out: "Frechet Inception Distance (FID)", where the
        # abstracts write "Fréchet" or only "FID")
        spelling = {w for abbreviation, words in self._spelled_abbreviations(question)
                    if len(abbreviation) >= 3 and all(self.mentions.get(t) for t in tokens(abbreviation)) for w in words}
        words = list(_WORD.finditer(question))
        for i, m in enumerate(words):
            w = m.group(0)
            if w in spelling:
                continue
            nxt = words[i + 1].group(0) if i + 1 < len(words) and question[m.end(): words[i + 1].start()] == " " else ""
            if w in own or (w.isalpha() and w.isupper() and re.search(r"\d", nxt) and NAMELIKE.match(nxt)
                            and all(self.mentions.get(t) for t in tokens(nxt))):
                continue  # (a maker before a name the papers use, "AMD MI250X", qualifies that name)
            if NAMELIKE.match(re.sub(r"[-.]", "", w)):
                if w[0].isdigit() or len(w) < 3 or (PLURAL_ACRONYM.match(w) and self.mentions.get(w[:-1].lower())) \
                        or self.mentions.get(w.lower() + "s"):  # ("GAN" where abstracts say "GANs")
                    continue
            elif not (capitalized and re.search(r"[\w,]\s*$", question[:m.start()]) and re.fullmatch(r"[A-Z][a-z]{3,}", w)):
                continue  # (a capitalized word opening a sentence is no name: "Please keep it short.")
            # ("FlashAttention2" is there as "FlashAttention-2", "PageRank" as "Page Rank")
            spaced = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", w)
            # (and "non-IID" as "non-IIDness")
            if not any(all(self.mentions.get(t) for t in tokens(v)) for v in (w, re.sub(r"(?<=[A-Za-z])(?=\d)", " ", w), w + "ness")) \
                    and not (spaced != w and self._phrase_used(tokens(spaced))) \
                    and not self.alias.get((w.lower(),)) and not self._misspelt(w) \
                    and ("-" not in w or self._respelt(w) == w):  # (nor a misspelt hyphenated name: "ZeroQaunt-V2")
                out.append(w)
        if capitalized:
            for m in re.finditer(r"(?<=[\w,] )[A-Z][a-z]+(?: [A-Z][a-z]+)+\b", question):
                if not self._phrase_used(tokens(m.group(0))) and not any(w in out or w in spelling for w in m.group(0).split()):
                    out.append(m.group(0))
        return out

    def _phrase_used(self, words: list[str]) -> bool:
        """Whether some paper's title or abstract has these words as a phrase (adjacent, in order)."""
        phrase = f" {' '.join(words)} "
        users = set.intersection(*(self.mentions.get(t, set()) for t in words)) if words else set()
        return any(phrase in f" {' '.join(tokens(self.papers[pid].title + ' ' + self.papers[pid].abstract))} "
                   for pid in users)


def name_words(text: str) -> list[str]:
    """The names a text gives ("BEIR", "Vicuna-7B", "nDCG"), as written, without lower-case words
    hyphenated to their ends ("GPT-4-generated": GPT-4; "training-FLOPs": FLOPs; "Think-on-Graph" stays);
    not two-letter ones."""
    out = []
    for w in _WORD.findall(text):
        parts = w.split("-")
        while len(parts) > 1 and parts[-1].islower():
            parts.pop()
        while len(parts) > 1 and parts[0].islower():
            parts.pop(0)
        root = "-".join(parts)
        if len(root) >= 3 and not root[0].isdigit() and NAMELIKE.match(re.sub(r"[-.]", "", root)):
            out.append(root)
    return out

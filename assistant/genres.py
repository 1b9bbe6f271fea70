"""Kinds of paper a topic question may ask for, as opposed to a subject: technical reports of a new model,
benchmark or dataset papers, surveys, empirical studies, simple baselines, position papers.

Such a question ("Which papers are technical reports introducing a specific new large language model
...?") names the subject ("large language model") and the kind of paper; the subject's words rank every
LLM paper alike, and the kind is in how an abstract is written ("we introduce X, ... open-source ...
checkpoints are released"), not in its subject words. `asked_genres` reads the kinds a question asks for;
`genre_score` counts the cues of a kind an abstract holds (0 when none), and the topic ranking takes it
as one more signal of its rank fusion.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Genre:
    name: str
    asked: re.Pattern[str]  # the question asks for this kind of paper
    cues: tuple[re.Pattern[str], ...]  # each cue an abstract (or title) holds counts once
    title: re.Pattern[str] | None = None  # the title says it is this kind of paper: counts as two cues
    # the cues are specific enough that a listed paper holding none of them is not of the kind (not so for
    # benchmarks and datasets, which many papers build without saying so in the cues' words)
    strict: bool = True


def _re(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_ADJ = r"(?:(?:a|an|the|our|its|their|two|three|several|new|novel|first|open|large|small|lightweight|efficient|multilingual|"\
       r"bilingual|foundation|family\s+of|series\s+of|suite\s+of|comprehensive|diverse|challenging|large-scale|"\
       r"high-quality|public(?:ly)?|real-world|human-annotated|synthetic)[\s,-]+)*"

GENRES: tuple[Genre, ...] = (
    Genre("model report",
          _re(r"technical\s+reports?|model\s+(?:release|report)s?|(?:introduc|present|releas|describ)\w*\s+(?:a\s+|an\s+)?"
              r"(?:specific\s+|particular\s+|named\s+)?new\s+(?:(?:open|open-source|open-weight|large|small|multilingual|"
              r"bilingual|base|chat|pre-?trained)[\s-]+){0,3}(?:(?:language|foundation)\s+models?|"
              r"llms?|model\s+famil(?:y|ies)|famil(?:y|ies)\s+of|checkpoints)\b(?!\s+for\b)|"
              r"(?:open[- ]source|open[- ]weight)\s+(?:[\w-]+\s+){0,2}?(?:models?|llms?)\s+releases?|"
              r"\breports?\s+(?:on|of|introducing|describing)\s+(?:a\s+|the\s+)?(?:new(?:ly)?\s+)?(?:released\s+)?"
              r"(?:[\w-]+\s+){0,3}?(?:models?|llms?)\b|newly\s+released\s+(?:open\s+)?(?:[\w-]+\s+){0,2}?"
              r"(?:llms?|(?:language|foundation)\s+models?)\b"),
          (_re(r"\b(?:[Ww]e|[Tt]his\s+(?:paper|report|work))\s+(?:introduce|present|release|describe|unveil|train)s?\s+"
               r"(?:[\w-]+\s+){0,2}?[A-Z][a-z]*[A-Z0-9-][\w.-]*", 0),  # (a name: "Hunyuan-Large", "AquilaMoE", "OLMo")
           _re(r"\b(?:language|foundation|base|chat|instruct(?:ion)?|multimodal|moe|experts?)\s+models?\b.{0,80}?"
               r"\b(?:with|of|has|having)\s+(?:a\s+total\s+of\s+)?\d[\d.]*\s*(?:[bm]\b|billion|million)", re.I | re.S),
           _re(r"open[- ]sourc\w+|open[- ]weights?|checkpoints?\s+(?:are|is|will\s+be)\s+(?:publicly\s+)?(?:released|available)|"
               r"(?:release|open)\w*\s+(?:the\s+|our\s+|all\s+)?(?:model\s+)?(?:weights|checkpoints)|huggingface\.co"),
           _re(r"\b(?:pre-?train|train)\w*\s+(?:[\w-]+\s+){0,4}?on\s+(?:over\s+|about\s+|up\s+to\s+)?\d[\d.,]*\s*"
               r"(?:[tb]\b|trillion|billion)\s*(?:high-quality\s+)?tokens")),
          _re(r"technical\s+report")),
    Genre("benchmark",
          _re(r"(?:introduc|propos|present|build|construct|releas|contribut|creat|curat|collect)\w*\s+"
              r"(?:a\s+|an\s+)?(?:new\s+)?(?:(?!(?:on|for|with|in|to|at|that|which|and|or|across|over|from|by|"
              r"evaluat\w*|test\w*|their|existing|standard|several|many|multiple)\b)[\w-]+\s+){0,3}?"
              r"(?:benchmarks?|datasets?|corpora|corpus|test\s?beds?|evaluation\s+suites?)\b|(?:benchmark|dataset)\s+papers?"),
          (_re(rf"\b(?:we|this\s+(?:paper|work))\s+(?:introduce|present|propose|construct|build|release|curate|create|collect|"
               rf"develop|contribute)\w*\s+(?:[\w(),.-]+\s+){{0,2}}?{_ADJ}(?:[\w-]+\s+){{0,3}}?(?:benchmarks?|datasets?|"
               rf"corpus|corpora|test\s?beds?|suite|leaderboard)\b"),
           _re(r"\b(?:existing|current|prior|previous|popular)\s+(?:benchmarks|datasets|evaluations?)\b.{0,80}?"
               r"\b(?:fail|neglect|lack|limited|overlook|only|do\s+not|cannot|focus)|\bunder-?explored\b"),
           _re(r"\b\d[\d,.]*\s*[km]?\+?\s+(?:human[- ])?(?:annotated|curated|labell?ed|collected)\b|"
               r"\b(?:annotat|curat)\w+\s+(?:by\s+)?(?:experts|humans|annotators)|\b(?:sourced|collected|drawn)\s+from\b")),
          _re(r"(?:^|:\s*)(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:benchmark|dataset|corpus|test\s?bed|suite|leaderboard)s?\b"
              r"(?!\s+(?:distillation|condensation|decomposition|pruning|selection|reinforcement))|[a-z]Bench\b|"
              r"\bbenchmarking\b"), strict=False),
    Genre("survey",
          _re(r"\bsurveys?\b(?!\s+sampling)|literature\s+reviews?|review\s+(?:papers?|articles?)|\boverview\s+papers?\b|"
              r"\btutorials?\b"),
          (_re(r"\b(?:this|our|the)\s+(?:survey|review|overview|tutorial)\b|\bwe\s+(?:survey|review)\b|"
               r"\b(?:comprehensive|systematic|structured)\s+(?:survey|review|overview)"),
           _re(r"\btaxonom\w+|\bcategori[sz]\w+\s+(?:existing|prior|current)|\bliterature\b|\bexisting\s+(?:work|methods|"
               r"approaches|research)\b"),
           _re(r"\b(?:open\s+(?:challenges|problems|questions)|future\s+(?:research\s+)?directions|research\s+directions)\b")),
          _re(r"^\s*(?:an?\s+)?(?:survey|review|overview|tutorial)\b|:\s*(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:survey|review|"
              r"overview|tutorial)\b")),
    Genre("empirical study",
          _re(r"empirical\s+(?:stud|analys|investigat)\w*|(?:analysis|measurement)\s+(?:papers?|stud)\w*|"
              r"stud(?:y|ies)\s+that\s+(?:mainly\s+|primarily\s+|mostly\s+)?(?:measure|analy[sz]e|investigate|explain|"
              r"characteri[sz]e)|rather\s+than\s+propos\w+\s+(?:a\s+)?(?:new\s+)?(?:method|technique)"),
          (_re(r"\b(?:empirical|systematic|large-scale|comprehensive|extensive|controlled|careful)\s+"
               r"(?:study|analysis|investigation|evaluation|comparison|examination)"),
           _re(r"\bwe\s+(?:study|investigate|analy[sz]e|examine|explore|revisit|characteri[sz]e|measure|benchmark|"
               r"conduct|perform|ask|find|observe|show\s+empirically)\b"),
           _re(r"\b(?:our|these)\s+(?:findings|results|analyses|experiments|observations)\s+(?:show|suggest|reveal|"
               r"indicate|highlight)|\bsurprising(?:ly)?\b|\binsights?\b|\bwe\s+find\s+that\b")),
          _re(r"\b(?:empirical|case|comparative)\s+study|\banalysis\b|\brevisit\w*|\bunderstanding\b|\bexploring\b|"
              r"\bbenchmarking\b|\?\s*$|^(?:how|does|do|is|are|what|when|why|can)\b")),
    Genre("simple baseline",
          _re(r"simple\s+(?:or\s+[\w-]+\s+)?baselines?|(?:simple|minimal(?:ist)?)\s+(?:methods?|approach\w*|recipes?|"
              r"techniques?)\s+that|(?:simple|minimal(?:ist)?)\s+(?:but|yet)\s+(?:strong|effective)"),
          (_re(r"\bsimple\s+(?:yet|but)\s+(?:effective|strong|powerful)|\b(?:strong|simple|surprisingly\s+"
               r"(?:strong|simple|effective))\s+baselines?\b"),
           _re(r"\b(?:surprisingly|remarkably|extremely|very)\s+simple\b|\bsimplicity\b|\bsimple\s+(?:method|approach|"
               r"recipe|technique|modification|trick|change)"),
           _re(r"\bwithout\s+(?:any\s+)?(?:bells\s+and\s+whistles|additional\s+(?:tricks|complexity))|\bminimal(?:ist)?\b|"
               r"\b(?:properly|well|carefully)\s+tuned\b|\bfair(?:ly)?\s+compar\w+")),
          _re(r"\bsimple\b|\bbaselines?\b|\ball\s+you\s+need\b|\bis\s+(?:\w+\s+)?required\b"), strict=False),
    Genre("position paper",
          _re(r"position\s+papers?|papers?\s+that\s+(?:mainly\s+)?argues?|argue\s+(?:for|against|that)"),
          (_re(r"\bposition\s+paper|\bthis\s+position\b"),
           _re(r"\bwe\s+argue\b|\b(?:this|our)\s+(?:paper|work)\s+argues\b"),
           _re(r"\bwe\s+(?:call\s+for|advocate|urge|contend)\b|\bcall\s+to\s+action\b")),
          _re(r"\bposition\b|\bwhy\s+we\b|\bshould\b|\bwe\s+need\b"), strict=False),
)


# what a topic lets in besides its subject ("... co-design (including surveys covering accelerator design)"):
# no kind of paper it asks for
_INCLUDING = re.compile(r"\((?:including|incl\.|also|plus)\b[^()]*\)|\bincluding\b[^,.;:()?]*", re.I)


def asked_genres(topic: str) -> list[Genre]:
    """The kinds of paper the topic text asks for (none for a subject alone)."""
    topic = _INCLUDING.sub(" ", topic)
    return [g for g in GENRES if g.asked.search(topic)]


def genre_score(title: str, abstract: str, genre: Genre) -> float:
    """The share of the genre's cues that the paper holds: each abstract cue counts once, a title that says
    it is this kind of paper twice."""
    text = f"{title}. {abstract}"
    hits = sum(bool(c.search(text)) for c in genre.cues) + 2 * bool(genre.title and genre.title.search(title))
    return hits / (len(genre.cues) + 2 * (genre.title is not None))

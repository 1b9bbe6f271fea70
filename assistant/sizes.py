"""Scale asked of a topic's papers: "papers that train a model with at least 100 billion parameters",
"papers that pre-train on more than 1T tokens".

Such a topic is a threshold on a number the abstracts state ("GPTQ can quantize GPT models with 175 billion
parameters", "the 8*16B AquilaMoE", "training a 175B LLM", "OPT-175B"), not a subject: no word of it
ranks those papers. `asked_scale` reads the threshold and what it counts; `stated_scales` reads the
numbers of that kind an abstract states, so the papers stating one at or above the threshold are the
papers the topic asks for (topics.retrieve_topic treats them as it treats the papers naming a model the
topic asks them to use).
"""
from __future__ import annotations

import re
from typing import NamedTuple

_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12}
_UNIT = {"parameter": "parameters", "parameters": "parameters", "param": "parameters", "params": "parameters",
         "token": "tokens", "tokens": "tokens"}
_NUM = r"(?P<n>\d+(?:\.\d+)?)\s*(?P<s>(?i:thousand|million|billion|trillion)|[kKmMbBtT])\b"
_AT_LEAST = r"(?<!\bno\s)(?<!\bnot\s)(?:at\s+least|over|more\s+than|above|larger\s+than|bigger\s+than|exceeding|greater\s+than|≥|>=|>)"
# "a model with at least 100 billion (total) parameters", "more than 1T tokens", "100B+ parameter models",
# "models of 70B parameters or more", "100B-scale models"
_ASKED = (
    re.compile(rf"{_AT_LEAST}\s*{_NUM}\+?[\s-]*(?:\(?\s*(?:total|active|activated)\s*\)?[\s-]*)?(?P<u>parameters?|params?|tokens?)\b", re.I),
    re.compile(rf"(?<![\w.]){_NUM}\+[\s-]*(?:(?P<u>parameters?|params?|tokens?)[\s-]*)?(?:models?|llms?|networks?)?", re.I),
    re.compile(rf"(?<![\w.]){_NUM}[\s-]*(?:(?P<u>parameters?|params?|tokens?)\s+)?(?:models?\s+|llms?\s+)?or\s+(?:more|larger|bigger)\b", re.I),
    re.compile(rf"(?<![\w.]){_NUM}[\s-]*scale\s+(?:models?|llms?)", re.I),
)
# what an abstract states: "175 billion parameters", "52 billion activated parameters", "a 1.9B parameter configuration"
_STATED_UNIT = re.compile(rf"(?<![\w.]){_NUM}(?:[\s-]+(?:total|activated|active|sparse|dense|learnable|trainable|"
                          r"high-quality|training|text|additional|whitespace-separated))*[\s-]*(?P<u>parameters?|params?|tokens?)\b")
# a model's size written alone ("a 175B LLM", "GPT-175B", "LLaMA-2-70B", "(175B)"): parameters, unless a
# noun says it counts something else ("300B tokens", "the SA-1B dataset", "4.6B data", "1.6 billion edges")
_BARE = re.compile(r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s?(?P<s>[BT])\b(?![\w-]*(?:\s+[\w-]+)?\s*(?i:tokens?|data|dataset|corpus|corpora|images?|pairs|edges|nodes|"
                   r"characters|words|samples|examples|points|flops?|gpus?|hours?|bytes))")
_PRODUCT = re.compile(r"(?<![\w.])(?P<k>\d+)\s?[*×x]\s?(?P<n>\d+(?:\.\d+)?)\s?(?P<s>[BT])\b")  # ("8*16B": 8 experts of 16B)


_CONTEXT = re.compile(r"\b(?:context|window|sequence|prompt|input)s?\b", re.I)


class Scale(NamedTuple):
    least: float  # the threshold, as a plain number
    unit: str  # "parameters" or "tokens"


def _value(m: re.Match[str]) -> float:
    return float(m.group("n")) * _SCALE[m.group("s").lower()]


def _asked(topic: str) -> re.Match[str] | None:
    return next((m for pattern in _ASKED if (m := pattern.search(topic))), None)


def asked_scale(topic: str) -> Scale | None:
    """The least count of parameters (or tokens) a topic asks its papers' models to have, if it asks one."""
    m = _asked(topic)
    if not m:
        return None
    unit = _UNIT.get((m.groupdict().get("u") or "").lower(), "parameters")
    if unit == "tokens" and _CONTEXT.search(topic):
        return None  # ("context of more than 32K tokens": a context length, not training data)
    return Scale(_value(m), unit)


def asked_scale_match(topic: str) -> str:
    """The words of the topic that ask the scale ("" if none)."""
    m = _asked(topic)
    return m.group(0) if m else ""


def stated_scales(text: str, unit: str) -> list[float]:
    """The counts of `unit` ("parameters" or "tokens") a title or abstract states."""
    found = [_value(m) for m in _STATED_UNIT.finditer(text) if _UNIT[m.group("u").lower()] == unit]
    if unit == "parameters":
        found += [_value(m) for m in _BARE.finditer(text)]
        found += [int(m.group("k")) * _value(m) for m in _PRODUCT.finditer(text)]
    return found


def at_scale(text: str, scale: Scale) -> bool:
    """Whether a paper states a count of the scale's unit at or above its threshold."""
    return any(v >= scale.least for v in stated_scales(text, scale.unit))

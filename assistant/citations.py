"""Citation markers: resolve every [n] in generated text to a piece of evidence, or remove it.

Valid markers are the evidence keys listed in the prompt. After generation each marker is mapped;
unknown, out-of-range or malformed ones are removed and counted. The kept markers are renumbered
in order of first citation, so the reference list reads 1..k and is built only from what resolved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Evidence

# [3]  [3, 5]  [3,5]  [3-5]  [3–5]  and malformed look-alikes such as [3a], [ 3 ], [#3], [ref 3]
_GROUP = re.compile(r"\[\s*(?:#|ref\.?\s*|source\s*)?([0-9][0-9,\s\-–]*[0-9a-z]?|[0-9])\s*\]", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
_FULL_WIDTH = str.maketrans({"［": "[", "］": "]", "【": "[", "】": "]", "，": ", "})


@dataclass
class Resolved:
    text: str  # text with only valid, renumbered markers
    cited: list[Evidence]  # in order of first citation; cited[i] has marker [i+1] in `text`
    unresolved: int  # markers removed because they did not map to evidence


def _parse_group(body: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r"\s*,\s*", body.strip()):
        m = _RANGE.match(piece)
        if m and int(m.group(2)) - int(m.group(1)) in range(0, 20):
            parts.extend(str(i) for i in range(int(m.group(1)), int(m.group(2)) + 1))
        else:
            parts.append(piece)
    return parts


def resolve(text: str, evidence: list[Evidence], renumber: bool = True) -> Resolved:
    """Map markers in `text` to `evidence` (by key), renumbering in order of first citation
    (or keeping the evidence keys, with renumber=False)."""
    by_key = {e.key: e for e in evidence}
    # full-width brackets and commas ("［2］，", as small models write them) and a marker whose closing
    # bracket came out as an opening one ("[2[") are read as the markers they stand for
    text = re.sub(r"\[(\d{1,3})\[", r"[\1]", text.translate(_FULL_WIDTH))
    renum: dict[int, int] = {}
    unresolved = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal unresolved
        out: list[int] = []
        for piece in _parse_group(m.group(1)):
            if not piece.isdigit() or int(piece) not in by_key:
                unresolved += 1
                continue
            key = int(piece)
            if key not in renum:
                renum[key] = len(renum) + 1 if renumber else key
            if renum[key] not in out:
                out.append(renum[key])
        return "".join(f"[{n}]" for n in out)

    new_text = _GROUP.sub(sub, text)
    new_text = re.sub(r"[ \t]+([.,;:])", r"\1", new_text)
    new_text = re.sub(r"[ \t]{2,}", " ", new_text)
    cited = [by_key[k] for k in sorted(renum, key=renum.get)]
    return Resolved(text=new_text, cited=cited, unresolved=unresolved)


def markers_in(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]


def strip_markers(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)

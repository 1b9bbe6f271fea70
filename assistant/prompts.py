"""Prompt files in prompts/, loaded and checked for their placeholders at start-up."""
from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from .settings import ROOT

REQUIRED: dict[str, set[str]] = {
    "system": {"markers"},
    "answer": {"draft"},
}


class PromptError(ValueError):
    pass


@dataclass(frozen=True)
class Prompts:
    system: str
    answer: str

    def render(self, name: str, **values: str) -> str:
        return getattr(self, name).format(**values)


def placeholders(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def load_prompts(folder: Path = ROOT / "prompts") -> Prompts:
    texts: dict[str, str] = {}
    for name, need in REQUIRED.items():
        path = folder / f"{name}.txt"
        if not path.is_file():
            raise PromptError(f"prompt file missing: {path}")
        text = path.read_text(encoding="utf-8")
        have = placeholders(text)
        if have != need:
            raise PromptError(f"{path}: placeholders {sorted(have)} but expected {sorted(need)}")
        texts[name] = text
    return Prompts(**texts)

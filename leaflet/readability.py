"""Readability: Flesch reading ease and a UK reading age for plain English text.

Our own small implementation (textstat would pull in nltk): Flesch (1948)
reading ease = 206.835 - 1.015 x words/sentence - 84.6 x syllables/word;
Flesch-Kincaid grade = 0.39 x words/sentence + 11.8 x syllables/word - 15.59;
UK reading age = US grade + 5. Syllables are counted from vowel groups with
the usual English corrections (silent final e, -le, -ed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWELS = re.compile(r"[aeiouy]+")
# Vowel pairs said as two syllables: cre-ate, i-de-a, ar-e-a, re-act, di-et, sci-ence, qui-et.
_HIATUS = re.compile(r"(?<=cr)ea(?=t(?!u))|(?<=id)ea|(?<=ar)ea|(?<=re)a(?=ct)|ia|(?<=d)ie(?=t)|(?<=sc)ie|(?<=qu)ie")
_SOUNDED_ES = ("ses", "xes", "zes", "ches", "shes", "ces", "ges")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def ease(self) -> float:
        """Flesch reading ease: higher is easier; 60-70 is plain English."""
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def age(self) -> float:
        """Estimated UK reading age in years (US grade + 5)."""
        return max(5.0, self.grade + 5)


def syllables(word: str) -> int:
    """English syllables in one word (a heuristic: right for most everyday words)."""
    w = word.lower().replace("\u2019", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    if w.endswith("es") and not w.endswith(_SOUNDED_ES):
        w = w[:-2]  # takes, times: the e is silent
    elif w.endswith("gue"):
        w = w[:-2]  # fatigue, tongue
    elif w.endswith("e") and not w.endswith(("le", "ee", "ye")):
        w = w[:-1]
    elif w.endswith("ed") and not w.endswith(("ted", "ded")):
        w = w[:-2]
    count = len(_VOWELS.findall(w)) + len(_HIATUS.findall(w))
    return max(1, count)


def measure(text: str) -> Readability:
    """Count words, sentences and syllables in `text`."""
    words = _WORD.findall(text)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    return Readability(len(words), sentences, sum(syllables(w) for w in words))

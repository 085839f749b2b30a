"""Readability: Flesch reading ease and a UK reading age for plain English text.

Our own small implementation (textstat would pull in nltk): Flesch (1948)
reading ease = 206.835 - 1.015 x words/sentence - 84.6 x syllables/word;
Flesch-Kincaid grade = 0.39 x words/sentence + 11.8 x syllables/word - 15.59;
UK reading age = US grade + 5. Syllables are counted from vowel groups with
the usual English corrections (silent final e, -le, -ed).

Web and email addresses are left out: a reader reads them out, not as words, and
their letter runs (www, govt, nz) would count as many short words. `measure_texts`
measures on sentences across many texts: each text (a paragraph, a list item, a
box's line) ends a sentence whether or not it ends in a full stop,
so list items and cells without one are not run together into one long sentence
(which scored a section of short items as if it were one 60-word sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .record import record

# Addresses are read out, not read; a full stop after one still ends its sentence.
_ADDRESS = re.compile(r"(?:\b[a-z][a-z+.-]*://|\bwww\.|\btel:)\S+?(?=[.,;:!?)\]]*(?:\s|$))|[^\s@]+@[^\s@]+\.\w+", re.I)
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWELS = re.compile(r"[aeiouy]+")
# Vowel pairs said as two syllables: cre-ate, i-de-a, ar-e-a, re-act, di-et, sci-ence, qui-et.
_HIATUS = re.compile(r"(?<=cr)ea(?=t(?!u))|(?<=id)ea|(?<=ar)ea|(?<=re)a(?=ct)|ia|(?<=d)ie(?=t)|(?<=sc)ie|(?<=qu)ie")
_SOUNDED_ES = ("ses", "xes", "zes", "ches", "shes", "ces", "ges")


@record
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
    count = len(_VOWELS.findall(w))
    if "ea" in w or "ia" in w or "ie" in w:  # every vowel pair of _HIATUS holds one of these
        count += len(_HIATUS.findall(w))
    return max(1, count)


def measure(text: str, known: dict[str, int] | None = None) -> Readability:
    """Count words, sentences and syllables in `text` (web and email addresses left out);
    `known` keeps each word's syllables for the next text, so a repeated word is counted once."""
    text = without_addresses(text)
    words = _WORD.findall(text)
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    known = {} if known is None else known
    count = 0
    for word in words:
        if word not in known:
            known[word] = syllables(word)
        count += known[word]
    return Readability(len(words), sentences, count)


def without_addresses(text: str) -> str:
    """`text` with each web, email or tel: address (`_ADDRESS`) made a space. Every address holds
    "://", "www.", "tel:" or "@" (a letter of these matches no other under re.I), so a text with
    none of them, as most are, is given back without running the pattern at every character."""
    if "@" not in text and "://" not in text:
        lower = text.lower()
        if "www." not in lower and "tel:" not in lower:
            return text
    return _ADDRESS.sub(" ", text)


def measure_texts(texts: Iterable[str], known: dict[str, int] | None = None) -> Readability:
    """Words, sentences and syllables of many texts, each text ending a sentence of its own
    (`known`: syllables of words met already, as `measure` keeps them)."""
    known = {} if known is None else known
    return total(measure(text, known) for text in texts)


def total(measured: Iterable[Readability]) -> Readability:
    """The measures of many texts (or groups of texts) as one: those without words add nothing."""
    parts = [got for got in measured if got.words]
    words, syllable_count = sum(p.words for p in parts), sum(p.syllables for p in parts)
    return Readability(words, max(1, sum(p.sentences for p in parts)), syllable_count)

"""Text as the checks compare it: author text and PDF text folded alike, and a unit found in the page text.

- `normalise(str) -> str`: author or PDF text with what layout may change folded away.
- `fold_lines(str) -> str`: PDF text folded alike, each line break kept as one newline.
- `fold_positions(str, list[int]) -> list[int]`: positions in a text moved to its `fold_lines` form.
- `find(haystack: str, want: str, start: int) -> tuple[int, int] | None`: where a unit stands in
  folded text, a line break standing for a space or, inside a word, for nothing.

No regex is compiled per unit: `find` looks for the unit with `str.find` in the page text with its
line breaks read as spaces, and compares word by word only the places near a line break where the
unit without its spaces stands in the page text without its spaces and line breaks.
"""

from __future__ import annotations

import re
import unicodedata

from .chars import without_invisible

_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u00a0", " "))
_HYPHEN_BREAK = re.compile(r"(?<=\w)-\s*\n\s*")
_NOT_GAP = re.compile(r"[^ \n]")
_GAPS = " \n"  # what a space in a unit may stand on in folded text
_WINDOW = 256  # characters of page text first searched for a unit, doubled until it is found or the text ends


def normalise(text: str) -> str:
    """Fold what layout may change and nothing more: ligatures, quotes, breaks after hyphens, spaces,
    and format characters (which show nothing, so the layout does not draw them)."""
    text = _compatible(without_invisible(text))
    if "\n" in text:
        text = _HYPHEN_BREAK.sub("-", text)
    return " ".join(text.split())


def _compatible(text: str) -> str:
    """NFKC with the quotes folded (ASCII is left as it is by both)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    for curly, straight in _QUOTES:  # str.replace, not a translate table: a page's text is long, these are few
        if curly in text:
            text = text.replace(curly, straight)
    return text


def fold_lines(text: str) -> str:
    """Like `normalise`, but a run of white space that holds a line break stays one newline,
    so `find` can tell where the layout broke a line."""
    lines = (" ".join(line.split()) for line in _compatible(text).split("\n"))
    return "\n".join(line for line in lines if line)


# The fold of a text so far, as `fold_positions` adds to it: (characters that will stay, whether a
# white-space run is open at its end, whether anything but white space came yet).
_Fold = tuple[int, bool, bool]


def _then(fold: _Fold, text: str) -> _Fold:
    """`fold` with `text` (raw) added: NFKC, and each white-space run counted as one character
    (none at the very start, where `fold_lines` strips it)."""
    if not text:
        return fold
    kept, open_run, seen = fold
    text = _compatible(text)
    core = " ".join(text.split())
    if not core:
        return kept, True, seen
    gap = seen and (open_run or text[0].isspace())
    return kept + gap + len(core), text[-1].isspace(), True


def _cut(text: str, at: int) -> int:
    """The last place at or before `at` where `text` may be split for NFKC: at an ASCII character
    (no composition takes one as its second part, and combining marks never cross one), or the ends."""
    if at == len(text) or text[at].isascii():
        return at
    while at > 0:
        at -= 1
        if text[at].isascii():
            return at
    return 0


def fold_positions(text: str, positions: list[int]) -> list[int]:
    """Each position of `text` (as a slice end) moved into `fold_lines(text)`: the length of
    `fold_lines(text[:p] + "x") - 1`, so white space just before it counts as the one character it folds to
    and NFKC applies to the text before it alone (a combining mark after it does not join the letter before).

    One pass: NFKC of `text` is the NFKC of its pieces between ASCII characters, so the text is folded
    piece by piece up to each position's last ASCII character, and only the rest is folded for each position.
    """
    ends = [slice(None, p).indices(len(text))[1] for p in positions]
    cuts = [_cut(text, p) for p in ends]
    folds: dict[int, _Fold] = {}
    fold, last = (0, False, False), 0
    for cut in sorted(set(cuts)):
        fold, last = _then(fold, text[last:cut]), cut
        folds[cut] = fold
    out = []
    for cut, end in zip(cuts, ends, strict=True):
        kept, open_run, seen = _then(folds[cut], text[cut:end])
        out.append(kept + (open_run and seen))
    return out


def find(haystack: str, want: str, start: int = 0) -> tuple[int, int] | None:
    """Where `want` (normalised) stands in `haystack` (from `fold_lines`), as (start, end).

    A line break in the PDF stands for a space, or for nothing where the layout split a
    word too long for the line (a long URL) or broke after a hyphen; nothing looser.
    The text is searched a window at a time (doubling), so a unit found near `start` costs
    little; a match is at most twice the unit long, so each window overlaps the next by that.
    """
    return find_normal(haystack, normalise(want), start)


def find_normal(haystack: str, want: str, start: int = 0) -> tuple[int, int] | None:
    """`find` of a unit given as `normalise` gives it (a unit looked for more than once is normalised once)."""
    if not want:
        at = min(start, len(haystack))
        return at, at
    key, size, at = want.replace(" ", ""), _WINDOW + 2 * len(want), max(start, 0)
    while at < len(haystack):
        window = haystack[at : at + size]
        last = len(window) if at + size >= len(haystack) else len(window) - 2 * len(want)
        found = _first_in(haystack, at, window, (want, key), last)
        if found is not None or last == len(window):
            return found
        at, size = at + last + 1, 2 * size
    return None


def _first_in(haystack: str, at: int, window: str, unit: tuple[str, str], last: int) -> tuple[int, int] | None:
    """The first match (start, end in `haystack`) that starts in `window` (haystack[at:...]) up to
    `last`, of the unit (normalised, and without its spaces); or None.

    A match without a line break inside a word is the unit itself once line breaks are read as
    spaces: one `str.find`. Any other match holds a line break among its first len(want)
    characters and its characters, less spaces and line breaks, are the unit's less its spaces:
    so only such places near a line break are compared word by word (`_match_at`).
    """
    want, key = unit
    plain = window.replace("\n", " ").find(want, 0, last + len(want))
    before = plain if plain >= 0 else last + 1
    squeezed = window.replace(" ", "").replace("\n", "")
    seen = (0, 0)  # (position in window, characters of squeezed before it)
    while (found := squeezed.find(key, seen[1])) >= 0:
        seen = _unsqueeze(window, seen, found)
        if seen[0] >= before:
            break
        if window.find("\n", seen[0], seen[0] + len(want)) >= 0:
            if (end := _match_at(haystack, at + seen[0], want)) is not None:
                return at + seen[0], end
            seen = seen[0] + 1, found + 1
            continue
        nearest = window.find("\n", seen[0] + len(want))  # the next place a line break is near enough
        if nearest < 0:
            break
        place = nearest - len(want) + 1
        seen = place, found + place - seen[0] - _gaps(window, seen[0], place)
    if plain < 0:
        return None
    end = at + plain + len(want)  # the unit itself, line breaks read as spaces: `_match_at` would end here
    return at + plain, end + 1 if haystack[end : end + 1] == "\n" else end


def _gaps(window: str, start: int, end: int) -> int:
    """Spaces and line breaks in window[start:end]."""
    return window.count(" ", start, end) + window.count("\n", start, end)


def _unsqueeze(window: str, seen: tuple[int, int], index: int) -> tuple[int, int]:
    """Where the character `index` of the window without spaces and line breaks stands in the window,
    counting on from `seen` (a position in the window and how many such characters precede it)."""
    place, count = seen
    while count < index:
        step = index - count
        place, count = place + step, count + step - _gaps(window, place, place + step)
    if place < len(window) and window[place] in _GAPS:
        gap = _NOT_GAP.search(window, place)
        place = gap.start() if gap else len(window)
    return place, count


def _match_at(haystack: str, at: int, want: str) -> int | None:
    """The end of `want` matched at haystack[at:], or None: a space takes the one space or line
    break there, and a line break inside a word (or after its last character) is skipped.

    `fold_lines` leaves no two white-space characters in a row, so the match is unique.
    """
    for n, word in enumerate(want.split(" ")):
        if n:
            if haystack[at : at + 1] not in (" ", "\n"):
                return None
            at += 1
        if haystack.startswith(word, at):
            at += len(word)
            continue
        for i, ch in enumerate(word):
            if haystack[at : at + 1] != ch:
                return None
            at += 2 if i < len(word) - 1 and haystack[at + 1 : at + 2] == "\n" else 1
    return at + 1 if haystack[at : at + 1] == "\n" else at

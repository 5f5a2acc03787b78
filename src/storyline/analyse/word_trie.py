"""A case-insensitive regex alternation of many words, written as a trie.

``re`` tries the branches of ``(?:said|says|told|…)`` one after another at every position of
the text, and under ``re.IGNORECASE`` it cannot skip a branch by its first letter: with a
hundred or more words the search is slow (NER's sentence choice spent most of its time in two
such searches). The same words as a trie, ``(?:s(?:a(?:id|ys))|told|…)``, share their prefixes,
so a position that starts no word is rejected after one look per first letter.

What the trie matches is what the flat alternation with the longest words first matches: at a
position it tries the longest word that matches there first, then the shorter ones, as the
flat alternation does (tests hold it to the flat one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A trie node: each next character's node; the empty key marks the end of a word.
_Node = dict[str, "_Node"]
_END = ""


def longest_first(words: Iterable[str]) -> str:
    """The flat alternation the trie stands for: ``(?:w1|w2|…)``, the longest words first."""
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"


def trie_alternation(words: Iterable[str]) -> str:
    """A regex for use with ``re.IGNORECASE`` that matches what :func:`longest_first` of
    ``words`` matches, longest word first at a position.

    Words that the flag makes equal share one path (:func:`_folded`): two paths for the same
    text would let a shorter word on the first win over a longer one on the second."""
    root: _Node = {}
    for word in words:
        if not word:
            raise ValueError("an empty word matches everywhere")
        node = root
        for char in word:
            node = node.setdefault(_folded(char), {})
        node[_END] = {}
    if not root:
        raise ValueError("no words")
    return "(?:" + _render(root) + ")"


def _folded(char: str) -> str:
    """The one character standing for every character ``char`` matches under ``re.IGNORECASE``:
    its lower case, or the lower case of its upper case where that differs ("ſ" matches "s",
    "ı" matches "i", "ς" matches "σ": the flag's extra equivalences are such characters)."""
    lowered = char.lower()
    if len(lowered) != 1:  # "İ" lower-cases to two characters
        raise ValueError(f"{char!r} changes length when lower-cased")
    upper = char.upper()
    return upper.lower() if len(upper) == 1 and len(upper.lower()) == 1 else lowered


def _render(node: _Node) -> str:
    """The node's words as a regex: its branches, optional where a word ends here (greedy, so
    the longer words are tried first)."""
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?"
    return body

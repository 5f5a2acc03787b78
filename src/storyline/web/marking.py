"""An article's text as HTML with its spans marked: every piece of text escaped, each span in a
``<mark>`` (a link when it names an entity), spans that cross split so elements nest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str
    label: str = ""
    href: str | None = None


def span_id(start: int, end: int) -> str:
    return f"span-{start}-{end}"


def mark_text(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` escaped with each of ``spans`` marked. Only entity spans become links (links
    may not nest); the first piece of a span carries ``id="span-START-END"`` so that links to
    the passage land on it."""
    # By a key, not the dataclass order: two spans that differ only in whether they link
    # would compare None with a string.
    valid = sorted(
        {s for s in spans if 0 <= s.start < s.end <= len(text)},
        key=lambda s: (s.start, s.end, s.kind, s.label, s.href or ""),
    )
    opening: dict[int, list[Span]] = {}
    closing: dict[int, set[Span]] = {}
    for span in valid:
        opening.setdefault(span.start, []).append(span)
        closing.setdefault(span.end, set()).add(span)
    bounds = sorted({0, len(text)} | set(opening) | set(closing))
    out: list[str] = []
    stack: list[Span] = []
    started: set[Span] = set()
    used_ids: set[str] = set()
    links_open = 0

    def open_tag(span: Span) -> str:
        nonlocal links_open
        attrs = [f'class="m m-{escape(span.kind)}"']
        if span not in started:
            started.add(span)
            ident = span_id(span.start, span.end)
            if ident not in used_ids:
                used_ids.add(ident)
                attrs.append(f'id="{ident}"')
        if span.label:
            attrs.append(f'title="{escape(span.label)}"')
        if span.href and span.kind == "entity" and links_open == 0:
            links_open += 1
            return f'<a href="{escape(span.href)}" {" ".join(attrs)}>'
        return f"<mark {' '.join(attrs)}>"

    tags: list[str] = []  # the closing tag of each element on the stack

    def push(span: Span) -> None:
        opened = open_tag(span)
        out.append(opened)
        stack.append(span)
        tags.append("</a>" if opened.startswith("<a ") else "</mark>")

    def pop() -> Span:
        nonlocal links_open
        closing_tag = tags.pop()
        if closing_tag == "</a>":
            links_open -= 1
        out.append(closing_tag)
        return stack.pop()

    for i, pos in enumerate(bounds):
        ending = closing.get(pos, set())
        if ending & set(stack):
            reopen = []
            while ending & set(stack):
                top = pop()
                if top not in ending:
                    reopen.append(top)
            for span in reversed(reopen):
                push(span)
        for span in sorted(opening.get(pos, []), key=lambda s: -s.end):
            push(span)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos : bounds[i + 1]])))
    while stack:
        pop()
    return Markup("".join(out))

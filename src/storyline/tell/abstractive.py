"""Optional abstractive summaries through an OpenAI-compatible chat endpoint.

Off by default: the extractive summary is what storyline tells, and what it falls back to.
When the user configures an endpoint (``STORYLINE_LLM_URL``, ``STORYLINE_LLM_MODEL`` and, if
the server wants one, ``STORYLINE_LLM_API_KEY``), each timeline entry's extractive sentences
are sent, numbered, with the date; the model answers with JSON sentences that each name the
numbers they came from. Every generated sentence carries the citations of those source
sentences, so nothing it says is uncited. An answer that cites nothing, cites a number that
was not sent, is not JSON, or does not arrive (HTTP error, timeout) leaves that entry's
extractive summary as it was; the fallback is per entry, and each one is reported with its
reason (``Rewritten.fallbacks``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import httpx

from storyline.errors import StorylineError
from storyline.models import Citation, SummarySentence, TimelineEntry

PROMPT = (
    "You write one entry of a news timeline. Below are numbered sentences from news articles "
    "about what happened on {date}. Write at most {limit} short, factual sentences in English "
    "that say what happened, using only facts stated in the numbered sentences. Answer with "
    'JSON only, in the form {{"sentences": [{{"text": "...", "sources": [1, 2]}}]}}, where '
    "sources lists the numbers of the sentences each of your sentences is based on.\n\n"
    "{numbered}"
)


@dataclass(frozen=True)
class AbstractiveConfig:
    """Where the OpenAI-compatible endpoint is: ``base_url`` is the part before
    ``/chat/completions`` (e.g. ``http://127.0.0.1:8000/v1``)."""

    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 60.0
    max_sentences: int = 2

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AbstractiveConfig | None:
        """The configuration the environment gives, or None when no endpoint is set."""
        env = os.environ if env is None else env
        url = env.get("STORYLINE_LLM_URL", "").strip()
        if not url:
            return None
        model = env.get("STORYLINE_LLM_MODEL", "").strip()
        if not model:
            raise StorylineError("STORYLINE_LLM_URL is set but STORYLINE_LLM_MODEL is not")
        return cls(url.rstrip("/"), model, env.get("STORYLINE_LLM_API_KEY", "").strip())


@dataclass(frozen=True)
class Rewritten:
    entries: list[TimelineEntry]
    #: How many entries kept their extractive summary, and why (one reason per entry).
    fallbacks: list[str]


def rewrite_timeline(
    entries: Sequence[TimelineEntry],
    config: AbstractiveConfig,
    transport: httpx.BaseTransport | None = None,
) -> Rewritten:
    """Each entry with an abstractive summary where the endpoint gave a usable one."""
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    out: list[TimelineEntry] = []
    fallbacks: list[str] = []
    with httpx.Client(
        base_url=config.base_url, headers=headers, timeout=config.timeout, transport=transport
    ) as client:
        for entry in entries:
            try:
                summary = _rewrite_entry(client, config, entry)
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
                fallbacks.append(f"{entry.date.start}: {type(exc).__name__}: {exc}")
                out.append(entry)
                continue
            out.append(replace(entry, summary=summary))
    return Rewritten(out, fallbacks)


def _rewrite_entry(
    client: httpx.Client, config: AbstractiveConfig, entry: TimelineEntry
) -> tuple[SummarySentence, ...]:
    if not entry.summary:
        raise ValueError("no extractive sentences to rewrite")
    numbered = "\n".join(f"{i}. {s.text}" for i, s in enumerate(entry.summary, start=1))
    day = entry.date.best or entry.date.start
    date = day.isoformat() if entry.date.is_day else f"{entry.date.start} – {entry.date.end}"
    prompt = PROMPT.format(date=date, limit=config.max_sentences, numbered=numbered)
    response = client.post(
        "/chat/completions",
        json={
            "model": config.model,
            "temperature": 0,
            "messages": [{"role": "user", "content": prompt}],
        },
    )
    response.raise_for_status()
    content = response.json()["choices"][0]["message"]["content"]
    return _sentences(content, entry.summary, config.max_sentences)


def _sentences(
    content: str, sources: Sequence[SummarySentence], limit: int
) -> tuple[SummarySentence, ...]:
    """The model's sentences, each with the citations of the sources it names."""
    found = re.search(r"\{.*\}", content, re.DOTALL)
    if found is None:
        raise ValueError("the answer holds no JSON object")
    items = json.loads(found.group(0))["sentences"]
    if not isinstance(items, list) or not items:
        raise ValueError("the answer has no sentences")
    result = []
    for item in items[:limit]:
        text = " ".join(str(item["text"]).split())
        numbers = item["sources"]
        if not text or not isinstance(numbers, list) or not numbers:
            raise ValueError("a generated sentence cites no source sentence")
        citations: list[Citation] = []
        for number in numbers:
            if not isinstance(number, int) or not 1 <= number <= len(sources):
                raise ValueError(f"a generated sentence cites {number!r}, which was not sent")
            for citation in sources[number - 1].citations:
                if citation not in citations:
                    citations.append(citation)
        result.append(SummarySentence(text, tuple(citations)))
    return tuple(result)

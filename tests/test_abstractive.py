"""Abstractive summaries through an OpenAI-compatible endpoint (faked at the HTTP transport):
every generated sentence carries its sources' citations; anything unusable falls back to the
extractive summary."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.core import Storyline
from storyline.errors import StorylineError
from storyline.models import Citation, DateInterval, SummarySentence, TimelineEntry
from storyline.tell.abstractive import AbstractiveConfig, rewrite_timeline

CONFIG = AbstractiveConfig("http://127.0.0.1:9/v1", "tiny-model", api_key="sk-test")
A1 = Citation("a1", 0, 40)
A2 = Citation("a2", 10, 60)
B1 = Citation("b1", 5, 50)


def _entry(day: int) -> TimelineEntry:
    return TimelineEntry(
        story_id="st-1",
        date=DateInterval.day(dt.date(2024, 2, day)),
        status="happened",
        summary=(
            SummarySentence("Officials from three countries met in Washington.", (A1, A2)),
            SummarySentence("They announced a joint migration plan.", (B1,)),
        ),
        sources=("a1", "a2", "b1"),
        independent_sources=2,
    )


def _answer(content: str) -> dict[str, Any]:
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


def test_generated_sentences_carry_the_citations_of_their_sources() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        content = json.dumps(
            {
                "sentences": [
                    {
                        "text": "Three countries agreed a migration plan in Washington.",
                        "sources": [1, 2],
                    },
                ]
            }
        )
        return httpx.Response(200, json=_answer("Here it is: " + content))

    result = rewrite_timeline([_entry(28)], CONFIG, httpx.MockTransport(handler))
    assert result.fallbacks == []
    (entry,) = result.entries
    (sentence,) = entry.summary
    assert sentence.text == "Three countries agreed a migration plan in Washington."
    assert sentence.citations == (A1, A2, B1)
    request = seen[0]
    assert request.url == "http://127.0.0.1:9/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    body = json.loads(request.content)
    assert body["model"] == "tiny-model"
    prompt = body["messages"][0]["content"]
    assert "2024-02-28" in prompt
    assert "1. Officials from three countries met in Washington." in prompt
    assert entry.sources == ("a1", "a2", "b1")  # the rest of the entry is untouched


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(500, text="overloaded"),
        httpx.Response(200, json=_answer("I cannot help with that.")),
        httpx.Response(200, json=_answer('{"sentences": [{"text": "Made up.", "sources": []}]}')),
        httpx.Response(200, json=_answer('{"sentences": [{"text": "Made up.", "sources": [7]}]}')),
        httpx.Response(200, json={"error": "no choices"}),
    ],
    ids=["http-error", "no-json", "cites-nothing", "cites-unsent", "bad-shape"],
)
def test_an_unusable_answer_keeps_the_extractive_summary(reply: httpx.Response) -> None:
    result = rewrite_timeline([_entry(28)], CONFIG, httpx.MockTransport(lambda request: reply))
    assert result.entries == [_entry(28)]
    assert len(result.fallbacks) == 1 and result.fallbacks[0].startswith("2024-02-28")


def test_a_timeout_falls_back_per_entry() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(
            200, json=_answer('{"sentences": [{"text": "A plan was announced.", "sources": [2]}]}')
        )

    result = rewrite_timeline([_entry(27), _entry(28)], CONFIG, httpx.MockTransport(handler))
    assert result.entries[0] == _entry(27)
    assert result.entries[1].summary == (SummarySentence("A plan was announced.", (B1,)),)
    assert len(result.fallbacks) == 1


def test_off_unless_configured() -> None:
    assert AbstractiveConfig.from_env({}) is None
    config = AbstractiveConfig.from_env(
        {"STORYLINE_LLM_URL": "http://127.0.0.1:8000/v1/", "STORYLINE_LLM_MODEL": "m"}
    )
    assert config == AbstractiveConfig("http://127.0.0.1:8000/v1", "m", "")
    with pytest.raises(StorylineError):
        AbstractiveConfig.from_env({"STORYLINE_LLM_URL": "http://127.0.0.1:8000/v1"})


def test_the_seed_story_rewritten_keeps_every_citation(seed_db: Path) -> None:
    """Through the use case: each entry of the seed timelines is rewritten from its own
    sentences, and each generated sentence cites exactly what its sources cited."""
    plain = Storyline(seed_db).timelines()
    prompts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        prompt = json.loads(request.content)["messages"][0]["content"]
        prompts.append(prompt)
        first = prompt.split("\n1. ", 1)[1].split("\n", 1)[0]
        answer = {"sentences": [{"text": "In short: " + first, "sources": [1]}]}
        return httpx.Response(200, json=_answer(json.dumps(answer)))

    told, fallbacks = Storyline(seed_db).abstractive_timelines(
        None, CONFIG, httpx.MockTransport(handler)
    )
    assert fallbacks == []
    assert [t.story for t in told] == [t.story for t in plain]
    entries = [e for t in plain for e in t.entries if e.summary]
    assert len(prompts) == len(entries) > 0
    for before, after in zip(
        (e for t in plain for e in t.entries), (e for t in told for e in t.entries), strict=True
    ):
        assert after.date == before.date and after.sources == before.sources
        (sentence,) = after.summary
        assert sentence.text == "In short: " + before.summary[0].text
        assert sentence.citations == before.summary[0].citations


def test_the_cli_falls_back_when_the_endpoint_is_down(
    seed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.delenv("STORYLINE_LLM_URL", raising=False)
    result = runner.invoke(cli, ["timeline", "--db", str(seed_db), "--abstractive"])
    assert result.exit_code != 0 and "STORYLINE_LLM_URL" in result.output
    # Nothing listens on port 9 of this machine: every entry keeps its extractive summary.
    monkeypatch.setenv("STORYLINE_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("STORYLINE_LLM_MODEL", "m")
    down = runner.invoke(cli, ["timeline", "--db", str(seed_db), "--abstractive", "--json"])
    plain = runner.invoke(cli, ["timeline", "--db", str(seed_db), "--json"])
    assert down.exit_code == 0, down.output
    assert "kept the extractive summary" in down.stderr
    assert json.loads(down.stdout) == json.loads(plain.stdout)

"""Who said what: direct quotes in every quotation style, indirect speech, and rewrites whose
quotation marks were stripped, each with its cue and speaker.

Speakers are resolved through what the article itself says: a name next to the cue; a pronoun
("he said") to the person last named before it — the subject of the previous paragraph first,
since translated copy often gets pronoun gender wrong; a described source ("a senior U.S.
official") stays a description, never a guessed name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.models import Mention, Quote, Sentence

_CUES = (
    r"said|says|told(?:\s+reporters)?|added|noted|stated|warned|insisted|acknowledged|explained|"
    r"argued|announced|asserted|claimed|declared|believes|thinks|called\s+for|urged|wrote|"
    r"highlighted|emphasized|stressed|reiterated|dijo|afirmó|declaró|señaló|aseguró|indicó"
)
_OPEN_CLOSE = {'"': '"', "“": "”", "«": "»", "„": "“", "‘": "’"}
_QUOTE = re.compile(
    r'"[^"\n]{3,}?"|“[^”“\n]{3,}?”|«[^»«\n]{3,}?»|„[^“„\n]{3,}?“|‘[^’‘\n]{12,}?’(?!\w)'
)
_NOT_SPEECH_START = re.compile(
    r"(?:at|in|on|during|before|after|to|from|by|with|for|as|while|of)\b", re.IGNORECASE
)
_DESCRIBED = re.compile(
    r"\b((?:a|an|one|the|two|several|other)\s+(?:(?:senior|top|former|unnamed|anonymous|"
    r"administration|government|white\s+house|biden\s+administration|u\.s\.|us|american|"
    r"state\s+department|[A-Z][\w.]*)\s+){0,4}(?:official|officials|spokesperson|spokesman|"
    r"spokeswoman|source|sources|aide|aides|diplomat|diplomats))\b"
    r"|\b((?:senior\s+|top\s+)?(?:(?:Biden\s+)?administration\s+|U\.S\.\s+|US\s+|"
    r"White\s+House\s+|government\s+)?officials)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(he|she|they|He|She|They)\b")
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass(frozen=True)
class _Speaker:
    name: str
    start: int
    end: int
    description: str = ""


def find_quotes(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    language: str = "en",
) -> list[Quote]:
    """Every quote and attribution in ``text`` with its cue and speaker."""
    finder = _Finder(article_id, text, sentences, mentions)
    quotes = finder.direct()
    covered = [(q.start, q.end) for q in quotes]
    quotes += [
        q for q in finder.indirect() if not any(s < q.end and q.start < e for s, e in covered)
    ]
    return sorted(quotes, key=lambda q: (q.start, q.end))


class _Finder:
    def __init__(
        self,
        article_id: str,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
    ) -> None:
        self.article_id = article_id
        self.text = text
        self.sentences = list(sentences)
        self.people = [m for m in mentions if m.type == "PERSON"]
        self.speakers = [m for m in mentions if m.type in _SPEAKER_TYPES]

    def sentence_of(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    # -- direct ------------------------------------------------------------------------------

    def direct(self) -> list[Quote]:
        quotes = []
        for match in _QUOTE.finditer(self.text):
            start, end = match.start() + 1, match.end() - 1
            content = self.text[start:end].strip(" ,.")
            if len(content.split()) < 3:
                continue  # a scare-quoted phrase, not speech
            sentence = self.sentence_of(match.start())
            if sentence is None:
                continue
            cue = self._cue_near(sentence, match.start(), match.end())
            if cue is None:
                continue
            cue_start, cue_end, speaker = cue
            inner_start = start + (
                len(self.text[start:end]) - len(self.text[start:end].lstrip(" "))
            )
            quotes.append(
                self._quote(
                    inner_start,
                    inner_start + len(content),
                    "direct",
                    cue_start,
                    cue_end,
                    speaker,
                    sentence,
                )
            )
        return quotes

    def _cue_near(
        self, sentence: Sentence, q_start: int, q_end: int
    ) -> tuple[int, int, _Speaker] | None:
        """A speech cue in the quote's sentence (after it: '…," he said'; before it:
        'X said: "…"'), or the paragraph's reporting clause, with its speaker."""
        after = self.text[q_end : min(sentence.end + 120, len(self.text))]
        m = re.match(
            rf"[\s,.]*(?:(?P<s1>[^,.;\"“”«»]{{1,80}}?)\s+(?P<c1>{_CUES})|"
            rf"(?P<c2>{_CUES})\s+(?P<s2>[^,.;\"“”«»]{{1,80}}?))\b",
            after,
        )
        if m:
            cue_group = "c1" if m.group("c1") else "c2"
            cue_start, cue_end = q_end + m.start(cue_group), q_end + m.end(cue_group)
            speaker_group = "s1" if m.group("s1") else "s2"
            speaker = self._resolve(
                q_end + m.start(speaker_group), q_end + m.end(speaker_group), cue_start
            )
            if speaker:
                return cue_start, cue_end, speaker
        before = self.text[sentence.start : q_start]
        cues_before = list(re.finditer(rf"(?P<cue>{_CUES}|according\s+to)\b", before))
        if cues_before:
            m = cues_before[-1]
            cue_start, cue_end = sentence.start + m.start("cue"), sentence.start + m.end("cue")
            if m.group("cue").startswith("according"):
                speaker = self._resolve(cue_end, min(q_end + 80, sentence.end), cue_start)
            else:
                speaker = self._resolve(sentence.start, cue_start, cue_start)
            if speaker:
                return cue_start, cue_end, speaker
        # "…," according to X, after the quote
        m2 = re.search(r"according\s+to\s+", self.text[q_end : sentence.end])
        if m2:
            cue_start = q_end + m2.start()
            speaker = self._resolve(q_end + m2.end(), sentence.end, cue_start)
            if speaker:
                return cue_start, q_end + m2.end() - 1, speaker
        return None

    # -- indirect ----------------------------------------------------------------------------

    def indirect(self) -> list[Quote]:
        quotes = []
        pattern = re.compile(rf"(?P<cue>{_CUES})(?:\s+(?:that|reporters(?:\s+that)?))?\s+")
        for sentence in self.sentences:
            s_text = sentence.text
            for m in pattern.finditer(s_text):
                cue_start, cue_end = sentence.start + m.start("cue"), sentence.start + m.end("cue")
                content_start = sentence.start + m.end()
                content = self.text[content_start : sentence.end].rstrip(" .")
                if len(content.split()) < 4 or content[:1] in '"“«„‘':
                    continue
                if _NOT_SPEECH_START.match(content):
                    continue  # "said at a press conference": the cue has no content here
                speaker = self._resolve(sentence.start, cue_start, cue_start, require_near=True)
                if speaker is None:
                    continue
                quotes.append(
                    self._quote(
                        content_start,
                        content_start + len(content),
                        "indirect",
                        cue_start,
                        cue_end,
                        speaker,
                        sentence,
                    )
                )
                break
            else:
                quotes.extend(self._trailing_attribution(sentence))
        return quotes

    def _trailing_attribution(self, sentence: Sentence) -> list[Quote]:
        """'The talks will focus on X, U.S. officials said.' and '…, according to X.'"""
        m = re.search(
            rf",\s+(?:(?P<s>[^,]{{2,80}}?)\s+(?P<cue>{_CUES})|(?P<acc>according\s+to)\s+"
            rf"(?P<s2>[^,]{{2,80}}?))(?:\s+(?:on|in|at|last|this)\s+[^,]{{1,30}}|"
            rf"\s+\w+day)?\.?$",
            sentence.text,
        )
        if not m:
            return []
        cue_group = "cue" if m.group("cue") else "acc"
        speaker_group = "s" if m.group("s") else "s2"
        cue_start = sentence.start + m.start(cue_group)
        speaker = self._resolve(
            sentence.start + m.start(speaker_group),
            sentence.start + m.end(speaker_group),
            cue_start,
        )
        if speaker is None:
            return []
        content_end = sentence.start + m.start()
        content = self.text[sentence.start : content_end]
        if len(content.split()) < 4:
            return []
        return [
            self._quote(
                sentence.start,
                content_end,
                "indirect",
                cue_start,
                sentence.start + m.end(cue_group),
                speaker,
                sentence,
            )
        ]

    # -- speakers ----------------------------------------------------------------------------

    def _resolve(
        self, start: int, end: int, cue: int, require_near: bool = False
    ) -> _Speaker | None:
        """The speaker named in ``text[start:end]``: a name mention (the one nearest the cue),
        a pronoun resolved to a person, or a described unnamed source."""
        described = list(_DESCRIBED.finditer(self.text, start, end))
        if described:
            d = min(described, key=lambda m: abs(m.start() - cue))
            # "Nuñez-Neto, the top Homeland Security official ..., said": the name is the speaker.
            for person in self.people:
                if start <= person.start and re.fullmatch(
                    r",\s*", self.text[person.end : d.start()]
                ):
                    return _Speaker(self._full_name(person), person.start, person.end)
            if not require_near or self._near(d.end(), cue):
                return _Speaker("", d.start(), d.end(), d.group(0))
        inside = [m for m in self.speakers if start <= m.start and m.end <= end]
        for types in (("PERSON",), ("ORG",), ("GPE",)):
            ranked = [m for m in inside if m.type in types]
            if not ranked:
                continue
            # The subject comes first: "Ebrard, the Mexican foreign minister, acknowledged".
            chosen = ranked[0]
            if not require_near or self._near(chosen.end, cue):
                return _Speaker(self._full_name(chosen), chosen.start, chosen.end)
            break
        pronouns = list(_PRONOUN.finditer(self.text, start, end))
        if pronouns:
            p = pronouns[-1]
            if not require_near or self._near(p.end(), cue):
                referent = self._antecedent(p.start(), p.group(1).lower())
                if referent is not None:
                    return _Speaker(self._full_name(referent), referent.start, referent.end)
        return None

    def _near(self, end: int, cue: int) -> bool:
        """The subject sits right before its cue (a short gap: 'Blinken said', 'He told')."""
        gap = self.text[end:cue]
        return len(gap) <= 60 and not re.search(r"[.;]\s", gap)

    def _antecedent(self, offset: int, pronoun: str) -> Mention | None:
        """The person a pronoun refers to: the last named before it in its paragraph, else the
        subject of the previous paragraph when it names exactly one person."""
        before = [m for m in self.people if m.end <= offset]
        if not before:
            return None
        sentence = self.sentence_of(offset)
        paragraph = sentence.paragraph if sentence else -1
        same = [m for m in before if self._paragraph(m.start) == paragraph]
        if same:
            return same[-1]
        previous = [m for m in before if self._paragraph(m.start) == paragraph - 1]
        names = {self._full_name(m) for m in previous}
        if len(names) == 1:
            return previous[-1]
        del pronoun
        return before[-1]

    def _paragraph(self, offset: int) -> int:
        sentence = self.sentence_of(offset)
        return sentence.paragraph if sentence else -1

    def _full_name(self, mention: Mention) -> str:
        """'Ebrard' → 'Marcelo Ebrard' when the article named him in full."""
        if " " in mention.text or mention.type != "PERSON":
            return mention.text
        for other in self.people:
            if other.text.endswith(" " + mention.text):
                return other.text
        return mention.text

    def _quote(
        self,
        start: int,
        end: int,
        kind: str,
        cue_start: int,
        cue_end: int,
        speaker: _Speaker,
        sentence: Sentence,
    ) -> Quote:
        return Quote(
            article_id=self.article_id,
            start=start,
            end=end,
            text=self.text[start:end],
            kind="direct" if kind == "direct" else "indirect",
            cue=self.text[cue_start:cue_end],
            cue_start=cue_start,
            cue_end=cue_end,
            speaker=speaker.name,
            speaker_start=speaker.start,
            speaker_end=speaker.end,
            speaker_description=speaker.description,
            sentence=sentence.index,
        )

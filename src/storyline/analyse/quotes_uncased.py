"""Who said what in Chinese, Arabic and Turkish, which the main reader
(:mod:`storyline.analyse.quotes`) cannot read: it finds names by their capitals and words by
the spaces between them, and the verb of saying before or right after its subject; Chinese
has no capitals nor spaces, Arabic no capitals and its verb before its subject, Turkish its
verb at the end of the sentence.

Each language's news says who spoke in a few fixed shapes, read here by patterns:

* Chinese: the speaker, a verb of saying and a colon or comma, then a quote or the rest of
  the sentence ("美国国务卿蓬佩奥表示，…", "他说：“…”"); or the quote first ("“…”，他说。");
* Arabic: the verb first, then the speaker, then "that" (إن / أن) or a colon and what was
  said ("وقال الرئيس الأمريكي إن …", "قالت الوزارة: «…»"); or "according to" (وفقا لـ, حسب);
* Turkish: the speaker opening the sentence before a comma, then a quote and "dedi", or what
  was said as a clause made a noun and the verb ending the sentence ("Erdoğan, ekonominin
  güçlü olduğunu söyledi").

No NER model reads Chinese or Arabic here, so the speaker is the phrase the sentence gives
("美国国务卿蓬佩奥", the US Secretary of State Pompeo; "الرئيس الأمريكي", the American
president), not a resolved name; it is kept as the quote's speaker and its description.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from storyline.ingest.language import language_code
from storyline.models import Quote, Sentence

#: "说" only where it is the verb: "来说" (as for), "据说" (it is said), "小说" (a novel),
#: "演说" (a speech), "传说" (a legend), "听说" (heard) are not.
_ZH_VERBS = (
    "表示|说道|(?<![来据小演传听解])说|称|指出|强调|认为|告诉记者|透露|宣布|坦言|回应|警告|"
    "补充说|声称|写道"
)
#: Words that open the clause, not the speaker ("并补充说": and added; "据警方称":
#: according to the police).
_ZH_OPENERS = "并还也又但而且就则据"
#: The speaker: the characters since the sentence's last stop or comma (up to 20: "他", he,
#: or "美国国务卿蓬佩奥").
_ZH_SPEAKER = r"(?P<speaker>[^，,。！？；;：:“”「」\s]{1,20}?)"
_ZH_SPEAKER_FIRST = re.compile(
    rf"{_ZH_SPEAKER}(?P<cue>{_ZH_VERBS})[：:，,]\s*"
    r"(?:[“「](?P<direct>[^”」]{2,})[”」]|(?P<content>[^。！？!?]{4,}))"
)
_ZH_QUOTE_FIRST = re.compile(
    r"[“「](?P<direct>[^”」]{2,})[”」]\s*[，,]?\s*"
    rf"{_ZH_SPEAKER}(?P<cue>{_ZH_VERBS})(?=[。！？!?，,]|$)"
)

_AR_VERBS = (
    "قال|قالت|أكد|أكدت|أضاف|أضافت|أوضح|أوضحت|صرح|صرحت|أعلن|أعلنت|ذكر|ذكرت|أشار|أشارت|"
    "اعتبر|اعتبرت|شدد|شددت"
)
_AR_VERB_FIRST = re.compile(
    rf"(?<![\w])(?:و|ف)?(?P<cue>{_AR_VERBS})\s+(?P<speaker>[^،,.:؛«»\"\n]{{3,60}}?)\s*"
    r"(?:(?:إلى\s+)?(?:إن|أن|إنه|أنه|إنها|أنها)\s+(?P<content>[^.!?؟\n]{4,})"
    r"|[:：]\s*(?:[«\"“](?P<direct>[^»\"”]{2,})[»\"”]|(?P<content2>[^.!?؟\n]{4,})))"
)
_AR_ACCORDING = re.compile(
    r"(?<![\w])(?:و|ف)?(?P<cue>وفقا ل|وفقاً ل|حسب|بحسب)(?:ـ)?\s*"
    r"(?P<speaker>[^،,.:؛«»\"\n]{3,60}?)\s*[،,]\s*(?P<content>[^.!?؟\n]{4,})"
)

_TR_VERBS = (
    "dedi|söyledi|belirtti|ifade etti|açıkladı|kaydetti|vurguladı|bildirdi|ekledi|"
    "dile getirdi|konuştu|aktardı|savundu|iddia etti"
)
#: The speaker opening the sentence, before its comma: a name or a description ("Sağlık
#: Bakanı Fahrettin Koca,").
_TR_SPEAKER = r"(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))(?P<speaker>[^,.!?“”\"\n]{2,60}?),\s*"
_TR_DIRECT = re.compile(
    rf"{_TR_SPEAKER}[“\"](?P<direct>[^”\"]{{2,}})[”\"]\s*(?:diye\s+)?(?P<cue>{_TR_VERBS})\b"
)
#: What was said as Turkish reports it, a clause made a noun ("...-dığını söyledi": said
#: that ...), up to the verb that ends the sentence.
_TR_REPORTED = re.compile(
    rf"{_TR_SPEAKER}(?P<content>[^.!?“”\"\n]{{6,}}?(?:d|t)(?:ı|i|u|ü)ğ(?:ı|i|u|ü)n(?:ı|i|u|ü)"
    rf"|[^.!?“”\"\n]{{6,}}?(?:a|e)ca(?:ğ|k)ın(?:ı)|[^.!?“”\"\n]{{6,}}?(?:a|e)ce(?:ğ|k)in(?:i))"
    rf"\s+(?P<cue>{_TR_VERBS})\b"
)
#: A Turkish speaker: words with no figure, not a headline in capitals, not a place
#: ("İzmir'in Menemen ilçesinde", in Menemen district of İzmir), not "according to" ("Yonhap
#: ajansının haberine göre": what follows names who spoke).
_TR_SPEAKER_LIKE = re.compile(
    r"(?=.*[A-ZÇĞİÖŞÜ][a-zçğıöşü])(?!.*\d)(?!.*(?:nde|nda|['’](?:de|da|te|ta)|\bgöre)$).+"
)
#: What the speaker's place may hold that names nobody: a preposition the verb takes.
_NO_SPEAKERS = frozenset({"إلى"})
#: The languages read here.
LANGUAGES = frozenset({"zh", "ar", "tr"})


def find_uncased_quotes(
    article_id: str, text: str, sentences: Sequence[Sentence], language: str
) -> list[Quote]:
    """The quotes of a Chinese or an Arabic text, in text order, none overlapping another."""
    code = language_code(language)
    patterns = {
        "zh": (_ZH_SPEAKER_FIRST, _ZH_QUOTE_FIRST),
        "ar": (_AR_VERB_FIRST, _AR_ACCORDING),
        "tr": (_TR_DIRECT, _TR_REPORTED),
    }.get(code, ())
    starts = [s.start for s in sentences]
    found: list[Quote] = []
    taken: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            quote = _quote(article_id, match, starts)
            if quote is None or any(quote.start < e and s < quote.end for s, e in taken):
                continue
            taken.append((quote.start, quote.end))
            found.append(quote)
    return sorted(found, key=lambda q: q.start)


def _quote(article_id: str, match: re.Match[str], starts: list[int]) -> Quote | None:
    groups = [
        g for g in ("direct", "content", "content2") if g in match.re.groupindex and match.group(g)
    ]
    if not groups:
        return None
    group = groups[0]
    written = match.group(group)
    said = written.strip().rstrip("，,、")
    if not said:
        return None
    start = match.start(group) + len(written) - len(written.lstrip())
    end = start + len(said)
    written_speaker = match.group("speaker")
    speaker = written_speaker.strip().lstrip(_ZH_OPENERS)
    if not speaker or speaker in _NO_SPEAKERS:
        return None  # "وأشار إلى أن" (he pointed to): no speaker named, none guessed
    if match.re in (_TR_DIRECT, _TR_REPORTED) and not _TR_SPEAKER_LIKE.fullmatch(speaker):
        return None
    speaker_start = match.start("speaker") + written_speaker.index(speaker)
    return Quote(
        article_id=article_id,
        start=start,
        end=end,
        text=said,
        kind="direct" if group == "direct" else "indirect",
        cue=match.group("cue"),
        cue_start=match.start("cue"),
        cue_end=match.end("cue"),
        speaker=speaker,
        speaker_start=speaker_start,
        speaker_end=speaker_start + len(speaker),
        speaker_description=speaker,
        sentence=max(0, bisect.bisect_right(starts, start) - 1) if starts else -1,
    )

"""Who said what in Chinese and Arabic (analyse/quotes_uncased.py): the main reader finds
names by their capitals and words by spaces, so these languages had no quotes at all."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyse.quotes import find_quotes
from storyline.analyse.sentences import split_sentences


def _quotes(text: str, language: str) -> list[tuple[str, str, str]]:
    found = find_quotes("a", text, split_sentences("a", text), [], language)
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
        assert text[quote.speaker_start : quote.speaker_end] == quote.speaker
    return [(q.kind, q.speaker, q.text) for q in found]


def test_chinese_quotes_with_the_speaker_before_or_after() -> None:
    text = (
        "美国国务卿蓬佩奥表示，美国将继续支持盟友。他说：“我们不会退缩。”"
        "“这是一个好消息，”发言人说。"
    )
    assert _quotes(text, "zh") == [
        ("indirect", "美国国务卿蓬佩奥", "美国将继续支持盟友"),
        ("direct", "他", "我们不会退缩。"),
        ("direct", "发言人", "这是一个好消息"),
    ]


def test_arabic_quotes_with_the_verb_before_the_speaker() -> None:
    text = (
        "وقال الرئيس الأمريكي إن الولايات المتحدة ستدعم مصر. وقالت الوزارة: «سنواصل العمل». "
        "ووفقا لـ الصحيفة، فإن الاجتماع سيعقد غدا."
    )
    assert _quotes(text, "ar") == [
        ("indirect", "الرئيس الأمريكي", "الولايات المتحدة ستدعم مصر"),
        ("direct", "الوزارة", "سنواصل العمل"),
        ("indirect", "الصحيفة", "فإن الاجتماع سيعقد غدا"),
    ]


@given(
    st.text(
        alphabet=st.sampled_from("他说表示：:，,。“”「」美国 وقال إن الرئيس «»،."), max_size=80
    ),
    st.sampled_from(["zh", "ar"]),
)
def test_any_text_gives_quotes_that_are_its_spans_and_do_not_overlap(
    text: str, language: str
) -> None:
    found = find_quotes("a", text, split_sentences("a", text), [], language)
    spans = sorted((q.start, q.end) for q in found)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
    for quote in found:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text


def test_regression_words_that_are_no_speaker_or_no_verb() -> None:
    """ "并补充说" (and added) gave the speaker "并" (and); "对于美国人来说" (as for Americans)
    read "说" as "said"; "وأشار إلى أن" (he pointed to that) gave the speaker "إلى" (to)."""
    assert _quotes("马歇尔今天说，警察将加倍努力，并补充说，2020年将是行动之年。", "zh") == [
        ("indirect", "马歇尔今天", "警察将加倍努力，并补充说，2020年将是行动之年")
    ]
    assert _quotes("对于美国人来说，这是一个好年头。", "zh") == []
    assert _quotes("وأشار إلى أن الوضع الحالي صعب.", "ar") == []
    assert _quotes("أشار الاقتصاديون إلى أن الاقتصاد قوي.", "ar") == [
        ("indirect", "الاقتصاديون", "الاقتصاد قوي")
    ]


def test_regression_according_to_is_no_part_of_the_speaker() -> None:
    assert _quotes("据警方称，该男子随后离开。", "zh") == [("indirect", "警方", "该男子随后离开")]


def test_turkish_quotes_with_the_verb_at_the_end() -> None:
    text = (
        'Sağlık Bakanı Fahrettin Koca, "Vaka sayısı azalıyor" dedi. Erdoğan, ekonominin güçlü '
        "olduğunu söyledi. Bakan, yeni tedbirlerin alınacağını açıkladı. Hava güzeldi."
    )
    assert _quotes(text, "tr") == [
        ("direct", "Sağlık Bakanı Fahrettin Koca", "Vaka sayısı azalıyor"),
        ("indirect", "Erdoğan", "ekonominin güçlü olduğunu"),
        ("indirect", "Bakan", "yeni tedbirlerin alınacağını"),
    ]

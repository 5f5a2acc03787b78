"""The quote reader's second read (with the cue model's cues) starts from what the first read
found of the text, not from what the first read noted: it gives what a new reader gives."""

from __future__ import annotations

from pathlib import Path

from storyline.analyse.entities import find_mentions
from storyline.analyse.quotes import _learned_cues, _Reader
from storyline.analyse.sentences import split_sentences
from storyline.analyse.speakers import Speaker, SpeakerIndex
from storyline.models import Mention

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"


def test_a_second_read_gives_what_a_new_reader_gives_on_the_seeds() -> None:
    read = 0
    for path in sorted(SEEDS.glob("*")):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences("a", text)
        mentions = find_mentions("a", text, sentences)
        first = _Reader("a", text, sentences, mentions, "en")
        quotes = first.read()
        ruled = sorted({(q.cue_start, q.cue_end) for q in quotes if q.cue_start >= 0})
        # The model's cues stand in as the rules' cues less every other one, plus a word the
        # rules do not read: the second read must not lean on the first's notes.
        cues = _learned_cues(text, ruled, ruled[::2])
        fresh = _Reader("a", text, sentences, mentions, "en")
        again = first.again()
        assert again.read(cues) == fresh.read(cues)
        assert again.source_of == fresh.source_of
        read += len(quotes)
    assert read > 20


def test_a_copied_speaker_index_forgets_the_speakers_noted_since_it_was_built() -> None:
    text = "Anna Lind spoke. Later she said no. Officials said yes."
    mentions = [Mention("a", 0, 9, "Anna Lind", "PERSON", 0)]
    built = SpeakerIndex(text, mentions, [(0, len(text))], [0, 17, 36])
    as_built = (list(built.occurrences), list(built.described))
    assert as_built[0]
    built.note_speaker(Speaker("Anna Lind", 0, 9), 27)
    built.note_speaker(Speaker("", 36, 45, description="Officials", kind="described"), 46)
    assert (built.occurrences, built.described) != as_built
    copied = built.copy()
    assert (copied.occurrences, copied.described) == as_built
    assert copied._occurrence_starts == [o[0] for o in as_built[0]]
    assert copied.people is built.people  # what was built is shared, not made again

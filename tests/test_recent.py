"""The keeper of recent texts' results drops the one read or put longest ago."""

from __future__ import annotations

from storyline.recent import Recent, text_digest


def test_the_value_read_or_put_longest_ago_is_dropped_past_the_limit() -> None:
    kept: Recent[str] = Recent(2)
    kept.put(b"a", "first")
    kept.put(b"b", "second")
    assert kept.get(b"a") == "first"  # now the latest
    kept.put(b"c", "third")
    assert b"b" not in kept and kept.get(b"a") == "first" and kept.get(b"c") == "third"
    assert len(kept) == 2
    kept.limit = 1
    kept.put(b"d", "fourth")
    assert len(kept) == 1 and kept.get(b"d") == "fourth"
    kept.clear()
    assert len(kept) == 0 and kept.get(b"d") is None


def test_a_digest_keys_on_the_text_and_what_is_added() -> None:
    assert text_digest("On Monday").digest() == text_digest("On Monday").digest()
    assert text_digest("On Monday").digest() != text_digest("on Monday").digest()
    more = text_digest("On Monday")
    more.update(b"sentences")
    assert more.digest() != text_digest("On Monday").digest()

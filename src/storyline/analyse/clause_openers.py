"""Capitalised words that open a clause rather than belong to a name or a title.

A capital letter marks a name, and also a sentence's first word: "But Antony Blinken said",
"Despite President Obama's plea", "On Thursday British Prime Minister ...". Whoever reads a run
of capitalised words as a name or a person's role (``analyse.speakers`` for a quote's speaker,
``analyse.entities`` for the role before a name) leaves these out of it. One list, so that a
word is a clause's opener to both: conjunctions, prepositions, adverbs that open a sentence,
pronouns and determiners, weekdays and months (a date opening the clause), and their Spanish,
Polish and Russian counterparts in the languages the quote rules read.
"""

from __future__ import annotations

CLAUSE_OPENERS = frozenset(
    """
    But And Or Nor So Yet However Instead Meanwhile Also Still Then Now Thus Indeed Only Even
    Asked Speaking Says Said Yes No
    In On At For From With Without By As Of To After Before During While When Whenever Where
    Why How What Who Although Though If Because Since Until Unless Despite Following Including
    Like Unlike Under Over Against Among Between Through
    Earlier Later Last This That These Those It Its Their There Here We I You He She They
    A An The One Some Many Most Both Either Neither Other
    Pero Y O Sin Según En Con Por Para Durante Tras Ante Mientras
    Jak Ale Jednak Według Jako Как Но Однако По
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December
    """.split()
)

"""Who said what: direct quotes in every quotation style, indirect speech, mixed quotes and
rewrites whose quotation marks were stripped, each with its cue and its speaker.

How it reads an article:

1. :mod:`storyline.analyse.quote_marks` finds the quoted stretches (any style, nested, across
   paragraphs).
2. Every speech cue is found — a reporting verb (said, told, added, noted, warned, insisted,
   stated, acknowledged, believes, called for …) or "according to" — and the speaker phrase next
   to it is read (:mod:`storyline.analyse.speakers`): before the verb (``Blinken said``, skipping
   an apposition: ``Ebrard, the Mexican foreign minister, acknowledged``), after it (``said
   Blinken``, ``according to the State Department``), or, for a verb coordinated with an earlier
   one (``… and emphasized that``), the subject of that one.
3. Each cue attributes, in this order: the quoted stretch just before it (``"…," he said``);
   the quoted stretch just after it (``X said, «…»``, ``said … on Wednesday that, "…"``,
   ``described by one official as "…"``); otherwise the content it introduces, as indirect
   speech: after the verb (``X said (that) …``, ``X told reporters …``, ``X called for …``), or
   before it (``…, the White House said on Friday.``, ``…, according to X.``), or around it
   (``The talks, the officials added, will …``). Quoted fragments inside indirect content make a
   mixed quote, reported as one indirect quote rather than as loose fragments; a rewrite that
   stripped the quotation marks ("Blinken said that the Panama talks are intended …") is read the
   same way.
4. A quoted stretch with no cue of its own continues the quote before it in the same paragraph
   (``"…," he told reporters Wednesday. "We have an optimistic vision …"``), or, when it opens
   its paragraph, the attributed quote closing the paragraph before. Any other quoted stretch —
   a scare-quoted phrase or a name ("Three Amigos", so-called "Safe Mobility Offices") — is not
   a quote.

English is the target; for ``language="es"`` the same reading runs with Spanish cues (dijo,
afirmó, según, declaró, señaló, aseguró …), «» quotes and subject-less verbs ("«…», dijo.").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from copy import copy as shallow_copy
from dataclasses import dataclass
from functools import lru_cache

from storyline.analyse.covered import Covered
from storyline.analyse.quote_marks import QuotedSpan, find_quoted_spans
from storyline.analyse.quotes_uncased import LANGUAGES as UNCASED_QUOTE_LANGUAGES
from storyline.analyse.quotes_uncased import find_uncased_quotes
from storyline.analyse.sentences import MAX_SENTENCE_CHARS, split_paragraphs, usable_sentences
from storyline.analyse.speakers import DESCRIBED_HEADS, Phrase, Speaker, SpeakerIndex
from storyline.ingest.language import language_code
from storyline.models import Mention, Quote, Sentence


@dataclass(frozen=True)
class _Language:
    #: Reporting verbs that introduce speech with or without "that".
    verbs: frozenset[str]
    #: Verbs that report speech only with a "that" clause ("reported that", "expects that").
    weak_verbs: frozenset[str]
    #: Multi-word cues ("called for", "pointed out").
    phrases: tuple[str, ...]
    according: str
    complementiser: str
    #: Verbs whose object is the listener, not the content ("told reporters that …").
    listener_verbs: frozenset[str]
    #: Verbs that can be used without a subject (pro-drop languages).
    pro_drop: bool
    #: Whether the source commonly follows its verb after the content ("…, sagte Merkel", "…,
    #: a déclaré Macron", "…, afirmó Blinken"), so that a name before the comma is of the
    #: content, not the source.
    inverts: bool = False


_EN = _Language(
    verbs=frozenset(
        """
        said say says saying told tell tells added adds adding noted stated warned warns
        insisted insists acknowledged acknowledges believes believe believed explained explains
        argued argues claimed reiterated reiterates stressed stresses emphasized emphasised
        emphasizes emphasises confirmed confirms declared declares wrote writes asked asks
        replied replies responded answered recalled predicted predicts suggested suggests urged
        urges contended cautioned cautions conceded concedes admitted
        admits promised pledged vowed mentioned observed remarked testified asserted asserts
        estimated described describes complained complains denied denies joked quipped boasted
        bemoaned lamented countered retorted tweeted exclaimed recounted alleged speculated
        underscored
        """.split()
    ),
    # Also nouns ("two states", "his claims", "the notes"): cues only with a "that" clause.
    weak_verbs=frozenset(
        "reported reports announced announces thinks think hopes expects fears agreed agrees "
        "found showed shows indicated indicates revealed reveals states notes claims estimates "
        "promises pledges vows maintained maintains".split()
    ),
    phrases=("called for", "calls for", "pointed out", "points out", "went on to say"),
    according="according to",
    complementiser="that",
    listener_verbs=frozenset("told tell tells asked asks".split()),
    pro_drop=False,
)


def _inverting(
    verbs: str,
    weak: str,
    according: str,
    complementiser: str,
    *,
    pro_drop: bool,
    phrases: tuple[str, ...] = (),
) -> _Language:
    """A language whose source may follow its verb after what was said (see ``inverts``)."""
    return _Language(
        verbs=frozenset(verbs.split()),
        weak_verbs=frozenset(weak.split()),
        phrases=phrases,
        according=according,
        complementiser=complementiser,
        listener_verbs=frozenset(),
        pro_drop=pro_drop,
        inverts=True,
    )


_ES_VERBS = """dijo dice dijeron afirmó afirma afirmaron declaró declara declararon señaló
    señala señalaron aseguró asegura aseguraron indicó indica explicó explica añadió agregó
    sostuvo manifestó expresó advirtió insistió subrayó destacó reconoció comentó apuntó
    precisó recalcó enfatizó denunció"""
_ES = _inverting(
    _ES_VERBS,
    "informó anunció cree considera",
    "según",
    "que",
    pro_drop=True,
    # "..., según dijo la ministra": "según" and its verb are one cue, the source after it.
    phrases=tuple(sorted(f"según {verb}" for verb in _ES_VERBS.split())),
)
_DE = _inverting(
    """sagte sagt sagten erklärte erklärt betonte betont bekräftigte warnte warnt kritisierte
    kritisiert forderte fordert berichtete räumte meinte meint ergänzte unterstrich
    versicherte schrieb""",
    "glaubt hofft erwartet fürchtet",
    "laut",
    "dass",
    pro_drop=False,
    phrases=("fügte hinzu", "teilte mit"),
)
_FR = _inverting(
    """déclaré dit affirmé indiqué ajouté souligné expliqué estimé assuré précisé rappelé
    averti insisté annoncé déclare affirme indique ajoute souligne explique estime assure
    précise""",
    "pense croit espère",
    "selon",
    "que",
    pro_drop=False,
)
_IT = _inverting(
    """detto dichiarato affermato spiegato aggiunto sottolineato precisato ribadito annunciato
    assicurato dice afferma spiega aggiunge sottolinea dichiara""",
    "pensa crede spera",
    "secondo",
    "che",
    pro_drop=True,
)
_PT = _inverting(
    """disse afirmou declarou explicou acrescentou destacou ressaltou garantiu anunciou diz
    afirma declara explica""",
    "acredita espera",
    "segundo",
    "que",
    pro_drop=True,
)
_PL = _inverting(
    """powiedział powiedziała powiedzieli mówi mówił mówiła stwierdził stwierdziła
    stwierdzili oświadczył oświadczyła dodał dodała dodali podkreślił podkreśliła zaznaczył
    zaznaczyła wyjaśnił wyjaśniła przekazał przekazała ocenił oceniła przyznał przyznała
    zapewnił zapewniła ostrzegł ostrzegła napisał napisała zauważył zauważyła""",
    "poinformował poinformowała zapowiedział zapowiedziała uważa",
    "według",
    "że",
    pro_drop=True,
)
_RU = _inverting(
    """сказал сказала сказали заявил заявила заявили отметил отметила отметили подчеркнул
    подчеркнула добавил добавила пояснил пояснила рассказал рассказала указал указала
    признал признала написал написала говорит говорится считает""",
    "сообщил сообщила сообщили",
    "по словам",
    "что",
    pro_drop=True,
)
#: The cue sets by language (two letters); English for any other.
_LANGUAGES = {"es": _ES, "de": _DE, "fr": _FR, "it": _IT, "pt": _PT, "pl": _PL, "ru": _RU}


def _inflections(base: str) -> set[str]:
    """A regular English verb's forms: base, -s, -ed, -ing ("argue" → argues, argued,
    arguing; "criticize" → criticized; "cite" → citing)."""
    if base.endswith("e"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return {base, base + "es", base + "ed", base + "ing"}
    return {base, base + "s", base + "ed", base + "ing"}


#: Attribution in the wide sense that PARC-style corpora annotate: besides saying, what a
#: source thinks, wants, intends, judges or shows. Verb classes of English (communication,
#: cognition, desire and intention, evaluation, evidence), not a benchmark's words.
_BROAD_REGULAR = """
    announce argue assert claim contend declare explain insist maintain mention note reply
    respond state suggest tweet add acknowledge admit agree allege answer assure boast caution
    comment complain concede confirm deny describe dismiss disclose emphasize emphasise hint
    indicate predict promise pledge propose recall recommend reiterate reject remark report
    reveal stress testify urge vow warn believe doubt expect fear hope worry suspect consider
    assume imagine recognize recognise realize realise want plan intend wish prefer demand
    request refuse decline offer threaten support oppose endorse favor favour praise blast slam
    attack accuse blame call cite criticize criticise condemn decry denounce lambast mock
    ridicule question challenge defend conclude liken echo insist stress applaud
    welcome accept acknowledge argue caution counter dispute contest insist lament regret
    inform notify advise brief remind alert talk lecture discuss debate shout scream yell
    whisper mutter murmur chant protest object commend congratulate fault rebuke reprimand
    thank deride anticipate discover foresee observe presume characterize characterise depict
    portray dub regard aim attempt encourage invite pressure swear guarantee concur
    disagree demonstrate prove imply continue outline detail
    """
_BROAD_IRREGULAR = """
    say says said saying tell tells told telling think thinks thought thinking write writes
    wrote written writing feel feels felt feeling know knows knew known knowing find finds found
    finding show shows showed shown showing understand understands understood sing sings sang
    singing swore sworn
    """
#: Forms that double as nouns ("his plans", "the support", "a call"): cues only where no
#: determiner or possessive stands just before them.
_NOUN_FORMS = frozenset(
    """
    plan plans support want wants call calls hope hopes fear fears doubt doubts promise promises
    pledge pledges offer offers attack attacks claim claims demand demands report reports
    estimate estimates question questions comment comments answer answers request requests
    note notes state states show shows find finds reply replies vow vows warning warnings
    thought thinking feeling feelings understanding writing writings statement concern concerns
    favor favors favour favours blast blasts echo echoes mock challenge challenges defend
    intend wish wishes regret regrets welcome counter dispute disputes contest contests
    caution saying sayings reveal boast boasts remark remarks tweet tweets talk talks debate
    debates protest protests object objects brief briefs alert alerts aim aims attempt attempts
    detail details outline outlines discuss lecture thank thanks pressure
    """.split()
)
_VERB_BEFORE_PLURAL = re.compile(
    r"(?:(?<![\w-])(?:they|we|I|you|who|which|that|will|would|can|could|should|must|may|might|"
    r"did|does|do|not|n['’]t|also|never|still|often|always|now|just|only|really|even)|"
    # a plural subject ("China and Russia support", "most voters want"), not a possessive
    r"(?<![\w-])(?!(?:its|his|this|was|has|is|us|as|yes|plus|thus|less|unless|news|always|"
    r"perhaps|towards|afterwards|means|series|species)\b)[A-Za-z][a-z-]*[a-rt-z]s)\s+$"
)
_PLURAL_BEFORE = (
    r"(?<![\w-])(?!(?:its|his|this|was|has|is|us|as|yes|plus|thus|less|unless|news|always|"
    r"perhaps|towards|afterwards|means|series|species)\b)[A-Za-z][a-z-]*[a-rt-z]s"
)
_AUX_BEFORE = (
    r"(?<![\w-])(?:he|she|they|it|we|I|you|who|will|would|can|could|should|must|may|might|"
    r"did|does|do|not|n['’]t|also|never|still|often|always|repeatedly|now|just|only|really|"
    r"even|clearly|apparently|reportedly)"
)
# a name ("Trump wants"), not a capitalised determiner opening the sentence ("His plans") nor
# a possessive ("Trump's comments")
_NAME_BEFORE = (
    r"\b(?!(?:His|Her|Their|Its|Our|My|Your|The|A|An|This|That|These|Those|No|Any|Each|Every|"
    r"Some|Many|New|Other)\b)[A-Z][a-z][\w-]*(?<![sS])"
)
# a singular common noun ("the poll shows", "the campaign wants"), not a determiner, an
# adjective of quantity or a plural ("the shows", "voters' plans")
_NOUN_BEFORE = (
    r"(?<![\w-])(?!(?:the|a|an|his|her|their|its|our|my|your|this|that|these|those|no|any|each|"
    r"every|some|many|new|other|own|first|last|latest|such|of|for|in|on|at|to|and|or|with|by|"
    r"from|about)\b)[a-z][a-z-]*[a-rt-z]"
)
# "an analysis of campaign reports shows": a plural right before an -s form is the end of
# the subject (noun compounds take a singular modifier: "talk shows", not "talks shows")
_VERB_BEFORE = re.compile(rf"(?:{_AUX_BEFORE}|{_NAME_BEFORE}|{_NOUN_BEFORE}|{_PLURAL_BEFORE})\s+$")
_VERB_BEFORE_STRICT = re.compile(rf"(?:{_AUX_BEFORE}|{_NAME_BEFORE})\s+$")
#: Plurals read far more often as nouns than as verbs ("swing states", "his remarks"): after a
#: pronoun, an auxiliary or a name only.
_MOSTLY_NOUNS = frozenset(
    "states questions comments remarks tweets attacks plans claims calls reports notes demands "
    "offers promises hopes fears concerns challenges answers requests estimates debates debate "
    "protests alerts briefs details outlines".split()
)


#: Verbs whose content can be a "to" infinitive ("wants to", "plans to", "vowed to").
_INTENTION_WORDS = frozenset(
    w
    for base in "want plan intend hope expect wish prefer refuse decline offer threaten promise "
    "pledge vow agree urge ask tell call".split()
    for w in _inflections(base) | {"told"}
)


def _broad_words() -> frozenset[str]:
    words: set[str] = set(_BROAD_IRREGULAR.split())
    for base in _BROAD_REGULAR.split():
        words |= _inflections(base)
    return frozenset(words)


_EN_BROAD = _Language(
    verbs=_EN.verbs | _broad_words() | _EN.weak_verbs,
    weak_verbs=frozenset(),
    phrases=(*_EN.phrases, "called on", "calls on", "pointed to", "points to", "spoke of"),
    according=_EN.according,
    complementiser=_EN.complementiser,
    listener_verbs=_EN.listener_verbs | frozenset("urged urges called calls".split()),
    pro_drop=False,
)


def speech_cues() -> frozenset[str]:
    """Every word and phrase that can cue reported speech, English and Spanish (for finding,
    cheaply, the sentences where speakers are named)."""
    cues: set[str] = set()
    for lang in (_EN, _ES):
        cues |= lang.verbs | lang.weak_verbs | set(lang.phrases) | {lang.according}
    return frozenset(cues)


#: Words between a subject and its verb that do not break them apart.
_BETWEEN = re.compile(
    r"(?:\s*\([^()\n]{1,30}\)|\s+(?:also|has|have|had|is|are|was|were|been|later|previously|then|again|once|further|recently|publicly|"
    r"reportedly|repeatedly|separately|privately|earlier|initially|subsequently|would|will|"
    r"could|may|might|has\s+long|had\s+long|never|already|always|even|only|just|too|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|también|ya))+\s*$",
    re.IGNORECASE,
)
_PREPOSITIONS = frozenset(
    """
    in at on during after before while from with to via over by late early earlier last this
    when as under through since following ahead later en durante tras ante con
    monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
    """.split()
)
#: Words that open an adverbial rather than reported content ("said [at a press conference]").
_TRUE_PREPOSITIONS = frozenset(
    "in at on during after before while from with to via over by under through since following "
    "ahead en durante tras ante con desde".split()
)
_TIME_ADVERBIAL = re.compile(
    r"\s*(?:(?:on|last|this|late|early|earlier)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|today|week|month|year|night|morning|afternoon|evening)"
    r"(?:\s+(?:night|morning|afternoon|evening))?(?!['’]s)\b,?",
)
_LISTENER = re.compile(
    r"\s+(?:him|her|them|us|me|you|reporters|journalists|lawmakers|senators|legislators|"
    r"congress|supporters|parliament|the\s+(?:[\w-]+\s+){0,3}?(?:reporters|journalists|"
    r"newspaper|committee|audience|crowd|conference|briefing|station|agency|paper|"
    r"parliament|house|senate|assembly|council|panel|network|outlet|channel|magazine)|"
    r"(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:conference|briefing|interview|audience|crowd|"
    r"meeting|summit|forum|hearing|gathering|group)|"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\b",
)
_DATELINE = re.compile(
    r"^\s*(?:\(?[A-Z][A-Za-z .,]{1,40}\)?\s*[-—–]+\s*"
    # the Spanish wires': "Panamá, 20 abr (EFE).- "
    r"|[A-ZÁÉÍÓÚÑ][\w .,]{0,40}\d{1,2}\s+[a-zé]{3,4}\.?(?:\s+\d{4})?\s*\([A-Z][\w.&' -]{0,30}\)"
    r"\s*\.?\s*[-—–]+\s*)"
)
_SUBORDINATOR = re.compile(
    r"^\s*(?:But\s+|And\s+)?(?:even\s+though|although|though|while|whereas|as|because|since|"
    r"if|when|after|before|unless|despite|aunque|mientras|si|cuando)\b",
    re.IGNORECASE,
)
_OPEN_MARKS = '"“«„‘‹”'
#: A subject pronoun and a finite verb or auxiliary: the start of a clause.
_VERB_NEXT = re.compile(
    r"(?:he|she|they|we|I|it)\s+(?:would|will|could|can|had|has|have|was|were|is|are|did|does|do|"
    r"should|might|may|must|[a-z]+ed|[a-z]+s)\b"
)
#: Lower-case words inside a title before a name ("campaign spokesman", "press secretary").
_ROLE_MODIFIERS = frozenset(
    "campaign press deputy senior chief foreign state defense defence national security "
    "communications policy vice former acting assistant executive general lawyer attorney "
    "panel committee strategist pollster economist professor manager nominee founder host "
    "anchor retired longtime veteran fellow top".split()
)
#: "PENCE: …", "Pence: …", "Sen. Tim Kaine: …" at the start of a paragraph (after an opening
#: quote mark, in a transcript quoted whole).
_SPEAKER_LABEL = re.compile(
    r"[\"“]?((?:(?:Sen|Rep|Gov|Gen|Dr|Mr|Mrs|Ms)\.\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"\s*(:)\s+(?=\S)"
)
_LABEL_NOT_NAME = frozenset(
    "Update UPDATE Note NOTE Editor Editors Photo Video Watch WATCH Read READ Related RELATED "
    "Source Sources Q A Question Answer Correction CORRECTION Poll POLL Analysis Opinion "
    "Exclusive EXCLUSIVE Breaking BREAKING Live LIVE Sign Follow Transcript Clarification "
    "CLARIFICATION".split()
)
#: "”― Name", "” — Name, 34, of Texas": a quote signed by who said it.
_SIGNATURE = re.compile(
    r"[ \t]*([―—–]|--)[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-ZÀ-Ý][\w.'’-]*){0,3})(?=[\s.,]|$)"
)
#: Auxiliaries and adverbs between a subject and a broad cue ("Trump did not say",
#: "the campaign is promising", "she has repeatedly called").
_AUXILIARIES = re.compile(
    r"(?:\s+(?:did|does|do|not|n['’]t|has|have|had|is|are|was|were|will|would|can|could|"
    r"should|must|may|might|also|never|still|repeatedly|already|often|again|has\s+long|"
    r"recently|publicly|later|then|even|just|only|always|previously|first|once|been|be))+\s*$",
    re.IGNORECASE,
)
_DETERMINER_WORDS = frozenset(
    "the a an this that these those his her their its our my your some many most several "
    "both each every one two three four five few all no other another".split()
)
#: A phrase ending in these is not a subject ("… more than", "… of", "… to").
_NOT_SUBJECT_END = frozenset(
    "the a an of to in on at for with by from than and or but not that which this his her "
    "their its our is was are were be been being".split()
)
_MIN_WORDS = 3


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    word: str
    kind: str  # verb | weak | according | passive


@dataclass(frozen=True)
class _Attribution:
    cue: _Cue
    speaker: Speaker
    sentence: int
    #: The source phrase as written next to the cue ("he", "a senior official", "Blinken"),
    #: where the speaker is what it refers to; None for a subject-less verb.
    source: tuple[int, int] | None = None


@dataclass(frozen=True)
class Attribution:
    """A quote with the source phrase as written next to its cue (for evaluation against
    span-annotated corpora, where "he" is the source and the person it means is not)."""

    quote: Quote
    source_start: int = -1
    source_end: int = -1


@dataclass
class _Unit:
    """A sentence, joined with the next when a stray paragraph break cut it in two."""

    start: int
    end: int
    index: int
    paragraph: int


def find_quotes(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    language: str = "en",
) -> list[Quote]:
    """Every quote and attribution in ``text``: direct quotes and indirect speech, each with
    its cue and its speaker (a name mention, or a description of an unnamed source)."""
    return [a.quote for a in find_attributions(article_id, text, sentences, mentions, language)]


def find_attributions(
    article_id: str,
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    language: str = "en",
    *,
    broad: bool = False,
    learned: bool = True,
) -> list[Attribution]:
    """:func:`find_quotes`, each quote with the span of its source phrase.

    ``broad`` reads attribution in the wide sense of PARC-style corpora (PolNeAR): besides
    speech, what a source believes, wants, plans, judges or shows ("Clinton cited …", "the poll
    shows …", "Trump wants …"), with any noun phrase as the source ("The bank said …"),
    transcript speaker labels ("PENCE: …", a headline's "Pence: …") and a signature after a
    quote ("“…” ― Sonya Herridge"). Speakers are still resolved where they can be; a source
    that cannot be resolved stays a description of itself.

    ``learned`` (English): the cue model (:mod:`storyline.analyse.cue_model`, trained on
    PolNeAR train) decides which words are cues, given the rules' cues as evidence: a rule cue
    it rejects is dropped, a cue it finds that the rules missed is read like a rule cue (its
    speaker and content found the same way). In the broad reading such a cue keeps its
    attribution even when no content or speaker is found by the rules (the rest of its sentence
    is taken as content, the noun phrase before it as source); in the default reading it counts
    only where the rules find a speaker and content, as every quote of a build does. The broad
    reading's model reads a dependency parse of the sentences that may hold a cue; the default
    reading's (a build's) reads the text alone, so a build runs no parser."""
    if not text.strip():
        return []
    if language_code(language) in UNCASED_QUOTE_LANGUAGES:
        return [
            Attribution(q, q.speaker_start, q.speaker_end)
            for q in find_uncased_quotes(article_id, text, sentences, language)
        ]
    reader = _Reader(article_id, text, sentences, mentions, language, broad=broad)
    quotes = reader.read()
    if learned and reader.lang in (_EN, _EN_BROAD):  # the cue model is English's
        from storyline.analyse.cue_model import find_cues, load_model

        if load_model(broad) is not None:
            ruled = sorted({(q.cue_start, q.cue_end) for q in quotes if q.cue_start >= 0})
            by_rules = _covered(text, ruled)
            found = [
                (c.start, c.end)
                for c in find_cues(text, ruled, parsed=broad)
                if broad or c.score >= _BUILD_CUE_SCORE or by_rules.overlaps(c.start, c.end)
            ]
            reader = reader.again()
            quotes = reader.read(_learned_cues(text, ruled, found), bare=broad)
    return [Attribution(q, *(reader.source_of.get((q.start, q.end)) or (-1, -1))) for q in quotes]


#: The default reading (what a build stores) takes a cue the rules missed only when the model
#: is this sure of it (the model's own threshold, for the broad reading, is lower).
_BUILD_CUE_SCORE = 0.7


def _covered(text: str, spans: Sequence[tuple[int, int]]) -> Covered:
    """What these cue spans cover (cues are words, never empty): asking each cue of the other
    reading whether it overlaps any of them was quadratic in a page's cues (regression: 8 s of
    a 100,000-word text)."""
    covered = Covered(len(text))
    for start, end in spans:
        covered.add(start, end)
    return covered


def _learned_cues(
    text: str, ruled: Sequence[tuple[int, int]], found: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The cues to read with the model: the rules' cues the model confirms, and the model's
    cues the rules missed."""
    by_model, by_rules = _covered(text, found), _covered(text, ruled)
    kept = [c for c in ruled if by_model.overlaps(*c)]
    added = [
        _without_article(text, c)
        for c in found
        if not by_rules.overlaps(*c) and text[c[0] : c[1]].lower() not in _NOT_ALONE_A_CUE
    ]
    return sorted(kept + added)


#: An article the model took into the end of a cue: "reported a [sharp decline]".
_TRAILING_ARTICLE = re.compile(r"\s+(?:a|an|the)$", re.IGNORECASE)


def _without_article(text: str, cue: tuple[int, int]) -> tuple[int, int]:
    """The cue without an article it ends with: the article opens what was reported (no
    reporting phrase ends with one), which the content then starts with."""
    found = _TRAILING_ARTICLE.search(text, cue[0], cue[1])
    return (cue[0], found.start()) if found and found.start() > cue[0] else cue


#: Words the model scores as the end of a cue ("comment on", "questions about") that alone,
#: cut from their verb, would make an attribution of their own.
_NOT_ALONE_A_CUE = frozenset(
    "on in of to about for a an the against at with by from also not and that".split()
)


# Patterns tried at every cue, compiled once here: by a string in the method, each call looked
# its pattern up in the module's cache again.
_WORD_BEFORE = re.compile(r"([\w'’.-]+)\s+$")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+$")
_BY_AFTER = re.compile(r"\s+(?:by|por)\s+")
_TO_BEFORE = re.compile(r"\bto\s+$")
_COORDINATION_BEFORE = re.compile(r"(?:^|[\s,;])(?:and|but|or|y|pero)\s*,?\s*$", re.I)
_COMMA_BEFORE = re.compile(r",\s*$")
_MARK_BEFORE = re.compile(r"[,\"”’»›']\s*$")
_ONE_WORD = re.compile(r"\s*\w+\s+")
_COMMA = re.compile(r",\s*")
#: The auxiliaries of a verb of saying's perfect ("a déclaré", "ha detto", "hat gesagt").
_PERFECT_AUXILIARIES = ("a", "ont", "ha", "hanno", "hat", "haben", "foi", "è", "há", "han")
#: Words with a capital before a verb of saying that are not its subject: an auxiliary, an
#: impersonal pronoun ("Ha aggiunto che", "Si pensa che", "Se dice que"), or "as" ("Jak
#: dodała", "Как сказал": as she added, as he said).
_NO_SUBJECT_WORDS = frozenset((*_PERFECT_AUXILIARIES, "si", "se", "es", "man", "jak", "как"))
_AUXILIARY_OPENS = re.compile(rf"\s*(?:{'|'.join(_PERFECT_AUXILIARIES)})\s", re.IGNORECASE)
#: A comma before a verb of saying, perhaps with its auxiliary ("…, a déclaré", "…, ha detto").
_AUXILIARY = rf"(?:(?:{'|'.join(_PERFECT_AUXILIARIES)})\s+)?"
_COMMA_AUXILIARY_BEFORE = re.compile(rf"(?:,|,?\s*[—–])\s*{_AUXILIARY}$")
#: The comma (or dash) that ends the content before "X said" / "…, ha dichiarato X".
_COMMA_BEFORE_SUBJECT = re.compile(rf"[,—–]\s*{_AUXILIARY}$")
#: Between a quote's closing mark and its cue: commas, dashes (Polish and Russian write
#: "„…” – powiedział", "«…», — заявил"), white space, an auxiliary.
_GAP_BEFORE_CUE = re.compile(rf"[\s,—–-]*{_AUXILIARY}")
#: A title in lower case right before a name, without a comma ("le président Emmanuel
#: Macron", "o presidente Lula"): its words up to the first capital.
_LOWER_TITLE = re.compile(
    r"\s*(?:(?:el|la|le|il|lo|o|a|der|die|das|den|dem)\s+)?"
    r"(?:[a-záéíóúñàèìòùâêîôûçäöüß-]+\s+){1,4}(?=[A-ZÁÉÍÓÚÑÀÈÌÒÙÂÊÎÔÛÇÄÖÜ])"
)
#: A title in lower case before the name it is given to ("el secretario de Estado, ").
_SPANISH_TITLE = re.compile(r"\s*(?:el|la)\s+[a-záéíóúñ][^,.;\"«»]{0,60},\s*")
#: When a Spanish source spoke, said between the verb and the source ("dijo este miércoles
#: el ministro", "afirmó hoy", "señaló el pasado martes").
_SPANISH_WHEN = re.compile(
    r"\s+(?:(?:este|esta|el|la|el\s+pasado|la\s+pasada)\s+)?"
    r"(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo|hoy|ayer|mañana|tarde|noche)"
    r"(?=[\s,])",
    re.IGNORECASE,
)
_TITLE_WORD_BEFORE = re.compile(r"(?:^|\s)([A-Z][\w.'’-]*|of|the|for|[a-z][\w-]*)\s+$")


@lru_cache(maxsize=8)
def _cue_pattern(lang: _Language, broad: bool) -> re.Pattern[str]:
    """The rules' cue words and phrases as one pattern (made once per language and reading,
    not once per article: escaping its hundreds of words cost more than the search)."""
    words = sorted(lang.verbs | lang.weak_verbs, key=len, reverse=True)
    according = lang.according
    cues = [*lang.phrases, according, according[0].upper() + according[1:], *words]
    if broad:
        # Headlines in title case: "…, Lindsey Graham Says", "Obama Says Museum Will …"
        cues += [
            w.capitalize()
            for w in words
            if (w in _EN.verbs or w.endswith("s")) and w not in ("state", "states")
        ]  # "New Poll Shows …", but "United States" is a name
    # Lower case only ("The United States" is not a cue), but "According to" opens sentences.
    return re.compile(r"(?<![\w-])(" + _by_first_letter(cues) + r")(?![\w-])")


def _by_first_letter(cues: Sequence[str]) -> str:
    """``cues`` as one alternation, in their order, grouped by first letter ("s(?:aid|ays|…)").

    The same matches as the plain alternation of them: at any one place only the cues of its
    letter can match, and among those the order is kept. But where a word starts, the pattern
    tries the cues of its letter alone instead of every cue in turn (a third of the cost)."""
    by_letter: dict[str, list[str]] = {}
    for cue in cues:
        by_letter.setdefault(cue[0], []).append(_spaced(cue[1:]))
    return "|".join(
        _spaced(letter) + "(?:" + "|".join(rests) + ")" for letter, rests in by_letter.items()
    )


def _spaced(words: str) -> str:
    """``words`` as a pattern, with any white space where they have a space."""
    return re.escape(words).replace(r"\ ", r"\s+")


@lru_cache(maxsize=8)
def _coordinated_cue(lang: _Language) -> re.Pattern[str]:
    """A second reporting verb coordinated with the first ("… and emphasized that …")."""
    words = "|".join(re.escape(w) for w in sorted(lang.verbs, key=len, reverse=True))
    return re.compile(rf",?\s+(?:and|but|y|pero)\s+(?:also\s+|then\s+)?(?:{words})\b")


class _Reader:
    def __init__(
        self,
        article_id: str,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        language: str,
        *,
        broad: bool = False,
    ) -> None:
        self.article_id = article_id
        self.text = text
        other = _LANGUAGES.get(language.lower()[:2])
        self.broad = broad and other is None
        self.lang = other if other is not None else _EN_BROAD if self.broad else _EN
        self.sentences = usable_sentences(article_id, text, sentences)
        self._sentence_starts = [s.start for s in self.sentences]
        self.paragraphs = split_paragraphs(text)
        self.units = _units(text, self.sentences, self.paragraphs)
        self._unit_starts = [u.start for u in self.units]
        self.spans = find_quoted_spans(text)
        self._span_opens = [s.open_pos for s in self.spans]
        self.index = SpeakerIndex(text, mentions, self.paragraphs, self._sentence_starts)
        self._start_reading()
        self._rule_cues: list[_Cue] | None = None

    def _start_reading(self) -> None:
        """What one read makes and the speaker index notes as it goes."""
        self.claims: dict[int, tuple[int, _Attribution]] = {}  # span → (priority, attribution)
        self.quotes: list[Quote] = []
        self.attributions: list[tuple[int, int, _Attribution]] = []  # content spans, by cue
        self.source_of: dict[tuple[int, int], tuple[int, int]] = {}  # quote span → source

    def again(self) -> _Reader:
        """A reader for a second read of the same article (with the cue model's cues): the
        text's sentences, units, quoted spans, speaker index and rule cues are this one's, as
        a new reader would find them again; what a read notes starts anew."""
        second = shallow_copy(self)
        second.index = self.index.copy()
        second._start_reading()
        return second

    # -- the pass ----------------------------------------------------------------------------

    def read(
        self, only: Sequence[tuple[int, int]] | None = None, *, bare: bool = False
    ) -> list[Quote]:
        """The quotes; with ``only``, read those cue spans (rule cues kept as the rules read
        them, other spans as reporting verbs) instead of the rules' cues; with ``bare``, a cue
        of ``only`` that attributes nothing still makes an attribution (:meth:`_bare`)."""
        previous: _Attribution | None = None
        previous_unit = -1
        cues = self._cues()
        if only is not None:
            by_span = {(c.start, c.end): c for c in cues}
            cues = [by_span.get(span) or self._learned_cue(*span) for span in only]
        for cue in cues:
            unit = self._unit_at(cue.start)
            if unit is None:
                continue
            same_unit = previous if previous_unit == unit.index else None
            before = len(self.quotes) + len(self.claims)
            attribution = self._attribute(cue, unit, same_unit)
            if attribution is None and bare:
                attribution = self._bare(cue, unit)
            elif bare and attribution is not None and len(self.quotes) + len(self.claims) == before:
                self._bare(cue, unit)
            if attribution is not None:
                self.index.note_speaker(attribution.speaker, cue.start)
                previous, previous_unit = attribution, unit.index
        self._add_claimed_quotes()
        self._add_continuations()
        if self.broad:
            self._add_labels()
        return self._final()

    def _cues(self) -> list[_Cue]:
        """The rules' cues, found once per article (a second read with the model's cues asks
        again)."""
        if self._rule_cues is None:
            self._rule_cues = self._find_cues()
        return self._rule_cues

    def _find_cues(self) -> list[_Cue]:
        text = self.text
        lang = self.lang
        cues: list[_Cue] = []
        for match in _cue_pattern(lang, self.broad).finditer(text):
            start, end = match.span()
            if self._inside_quote(start):
                continue
            word = " ".join(match.group(1).lower().split())
            if match.group(1)[0].isupper() and word != lang.according:
                previous = _WORD_BEFORE.search(text[max(0, start - 40) : start])
                if not previous or not previous.group(1)[0].isupper():
                    continue  # a capitalised verb only inside a title-case headline
            before = text[max(0, start - 12) : start].lower()
            passive = _PASSIVE_BEFORE.search(before)
            if word.endswith("ing"):
                passive = None  # "is saying", "was demanding": progressive, not passive
            by = _BY_AFTER.match(text[end : end + 6])
            if passive and by and word in ("described", "describes", "descrito", "descrita"):
                cues.append(_Cue(start, end, word, "passive"))  # "described by X as «…»"
                continue
            if passive and by and self.broad and not word.endswith("s"):
                # "was first reported by The Washington Post", "is supported by 42 percent"
                cues.append(_Cue(start, end, word, "passive"))
                continue
            if _TO_BEFORE.search(before) or passive:
                continue  # "declined to say", "was told": not a report of speech
            broad_only = self.broad and word not in _EN.verbs
            if (broad_only and word in _NOUN_FORMS) or word in ("add", "consider"):
                # "his plans", "the state", "Trump's remarks": read as a verb only after a
                # pronoun, an auxiliary or a name ("they plan", "will support", "Trump wants")
                # A name is singular: "Trump wants", but "the Trump plan" is a noun.
                verb_before = (
                    _VERB_BEFORE_STRICT
                    if word in _MOSTLY_NOUNS
                    else _VERB_BEFORE
                    if word.endswith("s")
                    else _VERB_BEFORE_PLURAL
                )
                if not verb_before.search(text[max(0, start - 40) : start]):
                    if word not in _EN.weak_verbs:
                        continue
                    cues.append(_Cue(start, end, word, "weak"))
                    continue
            if word == lang.according:
                kind = "according"
            elif word in lang.weak_verbs:
                kind = "weak"
            else:
                kind = "verb"
            cues.append(_Cue(start, end, word, kind))
        return cues

    def _learned_cue(self, start: int, end: int) -> _Cue:
        """A cue the model found: "according to", a passive with "by", else a verb."""
        text = self.text
        word = " ".join(text[start:end].lower().split())
        if word.startswith(self.lang.according):
            return _Cue(start, end, word, "according")
        before = text[max(0, start - 12) : start].lower()
        passive = re.search(r"\b(?:was|were|been|being|is|are|be)\s+$", before)
        if passive and re.match(r"\s+by\s+", text[end : end + 6]) and not word.endswith("ing"):
            return _Cue(start, end, word, "passive")
        return _Cue(start, end, word, "verb")

    def _bare(self, cue: _Cue, unit: _Unit) -> _Attribution | None:
        """Broad reading, a learned cue the rules attribute nothing to: the noun phrase before
        it (or after "according to" / "by") is the source and the rest of its sentence — or,
        at the sentence's end, what comes before the source — the content."""
        text = self.text
        phrase = self._generic_source(cue, unit)
        source = (phrase.start, phrase.end) if phrase is not None else None
        unit_end = _content_end(text, unit.start, unit.end)
        content = self._span(cue.end, unit_end) if cue.end < unit_end else None
        if content is None:
            stop = phrase.start if phrase is not None and phrase.start < cue.start else cue.start
            content = self._span(_skip_dateline(text, unit.start, stop), stop)
        if content is None:
            content = (cue.start, cue.end)  # an attribution without content
        description = text[source[0] : source[1]] if source else ""
        speaker = Speaker("", *(source or (-1, -1)), description=description, kind="described")
        attribution = _Attribution(cue, speaker, self._sentence_index(cue.start), source)
        self.quotes.append(self._quote(*content, "indirect", attribution))
        return attribution

    def _inside_quote(self, offset: int) -> bool:
        k = bisect.bisect_right(self._span_opens, offset) - 1
        return k >= 0 and self.spans[k].open_pos < offset < self.spans[k].close_pos

    def _unit_at(self, offset: int) -> _Unit | None:
        k = bisect.bisect_right(self._unit_starts, offset) - 1
        if k < 0 or offset >= self.units[k].end:
            return None
        return self.units[k]

    # -- one cue -----------------------------------------------------------------------------

    def _source_after_comma(self, cue: _Cue, unit: _Unit) -> Phrase | None:
        """The source named after a verb that follows a comma ("..., dijo el martes la
        ministra"), past a time phrase between them; None where the verb does not follow a
        comma or no source follows it."""
        if not _COMMA_AUXILIARY_BEFORE.search(self.text[unit.start : cue.start]):
            return None
        start = cue.end
        when = _SPANISH_WHEN.match(self.text, start, unit.end)
        if when:
            start = when.end()
        phrase = self.index.phrase_after(start, unit.end)
        if phrase is not None and phrase.kind == "person":
            return phrase
        # "el secretario de Estado, Antony Blinken": the person the title is given to.
        lower = _LOWER_TITLE.match(self.text, start, unit.end)
        if phrase is None:
            title = (
                _SPANISH_TITLE.match(self.text, start, unit.end)
                or lower
                or _COMMA.match(self.text, start, unit.end)
            )
        else:
            title = _COMMA.match(self.text, phrase.end, unit.end)
        named = self.index.phrase_after(title.end(), unit.end) if title else None
        if named is None or named.kind != "person":
            # A title written with a capital, as German writes nouns ("sagte Finanzminister
            # Olaf Scholz"), or what the title is of ("il presidente del Consiglio Giuseppe
            # Conte"): the person right after its one word.
            word = _ONE_WORD.match(self.text, lower.end() if lower else start, unit.end)
            named = self.index.phrase_after(word.end(), unit.end) if word else None
        return named if named is not None and named.kind == "person" else phrase

    def _attribute(
        self, cue: _Cue, unit: _Unit, earlier: _Attribution | None
    ) -> _Attribution | None:
        text = self.text
        phrase: Phrase | None = None
        inverted = False
        coordinated: re.Match[str] | None = None
        subject_start = cue.start
        if cue.kind in ("according", "passive"):
            by = _BY_AFTER.match(text[cue.end : cue.end + 6])
            phrase = self.index.phrase_after(cue.end + (by.end() if by else 0), unit.end)
            if phrase is None and self.lang.inverts:
                # "selon le ministre Bruno Le Maire": the person after a title in lower case
                title = _LOWER_TITLE.match(text, cue.end, unit.end)
                phrase = self.index.phrase_after(title.end(), unit.end) if title else None
            inverted = True
        elif self.lang.inverts and (inverted_phrase := self._source_after_comma(cue, unit)):
            # "..., afirmó este miércoles el secretario de Estado, Antony Blinken": Spanish
            # (German, French ...) puts the source after the verb, and a name before the comma
            # is of the content.
            phrase, inverted = inverted_phrase, True
        else:
            prefix_end = _skip_between(text, unit.start, cue.start)
            coordinated = _COORDINATION_BEFORE.search(text[unit.start : prefix_end])
            if cue.word == "saying" or cue.word.endswith("ing"):
                coordinated = coordinated or _COMMA_BEFORE.search(text[unit.start : prefix_end])
            if coordinated:
                subject_start = unit.start + coordinated.start()
                phrase = None
            else:
                phrase = self._phrase_before(prefix_end, unit.start)
                if (
                    phrase is not None
                    and self.lang.inverts
                    and phrase.text.lower() in _NO_SUBJECT_WORDS
                ):
                    phrase = None  # "Ha aggiunto", "Si pensa": no subject, an auxiliary
                if phrase is not None:
                    subject_start = self._clause_start(phrase.start, unit.start)
            if phrase is None and not coordinated:
                after_mark = _MARK_BEFORE.search(text[unit.start : cue.start])
                if after_mark or cue.start == unit.start:
                    phrase = self.index.phrase_after(cue.end, unit.end)
                    if phrase is None and self.broad and after_mark:
                        # "…," said 9/11 widow Terry Strada.
                        phrase = self._generic_source(
                            _Cue(cue.start, cue.end, cue.word, "according"), unit
                        )
                    inverted = phrase is not None
        speaker: Speaker | None = None
        source = (phrase.start, phrase.end) if phrase is not None else None
        if phrase is not None:
            speaker = self.index.resolve(phrase, cue.start)
        elif cue.kind not in ("according", "passive"):
            speaker, source = self._implicit_subject(cue, unit, earlier)
        if speaker is None and self.broad:
            # Any noun phrase is a source here; one that cannot be resolved stays a
            # description of itself ("The bank", "They", "Several cast members").
            if phrase is None and not coordinated:
                phrase = self._generic_source(cue, unit)
                inverted = phrase is not None and phrase.start > cue.start
                if phrase is not None and not inverted:
                    subject_start = phrase.start
            if phrase is not None:
                source = (phrase.start, phrase.end)
                speaker = Speaker("", phrase.start, phrase.end, phrase.text, kind="described")
        if speaker is None:
            return None
        attribution = _Attribution(cue, speaker, self._sentence_index(cue.start), source)
        anchor_after = phrase.end if inverted and phrase is not None else cue.end
        attributed = False
        # 1. "…," he said  /  "…," said Blinken  /  "…," according to X
        before_span = (
            None
            if coordinated
            else self._span_ending_before(subject_start if not inverted else cue.start)
        )
        if before_span is not None and cue.kind not in ("weak", "passive"):
            self._claim(before_span, attribution, priority=0)
            attributed = True
        # 2. X said, "…"  /  said … that, "…"  /  described by X as "…"
        after_span = self._span_starting_after(anchor_after, cue, unit)
        if after_span is not None:
            self._claim(after_span, attribution, priority=1)
            attributed = True
        if cue.kind == "passive" and not attributed and self.broad:
            # "The registration issue was first reported by The Post": what was reported is
            # the subject, before the auxiliary
            auxiliary = _AUXILIARIES.search(text[unit.start : cue.start])
            end = unit.start + auxiliary.start() if auxiliary else cue.start
            content = self._span(_skip_dateline(text, unit.start, end), end)
            if content is not None:
                self._add_indirect(*content, attribution)
            return attribution
        if attributed or cue.kind == "passive":
            return attribution
        # 3. indirect speech
        content = self._indirect_content(attribution, unit, phrase, inverted, subject_start)
        if content is None:
            return None
        start, end = content
        self._add_indirect(start, end, attribution)
        return attribution

    def _add_labels(self) -> None:
        """Broad reading: a speaker label opening a paragraph ("PENCE: Well, look, …" in a
        transcript, a headline's "Pence: Gennifer Flowers Won't Be at Debate") and a signature
        after a closing quote ("“…” ― Sonya Herridge") attribute what they stand by."""
        text = self.text
        taken = {(q.start, q.end) for q in self.quotes}
        for start, end in self.paragraphs:
            label = _SPEAKER_LABEL.match(text, start, end)
            if label is None or label.group(1).split()[0] in _LABEL_NOT_NAME:
                continue
            if not label.group(1).isupper() and not self._named(*label.span(1)):
                continue  # "Stealth Over Health: …" is a title, "Pence: …" a speaker
            content = self._span(label.end(), _content_end(text, label.end(), end))
            if content is None or content in taken:
                continue
            name_start, name_end = label.span(1)
            cue = _Cue(label.start(2), label.end(2), ":", "label")
            attribution = _Attribution(
                cue,
                Speaker(text[name_start:name_end], name_start, name_end, kind="person"),
                self._sentence_index(cue.start),
                (name_start, name_end),
            )
            self.quotes.append(self._quote(*content, "direct", attribution))
        closing = {span.close_pos: span for span in self.spans}
        for signature in _SIGNATURE.finditer(text):
            mark = signature.start() - 1
            while mark >= 0 and text[mark] in " \t":
                mark -= 1
            if mark < 0 or text[mark] not in "”\"»’'":
                continue
            span = closing.get(mark)
            signed: tuple[int, int] | None
            if span is not None:
                signed = (span.start, span.end)
            else:
                # marks the scanner could not pair (a quote opened with ” or left unclosed
                # inside): back to the last opening mark in the paragraph
                paragraph_start = text.rfind("\n", 0, mark) + 1
                opener = max(text.rfind(m, paragraph_start, mark) for m in '“”"«')
                signed = self._span(opener + 1, mark) if opener >= paragraph_start else None
            if signed is None or signed in taken:
                continue
            name_start, name_end = signature.span(2)
            cue = _Cue(signature.start(1), signature.end(1), signature.group(1), "label")
            attribution = _Attribution(
                cue,
                Speaker(text[name_start:name_end], name_start, name_end, kind="person"),
                self._sentence_index(signed[0]),
                (name_start, name_end),
            )
            taken.add(signed)
            self.quotes.append(self._quote(*signed, "direct", attribution))

    def _named(self, start: int, end: int) -> bool:
        """Whether ``start:end`` is a person's or an organisation's name the NER found."""
        spans = [(s, e) for s, e, _k in self.index.occurrences] + [
            (s, e) for s, e, _label in self.index.orgs
        ]
        return any(s < e and start <= s and e <= end for s, e in spans)

    def _generic_source(self, cue: _Cue, unit: _Unit) -> Phrase | None:
        """Broad reading: the noun phrase before the cue, back to the clause's start (over one
        apposition between commas: "The state's chairman, Phil Lovas, said"), or after
        "according to" up to the next comma."""
        text = self.text
        if cue.kind in ("according", "passive"):
            match = re.match(
                r"\s+(?:by\s+)?([^,.;:()\"“”]{2,80}?)\s*(?=[,.;:()\"“”]|$)",
                text[cue.end : unit.end],
            )
            if not match or len(match.group(1).split()) > 10:
                return None
            start = cue.end + match.start(1)
            return Phrase("described", start, start + len(match.group(1)), match.group(1))
        end = cue.start
        prefix = text[unit.start : end]
        trail = _AUXILIARIES.search(prefix)
        if trail:
            end = unit.start + trail.start()
        relative = re.search(r"(?<![\w-])(who|which|that)\s*$", text[unit.start : end])
        if relative:  # "listeners … who said", "cities that support": the relative pronoun
            start = unit.start + relative.start(1)
            return Phrase("described", start, start + len(relative.group(1)), relative.group(1))
        body = _skip_dateline(text, _skip_intro(text, unit.start, end), end)
        segment = text[body:end]
        if segment.rstrip().endswith(","):
            # "X, an aide, said" / "The chairman, Phil Lovas, said": the phrase and apposition
            pieces = segment.rstrip()[:-1].split(",")
            if len(pieces) < 2 or len(pieces[-2].split()) > 8 or len(pieces[-1].split()) > 8:
                return None
            begin = segment.rfind(",", 0, len(segment.rstrip()) - 1)
            begin = segment.rfind(",", 0, begin) + 1
        else:
            boundaries = list(
                re.finditer(
                    r"[,;:()\"“”—–]|(?<![\w-])(?:that|and|but|while|as|because|if|when|since|"
                    r"although|though|where|after|before|so)(?![\w-])",
                    segment,
                )
            )
            begin = boundaries[-1].end() if boundaries else 0
        start = body + begin
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1] in " \t\n,":
            stop -= 1
        words = text[start:stop].split()
        if not words or len(words) > 12:
            return None
        first = words[0].strip("‘'\"“(").lower()
        if not (
            words[0][:1].isupper()
            or first in _DETERMINER_WORDS
            or first in ("who", "which", "they", "it", "he", "she", "we", "i", "you")
            or first[:1].isdigit()
            # "elected officials from both parties say", "independent analyses agree": a
            # described source, or a short phrase ending in a plural noun
            or any(_bare_word(w) in DESCRIBED_HEADS for w in words)
            or (len(words) <= 3 and re.fullmatch(r"[a-z-]+[a-rt-z]s", words[-1]) is not None)
        ):
            return None
        if words[-1].lower() in _NOT_SUBJECT_END:
            return None
        return Phrase("described", start, stop, text[start:stop])

    def _phrase_before(self, end: int, unit_start: int) -> Phrase | None:
        """The subject of a cue ending at ``end``, skipping an apposition or relative clause
        between commas ("Ebrard, the Mexican foreign minister, acknowledged")."""
        phrase = self.index.phrase_before(end)
        if phrase is not None:
            return phrase
        text = self.text
        stripped = end
        while stripped > unit_start and text[stripped - 1].isspace():
            stripped -= 1
        if stripped <= unit_start or text[stripped - 1] != ",":
            return None
        comma = text.rfind(",", unit_start, stripped - 1)
        if comma < 0 or stripped - comma > 160:
            return None
        apposition = text[comma + 1 : stripped - 1].strip()
        named = self.index.phrase_before(stripped - 1)
        if named is not None and named.kind == "person" and named.start > comma:
            return named  # "The state's campaign chairman, Phil Lovas, said"
        if not re.match(
            r"(?:the|a|an|who|which|whose|one|its|his|her|their|also|now|then|formerly|el|la|"
            r"quien|que)\b|[a-z]|\d",
            apposition,
        ):
            return None
        phrase = self.index.phrase_before(comma)
        if phrase is not None and phrase.kind in ("person", "org", "name"):
            return phrase
        return None

    def _clause_start(self, start: int, unit_start: int) -> int:
        """Where the subject's clause starts: before any title ("Press Secretary Karine
        Jean-Pierre", "U.S. Secretary of State Antony Blinken")."""
        text = self.text
        position = start
        for _ in range(7):
            match = _TITLE_WORD_BEFORE.search(text[unit_start:position])
            if not match:
                break
            word = match.group(1)
            if (
                word[0].islower()
                and word not in ("of", "the", "for")
                and word not in DESCRIBED_HEADS
                and word not in _ROLE_MODIFIERS
            ):
                break  # a lower-case role ("campaign spokesman Brian Fallon") is part of it
            candidate = unit_start + match.start(1)
            if word in ("The",) or not re.search(r"[A-Za-z]", word):
                position = candidate
                break
            position = candidate
        return position

    def _implicit_subject(
        self, cue: _Cue, unit: _Unit, earlier: _Attribution | None
    ) -> tuple[Speaker | None, tuple[int, int] | None]:
        """The subject of a coordinated or subject-less verb: the speaker of an earlier cue in
        the sentence, the phrase opening the sentence, or (pro-drop) the last person named."""
        if earlier is not None:
            return earlier.speaker, earlier.source
        body = _skip_intro(self.text, unit.start, cue.start)
        auxiliary = self.lang.inverts and _AUXILIARY_OPENS.match(self.text, body, cue.start)
        # "Ha aggiunto che …" (he added that): the auxiliary opens the clause, no subject does.
        phrase = None if auxiliary else self.index.phrase_after(body, cue.start)
        if phrase is not None and phrase.kind != "name":
            return self.index.resolve(phrase, cue.start), (phrase.start, phrase.end)
        if self.lang.pro_drop:
            person = self.index.antecedent(cue.start, "")
            if person is not None:
                return self.index.person_speaker(person), None
        return None, None

    # -- direct quotes next to a cue ----------------------------------------------------------

    def _span_ending_before(self, position: int) -> QuotedSpan | None:
        k = bisect.bisect_left(self._span_opens, position) - 1
        if k < 0:
            return None
        span = self.spans[k]
        if span.close_pos >= position:
            return None
        gap = self.text[span.close_pos + 1 : position]
        if not _GAP_BEFORE_CUE.fullmatch(gap):
            return None
        inside = self.text[span.start : span.end].rstrip()
        if "\n\n" in gap and "," not in gap:
            return None
        if inside.endswith(".") and "," not in gap:
            return None  # a finished quoted sentence; what follows starts a new one
        return span

    def _span_starting_after(self, position: int, cue: _Cue, unit: _Unit) -> QuotedSpan | None:
        k = bisect.bisect_left(self._span_opens, position)
        if k >= len(self.spans):
            return None
        span = self.spans[k]
        gap = self.text[position : span.open_pos]
        if span.open_pos >= unit.end and not gap.rstrip().endswith(":"):
            return None
        if cue.kind == "weak" and not re.search(r"\bthat\b", gap):
            return None
        words = re.findall(r"[\w'’.-]+", gap)
        if len(words) > 16 or any(mark in gap for mark in _OPEN_MARKS):
            return None
        stripped = gap.strip()
        if not words:
            return span if stripped in ("", ",", ":") or cue.kind == "according" else None
        ends_well = re.search(
            r"(?:^|\s)(?:that|que|as|como)\s*,?\s*$|[,:]\s*$", stripped
        ) or re.fullmatch(r"(?:\w+\s+){0,1}as", stripped)
        first = words[0].lower()
        if cue.word.startswith("described") or cue.word == "called for":
            return span if re.fullmatch(r"(?:(?:by\s+)?[\w.'’-]+\s+){0,8}as", stripped) else None
        lowered = [w.lower() for w in words]
        if first in ("that", "que") and len(words) > 1:
            return None  # "said that part of the plan is …: «…»": content, then a quote
        if stripped.endswith(":") and ("that" in lowered[:-1] or "que" in lowered[:-1]):
            return None
        opens_well = (
            first in _PREPOSITIONS
            or first in ("that", "que")
            or (cue.word in self.lang.listener_verbs)
        )
        if ends_well and (opens_well or (stripped.endswith(":") and len(words) <= 4)):
            return span
        return None

    def _claim(self, span: QuotedSpan, attribution: _Attribution, priority: int) -> None:
        key = span.open_pos
        held = self.claims.get(key)
        if held is None or priority < held[0]:
            self.claims[key] = (priority, attribution)

    def _add_claimed_quotes(self) -> None:
        for key, (_priority, attribution) in sorted(self.claims.items()):
            span = self.spans[self._span_opens.index(key)]
            self._add_direct(span, attribution)

    def _add_continuations(self) -> None:
        """A quoted stretch with no cue of its own continues the attributed quote before it in
        its paragraph, or the one closing the paragraph before when it opens its paragraph."""
        attributed = sorted([(q.start, q.end, q) for q in self.quotes], key=lambda item: item[0])
        for span in self.spans:
            if span.open_pos in self.claims:
                continue
            content = self.text[span.start : span.end]
            if len(content.split()) < _MIN_WORDS or not _utterance(content):
                continue
            if any(s <= span.start and span.end <= e for s, e, _a in self.attributions):
                continue  # a fragment of a mixed quote
            paragraph = self.index.paragraph_of(span.open_pos)
            opens_paragraph = self.paragraphs and any(
                p_start == span.open_pos for p_start, _ in self.paragraphs
            )
            before = [q for s, _e, q in attributed if s < span.open_pos]
            if not before:
                continue
            last = before[-1]
            last_paragraph = self.index.paragraph_of(last.start)
            if last_paragraph == paragraph:
                between = self.text[last.end : span.open_pos]
            elif opens_paragraph and last_paragraph == paragraph - 1 and last.kind == "direct":
                between = self.text[last.end : self.paragraphs[last_paragraph][1]]
            else:
                continue
            if self._has_other_subject(between):
                continue
            attribution = _Attribution(
                _Cue(last.cue_start, last.cue_end, last.cue, "verb"),
                Speaker(
                    last.speaker,
                    last.speaker_start,
                    last.speaker_end,
                    last.speaker_description,
                    "described" if last.speaker_description else "person",
                ),
                last.sentence,
                self.source_of.get((last.start, last.end)),
            )
            self._add_direct(span, attribution)
            attributed.append((span.start, span.end, self.quotes[-1]))
            attributed.sort(key=lambda item: item[0])

    def _has_other_subject(self, between: str) -> bool:
        """Narration between two quotes that is more than the first one's attribution."""
        stripped = re.sub(r"[\"“”«»„‘’‹›]", "", between)
        return len(re.findall(r"[\w'’-]+", stripped)) > 12

    # -- indirect speech ---------------------------------------------------------------------

    def _indirect_content(
        self,
        attribution: _Attribution,
        unit: _Unit,
        phrase: Phrase | None,
        inverted: bool,
        subject_start: int,
    ) -> tuple[int, int] | None:
        text = self.text
        cue = attribution.cue
        unit_end = _content_end(text, unit.start, unit.end)
        if cue.kind == "according":
            return self._according_content(cue, unit, phrase, unit_end)
        after_cue = phrase.end if inverted and phrase is not None else cue.end
        rest = text[after_cue:unit_end]
        comma_before = _COMMA_BEFORE_SUBJECT.search(text[unit.start : subject_start])
        if comma_before and cue.kind != "weak":
            lead = unit.start + comma_before.start()
            adverbial = _adverbial_tail(rest)
            if adverbial is not None and adverbial == len(rest):
                return self._span(_skip_dateline(text, unit.start, lead), lead)  # "…, X said."
            if adverbial is not None and rest[adverbial - 1 : adverbial] == ",":
                return self._span(
                    _skip_dateline(text, unit.start, unit_end), unit_end
                )  # parenthetical
        if inverted:
            return None
        start = self._content_start(cue, after_cue, unit_end)
        if start is None:
            return None
        end = self._content_stop(start, unit_end, attribution, subject_start, unit)
        return self._span(start, end)

    def _according_content(
        self, cue: _Cue, unit: _Unit, phrase: Phrase | None, unit_end: int
    ) -> tuple[int, int] | None:
        text = self.text
        if phrase is None:
            return None
        leading = text[unit.start : cue.start]
        if not _skip_dateline(text, unit.start, cue.start) < cue.start or not leading.strip():
            comma = text.find(",", phrase.end, unit_end)
            if comma < 0:
                return None
            return self._span(comma + 1, unit_end)  # According to X, …
        tail = text[phrase.end : unit_end]
        lead = re.search(r"[,—–(]\s*$", leading)
        if lead is None:
            return None
        if _adverbial_tail(tail) == len(tail):
            return self._span(
                _skip_dateline(text, unit.start, cue.start), unit.start + lead.start()
            )
        return self._span(_skip_dateline(text, unit.start, unit_end), unit_end)

    def _content_start(self, cue: _Cue, after_cue: int, unit_end: int) -> int | None:
        text = self.text
        lang = self.lang
        position = after_cue
        if cue.word in lang.listener_verbs:
            listener = _LISTENER.match(text, position, unit_end)
            if listener:
                position = listener.end()
        rest = text[position:unit_end]
        that = re.search(rf"(?<![\w-]){lang.complementiser}(?![\w-])\s*,?", rest)
        words_before_that = len(rest[: that.start()].split()) if that else 99
        first = rest.split()[0].lower().strip(",") if rest.split() else ""
        if that and (
            words_before_that == 0 or (words_before_that <= 15 and first in _PREPOSITIONS)
        ):
            position += that.end()
        elif cue.kind == "weak":
            return None
        else:
            time = _TIME_ADVERBIAL.match(text, position, unit_end)
            if time:
                position = time.end()
            elif first == "to" and cue.word in _INTENTION_WORDS:
                pass  # "wants to triple the program", "refused to release": the intention
            elif first in _TRUE_PREPOSITIONS and cue.word not in ("called for", "calls for"):
                # "said after the convention he would not …": a clause opened by a subject
                # pronoun after a short adverbial is the content; otherwise there is none
                # ("said at a press conference")
                clause = re.match(
                    r"\s*(?:[\w'’.-]+\s+){1,8}?(?=(?:he|she|they|we|I|it)\s+[\w'’]+)", rest
                )
                if (
                    clause is None
                    or "," in clause.group(0)
                    or not _VERB_NEXT.match(rest, clause.end())
                ):
                    return None
                position += clause.end()
        while position < unit_end and text[position] in " \t\n,:":
            position += 1
        return position if position < unit_end else None

    def _content_stop(
        self, start: int, unit_end: int, attribution: _Attribution, subject_start: int, unit: _Unit
    ) -> int:
        text = self.text
        end = unit_end
        # "… and emphasized that …": a second cue starts a second quote.
        coordinated = _coordinated_cue(self.lang).search(text[start:end])
        if coordinated:
            end = start + coordinated.start()
        # "…: «quote»": the quote after the colon is the speaker's own words.
        colon = re.search(r":\s*[\"“«„‘]", text[start:end])
        if colon:
            span = self._span_at(start + colon.end() - 1)
            if span is not None:
                self._claim(span, attribution, 1)
            end = start + colon.start()
        # "Even though officials said X, Y": the report ends with the subordinate clause.
        if _SUBORDINATOR.match(text[unit.start : subject_start]):
            comma = _comma_outside_quotes(text, start, end)
            if comma is not None:
                end = comma
        return end

    def _span_at(self, open_pos: int) -> QuotedSpan | None:
        k = bisect.bisect_left(self._span_opens, open_pos)
        if k < len(self.spans) and self.spans[k].open_pos == open_pos:
            return self.spans[k]
        return None

    def _span(self, start: int, end: int) -> tuple[int, int] | None:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
            end -= 1
        if len(text[start:end].split()) < _MIN_WORDS:
            return None
        return start, end

    # -- making quotes -----------------------------------------------------------------------

    def _add_indirect(self, start: int, end: int, attribution: _Attribution) -> None:
        content = self.text[start:end]
        # Content that is exactly one quoted stretch is a direct quote, not indirect speech.
        for span in self.spans:
            if (
                span.open_pos >= start - 1
                and span.close_pos <= end + 1
                and (len(content) - (span.end - span.start) <= 3)
            ):
                self._claim(span, attribution, 1)
                return
        self.attributions.append((start, end, attribution))
        self.quotes.append(self._quote(start, end, "indirect", attribution))

    def _add_direct(self, span: QuotedSpan, attribution: _Attribution) -> None:
        start, end = span.start, span.end
        while end > start and self.text[end - 1] in ", \n\t":
            end -= 1
        if end <= start:
            return
        self.quotes.append(self._quote(start, end, "direct", attribution))

    def _quote(self, start: int, end: int, kind: str, attribution: _Attribution) -> Quote:
        speaker = attribution.speaker
        cue = attribution.cue
        if attribution.source is not None:
            self.source_of[(start, end)] = attribution.source
        return Quote(
            article_id=self.article_id,
            start=start,
            end=end,
            text=self.text[start:end],
            kind="direct" if kind == "direct" else "indirect",
            cue=self.text[cue.start : cue.end],
            cue_start=cue.start,
            cue_end=cue.end,
            speaker=speaker.name,
            speaker_start=speaker.start,
            speaker_end=speaker.end,
            speaker_description=speaker.description,
            sentence=attribution.sentence,
        )

    def _final(self) -> list[Quote]:
        seen: set[tuple[int, int]] = set()
        result: list[Quote] = []
        for quote in sorted(self.quotes, key=lambda q: (q.start, q.end, q.kind)):
            if (quote.start, quote.end) in seen:
                continue
            seen.add((quote.start, quote.end))
            result.append(quote)
        return result

    def _sentence_index(self, offset: int) -> int:
        k = bisect.bisect_right(self._sentence_starts, offset) - 1
        return self.sentences[k].index if k >= 0 else -1


# -- helpers --------------------------------------------------------------------------------


def _units(
    text: str, sentences: Sequence[Sentence], paragraphs: Sequence[tuple[int, int]]
) -> list[_Unit]:
    """Sentences, with one cut by a stray paragraph break joined to its continuation."""
    units: list[_Unit] = []
    starts = [p[0] for p in paragraphs]
    for sentence in sentences:
        if units:
            last = units[-1]
            tail = text[last.end - 1] if last.end > 0 else "."
            first = text[sentence.start]
            # (Not the pieces of a sentence cut for its length: joined again, they would cost
            # what cutting it saved.)
            joined = sentence.end - last.start <= MAX_SENTENCE_CHARS
            if joined and tail not in '.!?:;"”’»)…' and (first.islower() or first.isdigit()):
                last.end = sentence.end
                continue
        paragraph = bisect.bisect_right(starts, sentence.start) - 1
        units.append(_Unit(sentence.start, sentence.end, sentence.index, paragraph))
    return units


def _bare_word(word: str) -> str:
    return word.strip(".,;:'’\"“”()").lower()


def _skip_between(text: str, unit_start: int, cue_start: int) -> int:
    """Back over adverbs between a subject and its verb ("Biden also will", "he later")."""
    prefix = text[unit_start:cue_start]
    match = _BETWEEN.search(prefix)
    if match:
        return unit_start + match.start()
    return cue_start


def _skip_intro(text: str, start: int, limit: int) -> int:
    """Past a leading conjunction or adverb: 'But officials …', 'However, he …'."""
    match = re.match(
        r"\s*(?:(?:But|And|Yet|So|However|Meanwhile|Instead|Still|Also|Pero|Sin embargo)\b,?\s*)+",
        text[start:limit],
    )
    return start + match.end() if match else start


def _skip_dateline(text: str, start: int, limit: int) -> int:
    """Past '(Reuters) -' or '(WASHINGTON) —' at the start of a story."""
    match = _DATELINE.match(text[start:limit])
    if (match and "(" in match.group(0)) or (match and match.group(0).strip()[:-1].isupper()):
        return start + match.end()
    return start


def _content_end(text: str, start: int, end: int) -> int:
    """The end of a sentence without its closing punctuation (kept inside quote marks)."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?;"):
        end -= 1
    return end


def _adverbial_tail(rest: str) -> int | None:
    """How much of ``rest`` (after a cue) is adverbials only — "on Friday", "in a statement",
    "at a press conference before leaving Panama City" — up to a comma or the end; None when
    it holds more (a complement: "that …", a clause, a quote)."""
    stripped = rest.strip()
    if not stripped:
        return len(rest)
    comma = rest.find(",")
    segment = rest if comma < 0 else rest[:comma]
    words = segment.split()
    if len(words) > 10 or any(m in segment for m in _OPEN_MARKS):
        return None
    if any(w.lower() in ("that", "que") for w in words):
        return None
    if words and words[0].lower() not in _PREPOSITIONS and not _TIME_ADVERBIAL.match(segment):
        return None
    return len(rest) if comma < 0 else comma + 1


def _comma_outside_quotes(text: str, start: int, end: int) -> int | None:
    depth = 0
    for i in range(start, end):
        char = text[i]
        if char in "“«„‘":
            depth += 1
        elif char in "”»’" and depth:
            depth -= 1
        elif char == '"':
            depth = 0 if depth else 1
        elif char == "," and depth == 0:
            return i
    return None


def _utterance(content: str) -> bool:
    """Quoted words that read as speech rather than a name or a scare-quoted phrase: a whole
    sentence, or a clause that starts in capitals and ends with punctuation."""
    stripped = content.strip()
    return bool(stripped) and stripped[0].isupper() and stripped[-1] in ".!?,…;:"

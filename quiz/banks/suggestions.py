"""The label `new-bank` suggests for a sentence, from cue words, and the words that gave it away.

No model and no network: a short list of cue words per claim type and language, applied in
the order of LABELLING.md's tie-break rules, the first that fits deciding:

1. attribution verbs (*said, according to, reportedly*) → fact (T1: a report of what was said);
2. recommendation and modal words (*should, must, needs to*) → opinion (T2);
3. a question, labels for people, loaded words → rhetoric (T3), with a technique:
   `doubt` for a question, `name-calling` for a label, `loaded-language` for a loaded word;
4. evaluative words (*failed, good, cruel, mistake*) → opinion (T5);
5. hedges and inference verbs, predictions, motives and causes (*suggests, probably, may,
   wants to, because*) → inference (T6);
6. otherwise → fact (T7), with its numbers and dates as cues.

A suggestion is a start, not a label: `new-bank` marks each `suggested: true`, and
`validate` warns until a teacher has checked it. AUTHORING.md lists the words and gives how
often the suggestions agree with the shipped bank's labels (tests/test_suggestions.py
measures it). A word ending in `*` stands for any word that starts so (`suggest*`:
suggests, suggested …), for languages that inflect.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class CueWords:
    """The cue words of one language, by the rule of LABELLING.md each stands for."""

    attribution: tuple[str, ...]  # fact, T1
    recommendation: tuple[str, ...]  # opinion, T2
    labels: tuple[str, ...]  # rhetoric (name-calling), T3
    loaded: tuple[str, ...]  # rhetoric (loaded-language), T3
    judgment: tuple[str, ...]  # opinion, T5
    inference: tuple[str, ...]  # inference, T6
    months: tuple[str, ...]  # with numbers: the dates a fact gives (T7)
    not_in_ids: tuple[str, ...] = ()  # articles and the like, left out of the ids made from a sentence


CUE_WORDS: dict[str, CueWords] = {
    "en": CueWords(
        attribution=(
            "said", "says", "say", "told", "tells", "stated", "wrote", "writes",
            "reported", "reportedly", "according to", "announced", "revealed", "claimed",
            "confirmed", "declared", "insisted", "testified", "experts say", "in this view",
        ),
        recommendation=(
            "should", "shouldn’t", "shouldn't", "must", "ought to", "needs to", "need to",
            "has to", "have to", "it is time to", "had better",
        ),
        labels=(
            "apologist*", "dictator*", "tyrant*", "thug*", "puppet*", "cronies", "crony",
            "stooge*", "zealot*", "fanatic*", "warmonger*", "propagandist*",
        ),
        loaded=(
            "shameful", "disastrous", "disaster", "reckless", "outrageous", "appalling",
            "heartless", "bloodcurdling", "evil", "monstrous", "murderous", "barbaric", "savage",
            "sinister", "rape", "slaughter", "catastroph*", "absurd", "ridiculous", "pathetic",
            "paranoid", "nefarious", "propaganda", "peddle*", "so-called", "conspiracy theor*",
            "echo chamber*", "sham", "farce", "charade", "vile", "despicable", "horrific",
            "scourge",
        ),
        judgment=(
            "failed", "failure", "good", "bad", "better", "worse", "best", "worst", "wrong",
            "mistake*", "foolish", "naive", "naïve", "wise", "unwise", "cruel", "matters",
            "succeeded", "the problem", "irresponsible", "unfortunately", "sadly", "frankly",
            "fair", "unfair", "deserve*",
        ),
        inference=(
            "suggest*", "signal*", "indicat*", "implies", "means that", "probably", "likely",
            "unlikely", "perhaps", "maybe", "may", "might", "could", "seem*", "appears",
            "apparently", "presumably", "will be", "would become", "wants to", "want to",
            "wish to", "bent on", "in order to", "in the hope of", "willing to", "worried",
            "due to", "led to", "leads to", "because", "therefore", "encourage*", "aims to",
            "intends to", "determined to", "a sign that",
        ),
        months=(
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ),
        not_in_ids=("the", "a", "an"),
    ),
    "es": CueWords(
        attribution=(
            "dijo", "dice", "dicen", "afirmó", "afirma", "declaró", "escribió", "informó",
            "según", "anunció", "reveló", "aseguró", "señaló", "sostuvo", "expertos dicen",
            "al parecer, según",
        ),
        recommendation=(
            "debería*", "debe", "deben", "debemos", "tiene que", "tienen que", "hay que",
            "es hora de", "necesita", "necesitan",
        ),
        labels=("dictador*", "tirano*", "matón", "matones", "títere*", "secuaz*", "fanático*"),
        loaded=(
            "vergonzos*", "desastros*", "desastre", "temerari*", "escandalos*", "atroz",
            "despiadad*", "malvad*", "monstruos*", "bárbar*", "siniestr*", "catastróf*",
            "absurd*", "ridícul*", "patétic*", "paranoic*", "propaganda", "supuest*", "farsa",
            "vil", "despreciable", "horrible",
        ),
        judgment=(
            "fracas*", "bueno", "buena", "malo", "mala", "mejor", "peor", "equivocad*",
            "error", "insensat*", "ingenu*", "sabi*", "cruel", "imperfect*", "importa",
            "credibilidad", "el problema", "irresponsable", "lamentablemente",
            "francamente", "justo", "injusto",
        ),
        inference=(
            "sugiere*", "indica*", "señal de", "significa que", "probablemente", "probable",
            "quizá*", "tal vez", "puede que", "podría*", "parece*", "aparentemente", "será",
            "quiere*", "con el fin de", "para que", "dispuest* a", "preocupad*", "debido a",
            "llevó a", "porque", "por lo tanto", "por eso",
        ),
        months=(
            "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre",
        ),
        not_in_ids=("el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del"),
    ),
    "fr": CueWords(
        attribution=(
            "a dit", "dit", "disent", "a déclaré", "déclare", "a affirmé", "affirme", "a écrit",
            "écrit", "selon", "d’après", "d'après", "a annoncé", "a révélé", "a indiqué",
            "aurait", "auraient", "rapporte*", "experts estiment",
        ),
        recommendation=(
            "devrai*", "doit", "doivent", "il faut", "il faudrait", "faut", "a besoin de",
            "il est temps de",
        ),
        labels=("dictateur*", "tyran*", "voyou*", "marionnette*", "sbire*", "fanatique*"),
        loaded=(
            "honteu*", "désastreu*", "désastre", "irresponsable*", "scandaleu*", "atroce*",
            "impitoyable*", "maléfique*", "monstrueu*", "barbare*", "sinistre*",
            "catastroph*", "absurde*", "ridicule*", "pathétique*", "paranoïaque*",
            "propagande", "prétendu*", "soi-disant", "farce", "ignoble*", "méprisable*",
            "horrible*",
        ),
        judgment=(
            "échec", "échoué", "bon", "bonne", "mauvais*", "meilleur*", "pire", "erron*",
            "erreur", "naïf*", "naïve*", "sage*", "cruel*", "imparfait*", "compte",
            "crédibilité", "le problème", "malheureusement", "franchement", "juste",
            "injuste",
        ),
        inference=(
            "suggère*", "indique*", "signe que", "signifie que", "probablement", "probable",
            "sans doute", "peut-être", "pourrai*", "semble*", "apparemment", "sera",
            "veut", "veulent", "afin de", "pour que", "prêt* à", "inquiet*", "en raison de",
            "à cause de", "a conduit à", "parce que", "donc",
        ),
        months=(
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre",
        ),
        not_in_ids=("le", "la", "les", "l", "un", "une", "des", "de", "du", "d"),
    ),
    "de": CueWords(
        attribution=(
            "sagte*", "sagt", "sagen", "erklärte*", "erklärt", "schrieb*", "berichtete*",
            "berichtet", "laut", "zufolge", "kündigte*", "enthüllte*", "betonte*",
            "behauptete*", "angeblich", "experten sagen",
        ),
        recommendation=(
            "sollte*", "soll", "sollen", "muss", "müssen", "müsste*", "braucht",
            "es ist zeit",
        ),
        labels=("diktator*", "tyrann*", "schläger*", "marionette*", "handlanger*", "fanatiker*"),
        loaded=(
            "schändlich*", "verheerend*", "katastroph*", "rücksichtslos*", "skandalös*",
            "entsetzlich*", "herzlos*", "böse*", "monströs*", "barbarisch*", "finster*",
            "absurd*", "lächerlich*", "erbärmlich*", "paranoid*", "propaganda", "sogenannt*",
            "farce", "schäbig*", "verachtenswert*", "grauenhaft*",
        ),
        judgment=(
            "gescheitert*", "versagt", "gut", "gute*", "schlecht*", "besser*", "schlimmer*",
            "falsch*", "fehler", "töricht*", "naiv*", "klug*", "grausam*", "unvollkommen*",
            "glaubwürdigkeit", "das problem", "unverantwortlich*", "leider", "offen gesagt",
            "gerecht*", "ungerecht*",
        ),
        inference=(
            "deutet*", "legt nahe", "zeigt, dass", "signalisiert", "bedeutet, dass",
            "wahrscheinlich", "vermutlich", "vielleicht", "möglicherweise", "könnte*", "dürfte*",
            "scheint*", "offenbar", "anscheinend", "wird", "werden", "will", "wollen", "um zu",
            "bereit", "besorgt", "wegen", "aufgrund", "führte zu", "weil", "daher", "deshalb",
        ),
        months=(
            "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember",
        ),
        not_in_ids=("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem"),
    ),
    "ru": CueWords(
        attribution=(
            "сказал*", "заявил*", "говорят", "написал*", "сообщил*", "сообщает*",
            "по словам", "по данным", "согласно", "объявил*", "по сообщениям", "якобы",
            "эксперты считают",
        ),
        recommendation=(
            "должен", "должна", "должны", "должно", "следует", "нужно", "надо", "необходимо",
            "пора",
        ),
        labels=("диктатор*", "тиран*", "бандит*", "марионет*", "приспешник*", "фанатик*"),
        loaded=(
            "позорн*", "катастроф*", "безрассудн*", "возмутительн*", "чудовищн*", "бессердечн*",
            "злобн*", "варварск*", "зловещ*", "абсурдн*", "нелеп*", "жалк*", "параноид*",
            "пропаганд*", "так называем*", "фарс", "подл*", "презренн*", "ужасн*",
        ),
        judgment=(
            "провал*", "хорош*", "плох*", "лучше", "хуже", "лучш*", "худш*", "ошиб*",
            "глуп*", "наивн*", "мудр*", "жесток*", "несовершенн*", "важно", "доверие",
            "проблема в том", "безответственн*", "к сожалению", "честно говоря",
            "справедлив*", "несправедлив*",
        ),
        inference=(
            "говорит о том", "свидетельствует", "означает", "указывает", "вероятно",
            "скорее всего", "возможно", "может", "могут", "мог бы", "кажется", "видимо",
            "по-видимому", "будет", "хочет", "хотят", "чтобы", "готов*", "обеспокоен*",
            "из-за", "привело к", "потому что", "поэтому",
        ),
        months=(
            "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря",
        ),
    ),
}
LANGUAGES = tuple(CUE_WORDS)
# The techniques a rhetoric suggestion names, by what gave it away.
QUESTION_TECHNIQUE = "doubt"
LABEL_TECHNIQUE = "name-calling"
LOADED_TECHNIQUE = "loaded-language"
MAX_CUES = 3


@dataclass(frozen=True)
class Suggestion:
    """A suggested label for a passage: its type, the words that gave it away, a technique."""

    answer: str
    cues: tuple[str, ...] = ()
    technique: str | None = None


def cue_language(language: str) -> str | None:
    """The language of CUE_WORDS for a bank's `language` ("pt-BR" → None, "es-MX" → "es")."""
    base = re.split(r"[-_]", language.lower(), maxsplit=1)[0]
    return base if base in CUE_WORDS else None


def suggest(passage: str, language: str = "en") -> Suggestion | None:
    """The label suggested for `passage`, or None for a language without cue words."""
    known = cue_language(language)
    if known is None:
        return None
    words = CUE_WORDS[known]
    found = _finder(known)
    attribution = found("attribution", passage)
    if attribution:
        return Suggestion("fact", attribution)
    recommendation = found("recommendation", passage)
    if recommendation:
        return Suggestion("opinion", recommendation)
    question = _question(passage)
    if question:
        return Suggestion("rhetoric", (question,), QUESTION_TECHNIQUE)
    labels = found("labels", passage)
    if labels:
        return Suggestion("rhetoric", labels, LABEL_TECHNIQUE)
    loaded = found("loaded", passage)
    if loaded:
        return Suggestion("rhetoric", loaded, LOADED_TECHNIQUE)
    judgment = found("judgment", passage)
    if judgment:
        return Suggestion("opinion", judgment)
    inference = found("inference", passage)
    if inference:
        return Suggestion("inference", inference)
    return Suggestion("fact", _numbers_and_dates(passage, words.months))


def _question(passage: str) -> str:
    """The first words of `passage` if it is a question (asked in its own voice), else ""."""
    text = passage.strip().rstrip("”’\"'»")
    if not text.endswith(("?", "？")):
        return ""
    first = re.match(r"[¿¡]?\S+(?:\s+\S+){0,3}", passage.strip())
    return first.group().rstrip("?？,;:") if first else ""


@cache
def _patterns(language: str) -> dict[str, re.Pattern[str]]:
    words = CUE_WORDS[language]
    return {
        name: _pattern(getattr(words, name))
        for name in ("attribution", "recommendation", "labels", "loaded", "judgment", "inference")
    }


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for `phrases`: whole words, any case, `*` for the rest of a word."""
    alternatives = []
    # Longest first, so that "according to" is taken before a shorter phrase inside it.
    for phrase in sorted(phrases, key=len, reverse=True):
        parts = [re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "") for word in phrase.split()]
        alternatives.append(r"\s+".join(parts))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _finder(language: str):  # type: ignore[no-untyped-def]
    patterns = _patterns(language)
    months = {month.casefold() for month in CUE_WORDS[language].months}

    def found(kind: str, passage: str) -> tuple[str, ...]:
        cues: list[str] = []
        for match in patterns[kind].finditer(passage):
            if match.group().casefold() in months and _beside_a_number(passage, *match.span()):
                continue  # "on 9 May" is a date, not the "may" of a guess
            if match.group() not in cues:
                cues.append(match.group())
        return tuple(cues[:MAX_CUES])

    return found


def _beside_a_number(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"\d[.,]?\s*$", text[:start]) or re.match(r"\s*\d", text[end:]))


def _numbers_and_dates(passage: str, months: tuple[str, ...]) -> tuple[str, ...]:
    """Numbers, sums and dates in `passage`, as cues for a fact ("9 May", "$40,000", "2015")."""
    month = "|".join(re.escape(name) for name in months)
    number = r"[$€£]?(?:\d[\d,.]*\d|\d)(?:-\d+)?%?(?:-[^\W\d_]+)?"  # 40,000 · 2012-16 · 5% · 20-year
    pattern = re.compile(
        rf"(?<!\w)(?:(?:\d{{1,2}}\.?\s+(?:de\s+)?(?:{month})(?:\s+(?:de\s+)?\d{{4}})?)|(?:(?:{month})\s+\d{{1,2}}(?:,\s+\d{{4}})?)"
        rf"|(?:(?:{number})(?:\s+(?:billion|million|thousand|percent|per cent))?))(?!\w)",
        re.IGNORECASE,
    )
    cues: list[str] = []
    for match in pattern.finditer(passage):
        if match.group() not in cues:
            cues.append(match.group())
    return tuple(cues[:MAX_CUES])


# Cyrillic in ids: ids are plain letters and digits (they name stored scores and folders).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
         "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"],
    )
)
MAX_ID_WORDS = 6
MAX_ID_LENGTH = 48


def id_from_words(sentence: str, language: str = "en") -> str:
    """A short id made of the first words of `sentence` ("The council will vote on 9 May …"
    → "council-will-vote-on-9-may"); "" when it has no letters or digits to make one of.

    The same sentence always gives the same id, wherever it stands in the article: adding
    or removing a paragraph does not rename the items after it.
    """
    known = cue_language(language)
    skip = set(CUE_WORDS[known].not_in_ids) if known else set()
    folded = "".join(_CYRILLIC.get(char, char) for char in sentence.lower())
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    words = [word for word in re.findall(r"[a-z0-9]+", ascii_text) if word not in skip]
    chosen: list[str] = []
    for word in words:
        if len(chosen) == MAX_ID_WORDS or len("-".join([*chosen, word])) > MAX_ID_LENGTH:
            break
        chosen.append(word)
    return "-".join(chosen)

"""The shipped content: the article as published, and a bank a teacher would sign."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quiz.banks import load_bank, load_catalog
from quiz.paths import content_dir, default_bank_path

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
TECHNIQUES = {
    "Loaded Language", "Name Calling/Labeling", "Repetition", "Exaggeration/Minimisation",
    "Doubt", "Appeal to Fear/Prejudice", "Flag-Waving", "Causal Oversimplification", "Slogans",
    "Appeal to Authority", "Black-and-White Fallacy", "Thought-terminating Cliché",
    "Whataboutism/Straw Man/Red Herring", "Bandwagon/Reductio ad Hitlerum",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def bank(catalog):
    return load_bank(default_bank_path(), catalog)


def test_the_article_metadata_is_what_the_source_gives(bank):
    article = bank.article
    assert article.title == "Totalitarians Inc."
    assert article.dek == (
        "Why is Joe Biden alternately ignoring and funding the ever-closer alliance between "
        "Iran and Putin?"
    )
    assert (article.author, article.publication, article.date) == (
        "Emanuele Ottolenghi", "Tablet", "2022-08-12"
    )
    assert article.author_bio.startswith("Emanuele Ottolenghi (@eottolenghi) is a Senior Fellow")
    assert "http" not in (content_dir() / "totalitarians-inc" / "article.yaml").read_text()


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is kept outside the repository")
def test_the_paragraphs_are_the_published_body_word_for_word(bank):
    source_paragraphs = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    paragraphs = bank.article.paragraphs
    assert paragraphs[0] == "Are Russia and Iran forging a strategic alliance?"
    assert paragraphs[-1].startswith("The past is not a foreign country")
    for paragraph in paragraphs:
        assert paragraph in source_paragraphs
    # every body paragraph between the first and the last is kept (the pull quote aside)
    first = source_paragraphs.index(paragraphs[0])
    last = source_paragraphs.index(paragraphs[-1])
    body = [p for p in source_paragraphs[first : last + 1] if p]
    pull_quote = [p for p in body if body.count(p) == 1 and p not in paragraphs]
    # the one left out is the pull quote, which repeats words of a later paragraph
    assert len(pull_quote) == 1
    assert "its rape of Ukraine" in paragraphs[20]
    assert "echoes Iran’s bloodcurdling dehumanization of Israel" in paragraphs[20]
    assert len(paragraphs) == len(body) - 1


def test_the_bank_is_large_covers_every_paragraph_and_balances_types(bank):
    items = bank.items
    assert len(items) >= 70
    assert {i.paragraph for i in items} == set(range(1, len(bank.article.paragraphs) + 1))
    counts = Counter(i.answer for i in items)
    for type_id in ("fact", "inference", "opinion", "rhetoric"):
        assert counts[type_id] / len(items) >= 0.15, (type_id, counts)


def test_every_passage_and_cue_is_exact_text_from_the_article(bank):
    for item in bank.items:
        assert item.passage in bank.article.paragraph(item.paragraph), item.id
        assert item.cues, f"{item.id} has no cue"
        for cue in item.cues:
            assert cue in item.passage, (item.id, cue)


def test_alternatives_differ_from_the_answer_and_are_used_sparingly(bank):
    with_alternatives = [i for i in bank.items if i.accept]
    for item in with_alternatives:
        assert item.answer not in item.accept, item.id
    assert len(with_alternatives) <= len(bank.items) * 0.4


def test_each_item_teaches_in_one_to_three_sentences_naming_its_cue(bank):
    for item in bank.items:
        sentences = [s for s in re.split(r"(?<=[.!?])[”’\"]?\s+", item.explanation.strip()) if s]
        assert 1 <= len(sentences) <= 3, (item.id, sentences)
        assert any(cue in item.explanation for cue in item.cues), item.id
        assert item.difficulty in ("easy", "medium", "hard")


def test_rhetoric_names_one_of_the_fourteen_semeval_techniques(bank, catalog):
    assert {t.name for t in catalog.techniques} == TECHNIQUES
    for item in bank.items:
        assert (item.technique is not None) == (item.answer == "rhetoric"), item.id


def test_explanations_stay_neutral(bank):
    # Words that would take a side on the article's claims rather than describe its language.
    verdicts = re.compile(r"\b(true|false|lie|lies|lying|correct claim|biased|wrong about)\b", re.I)
    for item in bank.items:
        assert not verdicts.search(item.explanation), (item.id, item.explanation)


# --- Items that teach the skill (issue 16) ------------------------------------------------------

GUIDE = Path(__file__).resolve().parents[1] / "LABELLING.md"
# A passage the learner must judge alone may not lean on words outside it.
# A demonstrative with its noun ("This budget …") may stand; a bare one ("This is …") may not.
LEADING_PRONOUN = re.compile(
    r"^(It|It’s|Its|They|Their|Them|He|She|His|Her|Such|That’s|This’s)\b"
    r"|^(This|That|These|Those)\s+(is|was|are|were|has|had|have|will|would|may|might|can|could|does|did|not)\b"
)
DANGLING_CLAUSE = re.compile(
    r"^(when|if|because|although|though|while|as|which|who|whose|whom|where)\b", re.I
)
MAX_EXPLANATION_WORDS = 50


def guide_signals() -> dict[str, list[str]]:
    """The typical signal words of each type, from the table in section 1 of LABELLING.md."""
    signals: dict[str, list[str]] = {}
    row = re.compile(r"\|\s*\*\*(fact|inference|opinion|rhetoric)\*\*\s*\|[^|]*\|(.*)\|\s*$")
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if match := row.match(line):
            phrases = re.findall(r"\*([^*]+)\*", match.group(2))
            signals[match.group(1)] = [
                word.strip() for phrase in phrases for word in phrase.split(",") if word.strip()
            ]
    return signals


def signal_hits(passage: str, signals: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(type, word) for every signal in `passage`: the guide's words, and any number for fact."""
    hits = []
    lowered = passage.lower()
    for type_id, words in signals.items():
        for word in words:
            pattern = r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)"
            hits += [(type_id, word) for _ in re.finditer(pattern, lowered)]
    hits += [("fact", number) for number in re.findall(r"\d[\d,.]*", passage)]
    return hits


def test_every_passage_stands_alone_or_comes_with_its_paragraph(bank):
    leaning = [
        (item.id, item.passage[:60])
        for item in bank.items
        if not item.needs_context
        and (LEADING_PRONOUN.match(item.passage) or DANGLING_CLAUSE.match(item.passage))
    ]
    assert not leaning, "cut a longer passage or set needs_context: true"
    assert sum(item.needs_context for item in bank.items) <= len(bank.items) * 0.1


def test_explanations_are_short_enough_to_be_read(bank):
    for item in bank.items:
        words = len(item.explanation.split())
        assert words <= MAX_EXPLANATION_WORDS, (item.id, words)


def test_few_items_are_settled_by_spotting_one_signal_word(bank):
    # A keyword-spotting student: where the passage has one signal word of the guide's table,
    # and it belongs to the right type, spotting it is enough. At most one item in ten.
    signals = guide_signals()
    assert set(signals) == {"fact", "inference", "opinion", "rhetoric"}
    assert all(len(words) >= 3 for words in signals.values()), signals
    giveaways = []
    for item in bank.items:
        hits = signal_hits(item.passage, signals)
        if len(hits) == 1 and hits[0][0] == item.answer:
            giveaways.append((item.id, hits[0][1]))
    assert len(giveaways) <= len(bank.items) * 0.1, giveaways


def test_the_guide_gives_away_no_answer_of_the_bank(bank):
    # Section 11 reports the agreement with this bank item by item, after a warning to readers.
    rules = GUIDE.read_text(encoding="utf-8").split("## 11. Agreement")[0]
    guide = re.sub(r"\s+", " ", rules).lower()
    for item in bank.items:
        words = item.passage.lower().split()
        for start in range(len(words) - 3):
            run = " ".join(words[start : start + 4])
            assert run not in guide, (item.id, run)
        for cue in item.cues:
            if len(cue.split()) >= 2:
                assert cue.lower() not in guide, (item.id, cue)


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's κ of two labellings of the same items: agreement beyond what chance gives."""
    observed = sum(a == b for a, b in zip(first, second)) / len(first)
    counts_first, counts_second = Counter(first), Counter(second)
    chance = sum(counts_first[label] * counts_second[label] for label in counts_first) / len(first) ** 2
    return (observed - chance) / (1 - chance)


def test_independent_readers_agree_with_the_bank(bank):
    # Two blind labellings of the whole bank (LABELLING.md, section 11): the bank must still be
    # what they were measured against, every item labelled, and every disagreement accepted.
    folder = content_dir() / "totalitarians-inc" / "agreement"
    answers = {item.id: item for item in bank.items}
    for reader in ("reader-a.csv", "reader-b.csv"):
        lines = (folder / reader).read_text(encoding="utf-8").splitlines()[1:]
        labels = {line.split(",")[0]: line.split(",")[1] for line in lines}
        assert set(labels) == set(answers), reader
        ids = sorted(answers)
        kappa = cohen_kappa([answers[i].answer for i in ids], [labels[i] for i in ids])
        assert kappa >= 0.8, (reader, kappa)
        for item_id, label in labels.items():
            item = answers[item_id]
            assert label == item.answer or label in item.accept, (reader, item_id, label)

"""`media-quiz new-bank`: start a bank for a new article from a plain text file.

The text file holds the article as a teacher would paste it:

    Title of the article
    Author: Jane Doe
    Publication: The Daily Example
    Date: 2024-05-01
    Subtitle: The line under the title (optional)

    First paragraph, which may run
    over several lines.

    Second paragraph.

The first block is a header when it has `Key: value` lines (its first line, if not such a
line, is the title); otherwise the whole file is paragraphs and the title, author … come
from the options. Paragraphs are separated by blank lines. What is given neither way is
written as TODO, which `media-quiz validate` reports until it is filled in.

Two files come out: `article.yaml` (the paragraphs) and `bank.yaml` with one item per
sentence, its label and explanation left as TODO.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from quiz.i18n import _, ngettext
from quiz.banks.bank import LANGUAGE_PATTERN
from quiz.banks.fields import TODO
from quiz.paths import schemas_dir
from quiz.banks.sentences import split_sentences
from quiz.banks.suggestions import Suggestion, cue_language, id_from_words, suggest

# Header keys in the text file, and the article field each fills.
_HEADER_KEYS = {
    "title": "title",
    "subtitle": "dek",
    "author": "author",
    "publication": "publication",
    "date": "date",
}
_HEADER_LINE = re.compile(r"\s*(?P<key>[A-Za-z]+)\s*:\s*(?P<value>.*\S)\s*$")
DEFAULT_COUNT = 20


class ScaffoldError(Exception):
    """The skeleton cannot be made; the message says why and what to do."""


@dataclass
class ArticleText:
    """An article read from a text file: metadata (article field → value) and paragraphs."""

    metadata: dict[str, str] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)


def parse_article_text(text: str) -> ArticleText:
    """The header and paragraphs of an article text file (format in the module docstring)."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    article = ArticleText()
    if blocks and _is_header(blocks[0]):
        for number, line in enumerate(blocks.pop(0)):
            match = _header_match(line)
            if match:
                article.metadata[_HEADER_KEYS[match.group("key").lower()]] = match.group("value")
            elif number == 0:
                article.metadata["title"] = _one_line(line)
    # Lines of a paragraph are joined: a passage must match the article word for word, and
    # line breaks from the text file would be invisible differences.
    article.paragraphs = [_one_line(" ".join(block)) for block in blocks]
    return article


def _header_match(line: str) -> re.Match[str] | None:
    match = _HEADER_LINE.match(line)
    return match if match and match.group("key").lower() in _HEADER_KEYS else None


def _is_header(block: list[str]) -> bool:
    keyed = [bool(_header_match(line)) for line in block]
    return any(keyed) and all(keyed[1:])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def slug(text: str) -> str:
    """An id made of lower-case letters, digits and hyphens ("Totalitarians Inc." → "totalitarians-inc")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def new_bank(
    article_txt: Path,
    out_dir: Path,
    *,
    article_id: str | None = None,
    title: str | None = None,
    author: str | None = None,
    publication: str | None = None,
    date: str | None = None,
    language: str = "en",
) -> list[Path]:
    """Write `article.yaml` and a `bank.yaml` skeleton for `article_txt` into `out_dir`.

    Options override the text file's header. Each item's label is suggested from the cue
    words of `language` (see quiz.banks.suggestions), when there are some for it; else it is
    left as TODO. Returns the files written. Raises
    ScaffoldError, before writing anything, if the text cannot be read, has no paragraphs,
    or either file already exists.
    """
    if not LANGUAGE_PATTERN.fullmatch(language):
        raise ScaffoldError(
            _("“{value}” is not a language code; write one such as en, es or pt-BR").format(value=language)
        )
    text = _read_text(article_txt)
    article = parse_article_text(text)
    if not article.paragraphs:
        raise ScaffoldError(
            _("{path}: no paragraphs found; separate the paragraphs with blank lines").format(
                path=article_txt
            )
        )
    given = {"title": title, "author": author, "publication": publication, "date": date}
    article.metadata.update({key: value for key, value in given.items() if value})
    article_id = slug(article_id or out_dir.resolve().name) or "article"

    article_path = out_dir / "article.yaml"
    bank_path = out_dir / "bank.yaml"
    existing = [path for path in (article_path, bank_path) if path.exists()]
    if existing:
        raise ScaffoldError(
            _("{path} already exists; choose another --out folder or move the file away").format(
                path=existing[0]
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    article_path.write_text(
        _article_yaml(article_id, article, article_txt.name, out_dir), encoding="utf-8"
    )
    bank_path.write_text(
        _bank_yaml(article_id, article, article_txt.name, out_dir, language), encoding="utf-8"
    )
    return [article_path, bank_path]


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScaffoldError(_("{path}: file not found; check the path").format(path=path)) from None
    except IsADirectoryError:
        raise ScaffoldError(_("{path}: this is a folder; name a text file").format(path=path)) from None
    except OSError as error:
        raise ScaffoldError(
            _("{path}: cannot read the file ({reason})").format(path=path, reason=error.strerror)
        ) from None
    try:
        return raw.decode("utf-8-sig")  # -sig: editors on Windows start the file with a BOM
    except UnicodeDecodeError:
        raise ScaffoldError(
            _("{path}: the file is not UTF-8 text; save it as UTF-8").format(path=path)
        ) from None


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar on one line, whatever characters it holds."""
    return yaml.dump(text, default_style='"', allow_unicode=True, width=math.inf).strip()


def _schema_line(out_dir: Path, schema: str) -> str:
    """The line that lets editors check the file against the shipped schema."""
    target = schemas_dir().resolve() / schema
    try:
        relative = Path(os.path.relpath(target, out_dir.resolve()))
    except ValueError:  # another drive on Windows: no relative path exists
        relative = None
    # Relative when close (content/<id>/ in a checkout or an installed package): it keeps
    # working when the project moves. From far away, a file URI is clearer than ../../../../.
    if relative is not None and relative.parts.count("..") <= 3:
        where = relative.as_posix()
    else:
        where = target.as_uri()
    return f"# yaml-language-server: $schema={where}\n"


def _comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.splitlines())


def _article_yaml(article_id: str, article: ArticleText, source: str, out_dir: Path) -> str:
    meta = article.metadata
    lines = [
        _schema_line(out_dir, "article.schema.json"),
        _comment(
            _(
                "The article as data, made by `media-quiz new-bank` from {source}.\n"
                "Items in bank.yaml refer to paragraphs by number, counting from 1:\n"
                "if you change a paragraph here, check the bank with `media-quiz validate`."
            ).format(source=source)
        ),
        f"id: {_quoted(article_id)}\n",
        f"title: {_quoted(meta.get('title', TODO))}\n",
    ]
    if meta.get("dek"):
        lines.append(f"dek: {_quoted(meta['dek'])}\n")
    for key in ("author", "publication", "date"):
        lines.append(f"{key}: {_quoted(meta.get(key, TODO))}\n")
    lines.append("paragraphs:\n")
    lines.extend(f"  - {_quoted(paragraph)}\n" for paragraph in article.paragraphs)
    return "".join(lines)


def _bank_yaml(article_id: str, article: ArticleText, source: str, out_dir: Path, language: str) -> str:
    items = []
    ids: set[str] = set()
    suggesting = cue_language(language) is not None
    for number, paragraph in enumerate(article.paragraphs, 1):
        for index, sentence in enumerate(split_sentences(paragraph), 1):
            item_id = _unique(id_from_words(sentence, language) or f"p{number}-s{index}", ids)
            items.append(_item_yaml(item_id, number, sentence, suggest(sentence, language)))
    count = min(DEFAULT_COUNT, len(items))
    if suggesting:
        guide = _(
            "A question bank made by `media-quiz new-bank` from {source}: one item per sentence.\n"
            "Each item's answer and cues (and a rhetoric item's technique) are only suggested,\n"
            "from cue words (see “What new-bank suggests” in AUTHORING.md). For each item you keep:\n"
            "  answer       check it: fact, inference, opinion or rhetoric (LABELLING.md has the rules)\n"
            "  cues         the words that give the type away, copied exactly\n"
            "  explanation  replace TODO with a sentence or two on why\n"
            "  suggested    delete this line once you have checked the item\n"
            "Delete the items not worth asking, and cut a passage to the words that matter.\n"
            "`media-quiz validate {folder}` lists what is left to do; AUTHORING.md has the guide."
        )
    else:
        guide = _(
            "A question bank made by `media-quiz new-bank` from {source}: one item per sentence.\n"
            "For each item you keep:\n"
            "  answer       replace TODO with fact, inference, opinion or rhetoric\n"
            "               (rhetoric also needs `technique:`, e.g. loaded-language)\n"
            "  cues         the words that give the type away, copied exactly\n"
            "  explanation  replace TODO with a sentence or two on why\n"
            "Delete the items not worth asking, and cut a passage to the words that matter.\n"
            "`media-quiz validate {folder}` lists what is left to do; AUTHORING.md has the guide."
        )
    ids_note = _(
        "Each id is made from its sentence's first words. Rename any now, before students play\n"
        "the bank: scores are kept by item id, so an item renamed later starts again with no history."
    )
    header = _comment(guide.format(source=source, folder=out_dir.as_posix()) + "\n" + ids_note)
    return (
        _schema_line(out_dir, "bank.schema.json")
        + header
        + f"id: {_quoted(article_id)}\n"
        + f"title: {_quoted(article.metadata.get('title', TODO))}\n"
        + "article: article.yaml\n"
        + f"language: {_quoted(language)}\n"
        + "options:\n"
        + "  mode: practice  " + _comment(_("or exam: feedback only at the end"))
        + f"  count: {count}  " + _comment(_("questions in one round"))
        + "  shuffle: true\n"
        + "  partial_credit: 0.5  " + _comment(_("points for an answer listed under `accept:`"))
        + "  " + _comment(_("time_limit: 15  (minutes; leave out for no limit)"))
        + "items:\n"
        + "".join(items)
    )


def _unique(item_id: str, taken: set[str]) -> str:
    """`item_id`, or with -2, -3 … after it when an earlier sentence has it already."""
    candidate, number = item_id, 1
    while candidate in taken:
        number += 1
        candidate = f"{item_id}-{number}"
    taken.add(candidate)
    return candidate


def _item_yaml(item_id: str, paragraph: int, sentence: str, suggestion: Suggestion | None) -> str:
    lines = [
        f"  - id: {item_id}\n",
        f"    paragraph: {paragraph}\n",
        f"    passage: {_quoted(sentence)}\n",
    ]
    if suggestion is None:
        lines += [f"    answer: {TODO}\n", "    cues: []\n"]
    else:
        lines.append(f"    answer: {suggestion.answer}\n")
        if suggestion.technique:
            lines.append(f"    technique: {suggestion.technique}\n")
        lines.append("    suggested: true\n")
        lines.append("    cues: [" + ", ".join(_quoted(cue) for cue in suggestion.cues) + "]\n")
    lines.append(f"    explanation: {TODO}\n")
    return "".join(lines)


def main(
    article_txt: str,
    out_dir: str,
    *,
    article_id: str | None = None,
    title: str | None = None,
    author: str | None = None,
    publication: str | None = None,
    date: str | None = None,
    language: str = "en",
) -> int:
    """The `new-bank` command: write the files, say what to do next; the exit status."""
    source = Path(article_txt)
    if not source.is_file():
        print(
            _("media-quiz new-bank: {path}: no such file; name the article's text file").format(
                path=article_txt
            ),
            file=sys.stderr,
        )
        return 2
    try:
        written = new_bank(
            source, Path(out_dir), article_id=article_id, title=title, author=author,
            publication=publication, date=date, language=language,
        )
    except ScaffoldError as error:
        print(_("media-quiz new-bank: {message}").format(message=error), file=sys.stderr)
        return 1
    for path in written:
        print(_("wrote {path}").format(path=path))
    items = len(yaml.safe_load(written[1].read_text(encoding="utf-8"))["items"])
    if cue_language(language) is None:
        print(
            ngettext(
                "{count} item to label: fill in the TODOs, then run `media-quiz validate {folder}`",
                "{count} items to label: fill in the TODOs, then run `media-quiz validate {folder}`",
                items,
            ).format(count=items, folder=out_dir)
        )
    else:
        print(
            ngettext(
                "{count} item with a suggested label: check it, write its explanation, then run "
                "`media-quiz validate {folder}`",
                "{count} items with suggested labels: check each, write the explanations, then run "
                "`media-quiz validate {folder}`",
                items,
            ).format(count=items, folder=out_dir)
        )
    return 0

"""Babel extraction method for our YAML content: `pybabel extract` reads banks with it.

Registered as the `media_quiz_yaml` entry point in `babel.extractors`, so translators use
the ordinary gettext workflow (see TRANSLATING.md). Each string is extracted with a message
context naming its role, so equal strings in different roles can be translated apart.
"""

from __future__ import annotations

from typing import IO, Any, Iterator

import yaml

from quiz.i18n import ARTICLE_PARAGRAPH, cue_context

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Message = tuple[int, str, tuple[str, str], list[str]]


def extract_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Message]:
    """Yield `(lineno, "pgettext", (context, text), comments)` for each translatable field.

    The kind of file is told by its top-level key: `types` (claim types), `techniques`,
    `paragraphs` (an article) or `items` (a bank). Files that do not parse yield nothing:
    `media-quiz validate` is where their problems are reported.
    """
    try:
        root = yaml.compose(fileobj.read().decode("utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    if not isinstance(root, yaml.MappingNode):
        return
    top = _mapping(root)
    if "types" in top:
        yield from _records(top["types"], "type", ("name", "key", "definition", "example"))
    if "techniques" in top:
        yield from _records(top["techniques"], "technique", ("name", "definition", "example"))
    if "paragraphs" in top:
        yield from _fields(top, {"title": "article title", "dek": "article dek"}, [])
        yield from _paragraphs(top["paragraphs"])
    if "items" in top:
        yield from _fields(top, {"title": "bank title", "description": "bank description"}, [])
        if isinstance(top["items"], yaml.SequenceNode):
            for node in top["items"].value:
                yield from _item(node)


def _mapping(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {
        key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)
    }


def _text(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        return node.value
    return None


def _fields(
    fields: dict[str, yaml.Node], contexts: dict[str, str], comments: list[str]
) -> Iterator[Message]:
    for key, context in contexts.items():
        text = _text(fields.get(key))
        if text is not None:
            yield (fields[key].start_mark.line + 1, "pgettext", (context, text), comments)


def _records(node: yaml.Node, role: str, keys: tuple[str, ...]) -> Iterator[Message]:
    if not isinstance(node, yaml.SequenceNode):
        return
    for entry in node.value:
        if isinstance(entry, yaml.MappingNode):
            fields = _mapping(entry)
            comment = f"{role}: {_text(fields.get('id')) or '?'}"
            for key in keys:
                note = [comment]
                if key == "key":
                    note.append(
                        "The letter a learner types for this answer: best the first letter of "
                        "the translated name, different from the other three types' letters, "
                        "and not c, e, l or q (keys with other uses)."
                    )
                yield from _fields(fields, {key: f"{role} {key}"}, note)


def _paragraphs(node: yaml.Node) -> Iterator[Message]:
    """The article's body, shown around a passage when a learner asks for its context."""
    if not isinstance(node, yaml.SequenceNode):
        return
    for number, paragraph in enumerate(node.value, 1):
        text = _text(paragraph)
        if text is not None:
            note = [
                f"paragraph {number} of the article: translate it whole and faithfully, keeping its "
                "tone; where a passage of the quiz comes from it, use the same wording as that "
                "passage's translation, so the passage can be found and underlined in it."
            ]
            yield (paragraph.start_mark.line + 1, "pgettext", (ARTICLE_PARAGRAPH, text), note)


def _item(node: yaml.Node) -> Iterator[Message]:
    if not isinstance(node, yaml.MappingNode):
        return
    fields = _mapping(node)
    item_id = _text(fields.get("id")) or "?"
    answer = _text(fields.get("answer")) or "?"
    note = [
        f"item {item_id} ({answer}): keep the claim type — loaded words stay loaded, "
        "hedges stay hedged."
    ]
    yield from _fields(fields, {"passage": "passage"}, note)
    yield from _fields(fields, {"explanation": "explanation"}, note)
    cues = fields.get("cues")
    if isinstance(cues, yaml.SequenceNode):
        cue_note = [f"item {item_id}: the translated cue must appear word for word in the translated passage."]
        for cue in cues.value:
            text = _text(cue)
            if text is not None:
                yield (cue.start_mark.line + 1, "pgettext", (cue_context(item_id), text), cue_note)

"""Reading one YAML file safely, with the line and column of every key and value.

Size limits, the safe loader and the checks a file must pass before its content is looked
at (UTF-8 text, valid YAML, no duplicate keys) live here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quiz.banks.collector import collector_paused
from quiz.banks.problems import ContentError, Problem
from quiz.banks.yaml_errors import explain_syntax_error, position_of
from quiz.terminal_text import printable


class _TagMemo:
    """Remembers the tag of each plain scalar a loader has already resolved.

    A bank repeats the same few keys (`id`, `passage`, `answer` …) thousands of times, and
    resolving a tag tries a list of regular expressions each time. The safe loader has no
    path resolvers, so a plain scalar's tag depends on its text alone.
    """

    def __init__(self, stream) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = super().resolve(kind, value, implicit)  # type: ignore[misc]
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[misc]


class PureSafeLoader(_TagMemo, yaml.SafeLoader):
    """The safe loader in pure Python: the reference every file is judged by."""


try:  # libyaml's parser is several times faster; it is used where it agrees with the reference.
    class FastSafeLoader(_TagMemo, yaml.CSafeLoader):  # type: ignore[misc]
        """The safe loader on libyaml, when PyYAML was built with it."""

except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    FastSafeLoader = PureSafeLoader  # type: ignore[misc]

# The loader tried first. Tests set it to PureSafeLoader to run as a machine without libyaml.
LOADER: type = FastSafeLoader


MAX_FILE_BYTES = 5 * 1024 * 1024
_STR_TAG = "tag:yaml.org,2002:str"
# A YAML file can expand aliases exponentially ("billion laughs"); no real bank comes near this.
MAX_NODES = 2_000_000


Mark = tuple[int, int]  # (line, column), both counting from 1


class YamlMap(dict):
    """A mapping read from YAML that remembers where each key and value stood."""

    mark: Mark = (1, 1)
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]


class YamlList(list):
    """A sequence read from YAML that remembers where each entry stood."""

    mark: Mark = (1, 1)
    item_marks: list[Mark]


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _value_mark(key_node: yaml.Node, value_node: yaml.Node) -> Mark:
    """Where a mapping's value stands; for a value left out (`key:`), just after the colon.

    The two parsers place a missing value differently in a few spellings (`{key: }`, a `?`
    key at the end of the file); counting from the key puts it in one place for both.
    """
    if type(value_node) is yaml.ScalarNode and value_node.value == "" and not value_node.style:
        end = key_node.end_mark
        return (end.line + 1, end.column + 2)
    return _mark(value_node)


class _Builder:
    """Turns a composed YAML node tree into Python values with positions.

    PyYAML's own constructor silently keeps the last of two equal keys; this one reports
    the first. An alias is built once and shared, and the size it would expand to is
    counted, so a "billion laughs" file stops at once instead of filling memory.
    """

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.built: dict[int, tuple[Any, int]] = {}
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node) -> Any:
        return self._build(node)[0]

    def _build(self, node: yaml.Node) -> tuple[Any, int]:
        """The value of `node` and how many values it expands to."""
        if type(node) is yaml.ScalarNode:
            return self._scalar(node), 1
        known = self.built.get(id(node))  # collections only: a scalar costs 1 however often used
        if known is not None:
            return known
        if isinstance(node, yaml.MappingNode):
            self.scalars.flatten_mapping(node)
            result = YamlMap()
            result.mark = _mark(node)
            result.key_marks, result.value_marks = key_marks, value_marks = {}, {}
            size = 1
            for key_node, value_node in node.value:
                key, key_size = self._build(key_node)
                value, value_size = self._build(value_node)
                size += key_size + value_size
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    self._error(key_node, "key-not-text")
                    continue
                if key in result:
                    line, _column = key_marks[key]
                    self._error(key_node, "duplicate-key", key=key, line=line)
                    continue
                result[key] = value
                start = key_node.start_mark
                key_marks[key] = (start.line + 1, start.column + 1)
                value_marks[key] = _value_mark(key_node, value_node)
            built: tuple[Any, int] = (result, size)
        elif isinstance(node, yaml.SequenceNode):
            values = YamlList()
            values.mark = _mark(node)
            values.item_marks = item_marks = []
            size = 1
            for child in node.value:
                value, child_size = self._build(child)
                values.append(value)
                start = child.start_mark
                item_marks.append((start.line + 1, start.column + 1))
                size += child_size
            built = (values, size)
        else:
            built = (self._scalar(node), 1)
        if built[1] > MAX_NODES:
            raise _TooLarge(node)
        self.built[id(node)] = built
        return built

    def _scalar(self, node: yaml.Node) -> Any:
        # Control characters are made visible once, here: they never reach a terminal,
        # and since each is replaced by one character, passages stay substrings.
        if node.tag == _STR_TAG:
            return printable(node.value)  # what SafeConstructor gives, without its dispatch
        value = self.scalars.construct_object(node)
        return printable(value) if isinstance(value, str) else value

    def _error(self, node: yaml.Node, code: str, /, **params: Any) -> None:
        line, column = _mark(node)
        self.problems.append(Problem.at(self.path, line, column, code, **params))


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_yaml(path: Path) -> tuple[Any, bytes]:
    """The YAML document in `path` with positions, and the file's bytes.

    Raises ContentError for a missing, unreadable, oversized, non-UTF-8 or malformed file,
    and for duplicate keys.
    """
    value, raw, problems = read_document(path)
    if problems:
        raise ContentError(problems)
    return value, raw


def read_document(path: Path) -> tuple[Any, bytes, list[Problem]]:
    """Like read_yaml, but the problems are returned instead of raised.

    After a duplicate key the document is still returned (keeping the first value), so that
    the rest of the file can be checked too; after any other problem the value is None.
    """

    def fail(code: str, at: Mark = (1, 1), /, **params: Any) -> tuple[Any, bytes, list[Problem]]:
        return None, b"", [Problem.at(path, at[0], at[1], code, **params)]

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return fail("file-not-found")
    except IsADirectoryError:
        return fail("is-a-folder")
    except OSError as error:
        return fail("unreadable", reason=error.strerror)
    if len(raw) > MAX_FILE_BYTES:
        return fail("too-large", limit=MAX_FILE_BYTES // (1024 * 1024))
    if b"\x00" in raw:
        return fail("not-text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail("not-utf8", (line, column))
    # The two parsers differ where a file has a tab (libyaml lets some pass that PyYAML's
    # own parser refuses) and in the words and places of their errors; a file gets the pure
    # parser's verdict on every machine.
    loader = PureSafeLoader if "\t" in text else LOADER
    value, problems = _parse(path, text, loader)
    if value is None and problems and loader is not PureSafeLoader:
        value, problems = _parse(path, text, PureSafeLoader)
    return value, raw, problems


def _parse(path: Path, text: str, loader: type) -> tuple[Any, list[Problem]]:
    """The value of `text` with positions and its problems, read with `loader`."""

    def fail(code: str, at: Mark = (1, 1), /, **params: Any) -> tuple[Any, list[Problem]]:
        return None, [Problem.at(path, at[0], at[1], code, **params)]

    problems: list[Problem] = []
    try:
        with collector_paused():
            root = yaml.compose(text, Loader=loader)
            value = _Builder(path, problems).build(root) if root is not None else None
    except _TooLarge as error:
        return fail("too-many-values", _mark(error.node))
    except yaml.MarkedYAMLError as error:
        explained = explain_syntax_error(error, text)
        if explained is not None:
            return fail(explained.code, explained.mark, **explained.params)
        mark = error.problem_mark or error.context_mark
        at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        context = error.context_mark
        if context is not None and mark is not None and context.line != mark.line:
            # The parser notices a missing "]" or quote only on a later line; name both.
            return fail("yaml-syntax-from", at, reason=reason, line=context.line + 1)
        return fail("yaml-syntax", at, reason=reason)
    except yaml.reader.ReaderError as error:
        line, column = position_of(text, error.position)
        return fail("yaml-control-character", (line, column), code=f"U+{error.character:04X}")
    except RecursionError:
        return fail("too-deep")
    except (yaml.YAMLError, ValueError, TypeError) as error:
        return fail("yaml-invalid", reason=error)
    return value, problems

"""YAML syntax errors in a teacher's words: which mistake it was, where it was made, the fix.

PyYAML says where its parser gave up, in the parser's terms ("expected <block end>, but
found '<scalar>'"), and that is often lines after the mistake: a quote left open on line 86
is noticed on line 89. This module reads the error together with the text around it and
names the mistake a teacher made: a colon inside unquoted text, a quote never closed, text
after a closing quote, `answer:fact` without its space, a tab, a line out of line …, at the
line and column where it was made.

It is given the errors of PyYAML's pure-Python parser (the reader asks that parser for every
error, so that a machine with libyaml says the same words at the same place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Mark = tuple[int, int]  # (line, column), both counting from 1, as in yaml_reader

# `answer:fact`: a key, a colon and at once a value (a web address's "//" is not a value).
_NO_SPACE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s/:][^#]*?)\s*$")
# A line that starts like a key (`  cues:`, `- id:`), as the lines inside an unclosed quote do.
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*:(?:\s|$)")
_KEY_ONLY = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*\s*")
_CLOSING = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class Explained:
    """A YAML mistake named: its message code (quiz.banks.messages), position and values."""

    code: str
    mark: Mark
    params: dict[str, Any] = field(default_factory=dict)


def explain_syntax_error(error: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """The mistake behind `error` in `text`, or None when it is none of those known."""
    problem, context = error.problem_mark, error.context_mark
    said = f"{error.context or ''} {error.problem or ''}"
    lines = text.splitlines()
    if problem is not None and _char(text, problem.index) == "\t":
        return Explained("yaml-tab", _at(problem))
    if "quoted scalar" in said and context is not None:
        if "escape" in said and problem is not None:
            backslash = text.rfind("\\", context.index, problem.index + 1)
            at = position_of(text, backslash) if backslash >= 0 else _at(problem)
            return Explained("yaml-backslash", at)
        return Explained("yaml-unclosed-quote", _at(context), {"quote": _char(text, context.index)})
    if "could not find expected ':'" in said and context is not None:
        return _no_space(lines, context.line) or Explained("yaml-not-key-value", _at(context))
    if "mapping values are not allowed" in said and problem is not None:
        return _colon(lines, problem)
    if "block scalar" in said and context is not None:
        indicator = re.match(r"[|>][-+0-9]*", text[context.index :])
        params = {"indicator": indicator.group() if indicator else ">-"}
        return Explained("yaml-block-scalar", _at(context), params)
    if ("while scanning an alias" in said or "while scanning an anchor" in said) and context is not None:
        return _special(text, context)
    if problem is not None and (
        "cannot start any token" in said
        or "found undefined alias" in said
        or ("could not determine a constructor" in said and _char(text, problem.index) == "!")
    ):
        return _special(text, problem)
    if problem is not None and ("entries are not allowed" in said or "keys are not allowed" in said):
        before = lines[problem.line][: problem.column] if problem.line < len(lines) else ""
        if before.rstrip().endswith(":"):
            return _special(text, problem)
        return _indentation(lines, problem.line)
    if "while parsing a flow" in said and context is not None and problem is not None:
        opened = _char(text, context.index)
        if problem.line != context.line and opened in _CLOSING:
            return Explained(
                "yaml-unclosed-bracket", _at(context), {"bracket": opened, "closing": _CLOSING[opened]}
            )
        if opened == "[" and "expected ','" in said:
            return Explained("yaml-list-comma", _at(problem))
        return None
    if "expected <block end>" in said and problem is not None:
        return _after_value(text, lines, problem)
    return None


def _char(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _at(mark: yaml.Mark) -> Mark:
    return (mark.line + 1, mark.column + 1)


def position_of(text: str, index: int) -> Mark:
    """The line and column (both from 1) of the character at `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return (text.count("\n", 0, index) + 1, index - line_start + 1)


def _no_space(lines: list[str], line: int) -> Explained | None:
    """`answer:fact` on `line` (counting from 0), if that is what it holds."""
    if not 0 <= line < len(lines):
        return None
    match = _NO_SPACE.match(lines[line])
    if match is None:
        return None
    colon = len(match.group("indent")) + len(match.group("key"))
    return Explained(
        "yaml-no-space-after-colon",
        (line + 1, colon + 1),
        {"key": match.group("key"), "value": match.group("value")},
    )


def _colon(lines: list[str], problem: yaml.Mark) -> Explained:
    """A colon the parser cannot take: inside unquoted text, or after a key out of line."""
    previous = problem.line - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    # `id:bank` makes one text with the next line, whose colon is where the parser stops.
    found = _no_space(lines, previous) if previous >= 0 else None
    if found is not None:
        return found
    before = lines[problem.line][: problem.column] if problem.line < len(lines) else ""
    if _KEY_ONLY.fullmatch(before):
        return _indentation(lines, problem.line)
    return Explained("yaml-colon-in-text", _at(problem))


def _indentation(lines: list[str], line: int) -> Explained:
    """A line indented out of line with its neighbours, at its first character."""
    text = lines[line] if line < len(lines) else ""
    return Explained("yaml-indentation", (line + 1, len(text) - len(text.lstrip()) + 1))


def _special(text: str, mark: yaml.Mark) -> Explained:
    """A text that starts with a character YAML gives a meaning to (`*`, `&`, `@`, `[` …)."""
    return Explained("yaml-special-start", _at(mark), {"char": _char(text, mark.index)})


def _tokens(text: str) -> list[yaml.Token]:
    """The tokens of `text` up to the first one PyYAML cannot read."""
    tokens: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _after_value(text: str, lines: list[str], problem: yaml.Mark) -> Explained:
    """The parser found more where a key or the item's end was due: what came before says why."""
    before = [
        token
        for token in _tokens(text)
        if token.end_mark.index <= problem.index and not isinstance(token, yaml.BlockEndToken)
    ]
    last = before[-1] if before else None
    if isinstance(last, yaml.ScalarToken) and not last.plain:
        start, end = last.start_mark, last.end_mark
        inside = text[start.index : end.index].splitlines()[1:]
        if start.line != end.line and any(_KEY_LINE.match(line) for line in inside):
            # The quote ran on over lines that look like keys: it was never closed where it
            # should have been, and the parser met its "closing" quote only at the next text.
            return Explained("yaml-unclosed-quote", _at(start), {"quote": _char(text, start.index)})
        return Explained("yaml-text-after-quote", _at(start), {"quote": _char(text, start.index)})
    if isinstance(last, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        depth = 0
        for token in reversed(before):
            if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                depth -= 1
                if depth == 0:
                    return _special(text, token.start_mark)
    return _indentation(lines, problem.line)

"""The xAPI 1.0.3 rules the quiz's statements rely on, as a checker: every problem it finds.

Written from the specification (xAPI-Data.md), for the properties our statements use: a strict
LRS refuses a statement that breaks any of them. Section numbers are the spec's.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from urllib.parse import urlsplit

# RFC 3987 IRI: a scheme, a colon, and no whitespace or characters IRIs exclude.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')
# RFC 5646 language tag, as far as the tags we write go (en, pt-BR, zh-CN, zh-Hans-CN).
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")
# ISO 8601 duration (§4.6): PnYnMnDTnHnMnS, seconds to 0.01 s precision allowed.
_DURATION = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$"
)
INTERACTION_TYPES = {
    "true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
    "likert", "numeric", "other",
}
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                  "version", "attachments"}


def is_iri(value: object) -> bool:
    return isinstance(value, str) and bool(_SCHEME.match(value)) and not _NOT_IN_IRI.search(value)


def is_irl(value: object) -> bool:
    """An IRI that can be looked up on the web: http or https with a host."""
    if not is_iri(value):
        return False
    parts = urlsplit(value)  # type: ignore[arg-type]
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def is_duration(value: object) -> bool:
    return isinstance(value, str) and bool(_DURATION.match(value))


def is_timestamp(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


def language_map_problems(value: object, where: str) -> list[str]:
    """§4.2.5: an object of RFC 5646 tags to strings, at least one."""
    if not isinstance(value, dict) or not value:
        return [f"{where}: not a language map: {value!r}"]
    problems = []
    for tag, text in value.items():
        if not _LANGUAGE_TAG.match(tag):
            problems.append(f"{where}: {tag!r} is not an RFC 5646 language tag")
        if not isinstance(text, str) or not text:
            problems.append(f"{where}[{tag}]: not a non-empty string")
    return problems


def _no_nulls(value: object, where: str) -> list[str]:
    """§2.2: no property may be null; an empty object or list where the spec has none is suspect."""
    if value is None:
        return [f"{where}: null"]
    if isinstance(value, dict):
        return [problem for key, item in value.items() for problem in _no_nulls(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [problem for i, item in enumerate(value) for problem in _no_nulls(item, f"{where}[{i}]")]
    return []


def activity_problems(activity: object, where: str) -> list[str]:
    """§2.4.4.1: an Activity with an IRI id and, when given, a well-formed definition."""
    if not isinstance(activity, dict):
        return [f"{where}: not an object"]
    problems = []
    if activity.get("objectType", "Activity") != "Activity":
        problems.append(f"{where}.objectType: not Activity")
    if not is_iri(activity.get("id")):
        problems.append(f"{where}.id: not an IRI: {activity.get('id')!r}")
    definition = activity.get("definition")
    if definition is None:
        return problems
    for key in ("name", "description"):
        if key in definition:
            problems += language_map_problems(definition[key], f"{where}.definition.{key}")
    if "type" in definition and not is_iri(definition["type"]):
        problems.append(f"{where}.definition.type: not an IRI")
    kind = definition.get("interactionType")
    if kind is not None:
        if kind not in INTERACTION_TYPES:
            problems.append(f"{where}.definition.interactionType: {kind!r} is not one of xAPI's")
        pattern = definition.get("correctResponsesPattern")
        if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
            problems.append(f"{where}.definition.correctResponsesPattern: not a list of strings")
        if kind == "choice":
            choices = definition.get("choices")
            if not isinstance(choices, list) or not choices:
                problems.append(f"{where}.definition.choices: missing for a choice interaction")
            else:
                ids = [choice.get("id") for choice in choices]
                if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i and " " not in i for i in ids):
                    problems.append(f"{where}.definition.choices: ids must be unique strings without spaces")
                for i, choice in enumerate(choices):
                    problems += language_map_problems(choice.get("description"), f"{where}.definition.choices[{i}].description")
                for pattern_text in pattern or ():
                    if any(part not in ids for part in pattern_text.split("[,]")):
                        problems.append(f"{where}.definition.correctResponsesPattern: {pattern_text!r} is not a choice")
    elif "choices" in definition:
        problems.append(f"{where}.definition.choices without an interactionType")
    return problems


def statement_problems(statement: dict) -> list[str]:
    """Every rule `statement` breaks (empty: a strict LRS takes it)."""
    problems = _no_nulls(statement, "statement")
    unknown = set(statement) - STATEMENT_KEYS
    if unknown:
        problems.append(f"statement: properties xAPI does not have: {sorted(unknown)}")
    for required in ("id", "actor", "verb", "object"):
        if required not in statement:
            problems.append(f"statement.{required}: missing")
    if "id" in statement and not is_uuid(statement["id"]):
        problems.append(f"statement.id: not a UUID: {statement['id']!r}")
    if "version" in statement and not re.fullmatch(r"1\.0\.\d+", str(statement["version"])):
        problems.append("statement.version: not 1.0.x")
    if "timestamp" in statement and not is_timestamp(statement["timestamp"]):
        problems.append(f"statement.timestamp: not ISO 8601 with a time zone: {statement['timestamp']!r}")

    actor = statement.get("actor", {})
    if actor.get("objectType", "Agent") != "Agent":
        problems.append("statement.actor.objectType: not Agent")
    account = actor.get("account")
    if not isinstance(account, dict) or set(account) != {"homePage", "name"}:
        problems.append("statement.actor.account: needs exactly homePage and name (§2.4.2.4)")
    else:
        if not is_irl(account["homePage"]):
            problems.append(f"statement.actor.account.homePage: not an IRL (a web address): {account['homePage']!r}")
        if not isinstance(account["name"], str) or not account["name"]:
            problems.append("statement.actor.account.name: empty")

    verb = statement.get("verb", {})
    if not is_iri(verb.get("id")):
        problems.append("statement.verb.id: not an IRI")
    if "display" in verb:
        problems += language_map_problems(verb["display"], "statement.verb.display")

    problems += activity_problems(statement.get("object"), "statement.object")

    result = statement.get("result")
    if result is not None:
        score = result.get("score")
        if score is not None:
            scaled = score.get("scaled")
            if scaled is not None and not -1 <= scaled <= 1:
                problems.append("statement.result.score.scaled: outside -1..1")
            low, high, raw = score.get("min"), score.get("max"), score.get("raw")
            if low is not None and high is not None and not low < high:
                problems.append("statement.result.score: min must be below max")
            if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
                problems.append("statement.result.score.raw: outside min..max")
        for flag in ("success", "completion"):
            if flag in result and not isinstance(result[flag], bool):
                problems.append(f"statement.result.{flag}: not true or false")
        if "response" in result and not isinstance(result["response"], str):
            problems.append("statement.result.response: not a string")
        if "duration" in result and not is_duration(result["duration"]):
            problems.append(f"statement.result.duration: not an ISO 8601 duration: {result['duration']!r}")
        extensions = result.get("extensions")
        if extensions is not None:
            if not extensions:
                problems.append("statement.result.extensions: empty")
            problems += [f"statement.result.extensions: key {key!r} is not an IRI" for key in extensions if not is_iri(key)]

    context = statement.get("context")
    if context is not None:
        if "registration" in context and not is_uuid(context["registration"]):
            problems.append("statement.context.registration: not a UUID")
        if "language" in context and not _LANGUAGE_TAG.match(str(context["language"])):
            problems.append(f"statement.context.language: not an RFC 5646 tag: {context['language']!r}")
        if "platform" in context and not isinstance(context["platform"], str):
            problems.append("statement.context.platform: not a string")
        for kind, activities in context.get("contextActivities", {}).items():
            if kind not in ("parent", "grouping", "category", "other"):
                problems.append(f"statement.context.contextActivities.{kind}: not one of xAPI's")
            for i, activity in enumerate(activities if isinstance(activities, list) else [activities]):
                problems += activity_problems(activity, f"statement.context.contextActivities.{kind}[{i}]")
    return problems

"""Every message a teacher can get about a content file, by the code a `Problem` carries.

A problem keeps its code and parameters; the message is looked up here and translated only
when it is shown, so a cached bank's warnings read in whatever language the quiz runs in.
Each English text is its gettext msgid: change one and its translations must be redone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from quiz.i18n import N_, _, ngettext


@dataclass(frozen=True)
class Message:
    """How one kind of problem is worded.

    `words` name parameters that hold an untranslated word (marked with N_, e.g. "an item"):
    each is translated when shown, then filled from the other parameters (a number's value).
    `choices` name parameters that hold ids joined by ", ", shown as "a, b or c".
    A message with a plural form names the parameter that picks it (`count`) and gives
    `plural`, its ngettext call (written out so that the extractor sees both forms).
    """

    text: str
    words: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    count: str = ""
    plural: Callable[[int], str] | None = None

    def template(self, params: dict[str, str | int | float]) -> str:
        """The text in the active language, before the parameters are filled in."""
        if self.plural is not None:
            return self.plural(int(params[self.count]))
        return _(self.text)


def or_list(choices: list[str] | tuple[str, ...]) -> str:
    """"fact, inference, opinion or rhetoric"."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def word(code: str, params: dict[str, str | int | float]) -> str:
    """The message `code` with `params`, in the active language."""
    message = MESSAGES[code]
    shown: dict[str, str | int | float] = dict(params)
    for name in message.words:
        shown[name] = _(str(params[name])).format(**params)
    for name in message.choices:
        shown[name] = or_list(str(params[name]).split(", "))
    return message.template(params).format(**shown)


_WHAT = ("what",)

MESSAGES: dict[str, Message] = {
    # Reading the file (yaml_reader.py)
    "file-not-found": Message(N_("file not found; check the path")),
    "is-a-folder": Message(N_("this is a folder; name a YAML file")),
    "unreadable": Message(N_("cannot read the file ({reason})")),
    "too-large": Message(N_("the file is larger than {limit} MB; split it into several banks")),
    "not-text": Message(N_("this is not a text file; save it as UTF-8 text")),
    "not-utf8": Message(N_("the file is not UTF-8 text; save it as UTF-8")),
    "too-many-values": Message(
        N_("the file expands to too many values (aliases nested too deep); remove the aliases")
    ),
    "yaml-syntax-from": Message(
        N_("this is not valid YAML ({reason}, from line {line}); check quotes, colons and indentation")
    ),
    "yaml-syntax": Message(
        N_("this is not valid YAML ({reason}); check quotes, colons and indentation")
    ),
    "too-deep": Message(N_("the file is nested too deep to read; flatten its lists and mappings")),
    "yaml-invalid": Message(N_("this is not valid YAML ({reason})")),
    # YAML mistakes named (yaml_errors.py)
    "yaml-tab": Message(N_("a tab character here; YAML needs spaces: replace the tab with spaces")),
    "yaml-control-character": Message(
        N_("an invisible control character ({code}) here, often left by pasting from a word processor; delete it")
    ),
    "yaml-colon-in-text": Message(
        N_("a colon and a space inside a text that is not in quotes; put the whole text in double quotes, "
           "or write it on the lines below a “>-” (see “Quoting text” in AUTHORING.md)")
    ),
    "yaml-no-space-after-colon": Message(
        N_("put a space after the colon: “{key}: {value}”, not “{key}:{value}”")
    ),
    "yaml-unclosed-quote": Message(
        N_("the quotation mark {quote} that opens this text is never closed; end the text with {quote}")
    ),
    "yaml-text-after-quote": Message(
        N_("the text goes on after its closing {quote}; for quotation marks inside a text use the curly "
           "ones (“ ” ‘ ’), or write the text on the lines below a “>-”")
    ),
    "yaml-indentation": Message(
        N_("this line is not lined up with the lines above it; indent it with spaces exactly as far "
           "as the other keys of its item")
    ),
    "yaml-not-key-value": Message(
        N_("this line is not “key: value”; if it goes on with the text above, indent it further "
           "than that text's key")
    ),
    "yaml-unclosed-bracket": Message(N_("the {bracket} opened here is never closed; close it with {closing}")),
    "yaml-list-comma": Message(
        N_("a comma is missing before this entry; separate the entries of a list with commas: [a, b]")
    ),
    "yaml-special-start": Message(
        N_("a text cannot start with {char} unless it is in quotes; put the whole text in double quotes")
    ),
    "yaml-backslash": Message(
        N_("a backslash in double quotes starts an escape such as \\n; write \\\\ for a backslash, "
           "or put the text in single quotes")
    ),
    "yaml-block-scalar": Message(
        N_("after “{indicator}” the text starts on the next line, indented further than its key")
    ),
    "key-not-text": Message(N_("a key must be plain text")),
    "duplicate-key": Message(N_("duplicate key “{key}” (first given on line {line}); keep one")),
    # Keys and values of any file (fields.py)
    "not-a-mapping": Message(N_("{what} must be a mapping of keys and values"), words=_WHAT),
    "unknown-key-close": Message(
        N_("unknown key “{key}” in {what}; did you mean “{close}”?"), words=_WHAT
    ),
    "unknown-key": Message(N_("unknown key “{key}” in {what}; known keys: {known}"), words=_WHAT),
    "missing-key": Message(N_("{what} has no “{key}”; add it"), words=_WHAT),
    "todo": Message(N_("“{key}” is not filled in yet; replace TODO")),
    "empty": Message(N_("“{key}” is empty; write it out")),
    "wrong-kind": Message(N_("“{key}” must be {kind}, not {actual}"), words=("kind", "actual")),
    "bad-id": Message(
        N_("“{value}” cannot be an id: use letters, digits, - and _ only (like summit-suggests)")
    ),
    "not-a-list": Message(N_("“{key}” must be a list")),
    "blank-entry": Message(N_("each entry of “{key}” must be non-empty text")),
    "unknown-choice-close": Message(
        N_("unknown {what} “{value}”; did you mean “{close}”?"), words=_WHAT
    ),
    "unknown-choice": Message(N_("unknown {what} “{value}”; use one of: {known}"), words=_WHAT),
    # Claim types and techniques (catalog.py)
    "duplicate-id": Message(
        N_("duplicate id “{id}” (first on line {line}); give each entry its own id")
    ),
    # The article (article.py)
    "no-paragraphs": Message(
        N_("the article has no paragraphs; add its text, one paragraph per entry")
    ),
    # The bank and its options (bank.py)
    "article-not-found": Message(
        N_("there is no article file “{path}”; “article” is the path from the bank's folder")
    ),
    "bad-language": Message(
        N_("“{value}” is not a language code; write one such as en, es or pt-BR")
    ),
    "count-over-items": Message(
        N_("“count” is {count} but the bank has only {items} item; every item will be asked"),
        count="items",
        plural=lambda n: ngettext(
            "“count” is {count} but the bank has only {items} item; every item will be asked",
            "“count” is {count} but the bank has only {items} items; every item will be asked",
            n,
        ),
    ),
    "not-a-bank": Message(
        N_("this file is {what}, not a bank; name the bank file instead (such as the bank.yaml beside it)"),
        words=_WHAT,
    ),
    "unknown-mode": Message(N_("unknown mode “{mode}”; use one of: {modes}")),
    "below-one": Message(N_("“{key}” must be at least 1")),
    "partial-credit-range": Message(
        N_("“partial_credit” must be between 0 and 1 (0.5 gives half a point)")
    ),
    "duplicate-type": Message(
        N_("“{type}” is listed twice in “types” (first on line {line}); keep one")
    ),
    "too-few-types": Message(
        N_("“types” must list at least two of {known}, for learners to choose between; "
           "or leave “types” out for all of them"),
        choices=("known",),
    ),
    # The items (items.py)
    "no-items": Message(N_("the bank has no items; add at least one")),
    "todo-answer": Message(N_("label not filled yet: choose {choices}"), choices=("choices",)),
    "todo-explanation": Message(
        N_("explanation not written yet: say in a sentence or two what makes this the answer")
    ),
    "todo-technique": Message(N_("technique not chosen yet; use one of: {known}")),
    "duplicate-item-id": Message(
        N_("duplicate item id “{id}” (first on line {line}); give each item its own id")
    ),
    "alternative-is-answer": Message(
        N_("the accepted alternative “{type}” is the answer itself; remove it")
    ),
    "rhetoric-needs-technique": Message(
        N_("a rhetoric item needs a “technique”; use one of: {known}")
    ),
    "technique-not-rhetoric": Message(
        N_("a technique is shown only for rhetoric items; this one is “{type}”")
    ),
    "type-not-in-bank": Message(
        N_("“{type}” is not among this bank's “types” (line {line}: {types}); use one of those, "
           "or add “{type}” to “types”")
    ),
    "technique-without-rhetoric": Message(
        N_("this bank's “types” (line {line}) leave out rhetoric, so a technique is never shown; "
           "delete the technique, or add rhetoric to “types”")
    ),
    "paragraph-below-one": Message(N_("paragraphs are counted from 1; write 1 for the first")),
    "no-such-paragraph": Message(
        N_("there is no paragraph {number}; the article has {count} (count from 1)")
    ),
    "repeated-passage": Message(
        N_("item “{id}” (line {line}) already asks this passage; keep one of them")
    ),
    "cue-not-in-passage": Message(
        N_("the cue “{cue}” is not in the passage; copy the words exactly")
    ),
    "cue-cuts-word": Message(
        N_("the cue “{cue}” starts or ends inside a word; learners mark whole words, so make it whole words")
    ),
    "no-cues": Message(
        N_("the item has no “cues”; list the words that give the type away, so that the feedback can highlight them")
    ),
    "empty-cues": Message(
        N_("“cues” is empty; list the words that give the type away, so that the feedback can highlight them")
    ),
    "suggested-label": Message(
        N_("“answer: {answer}” was suggested by new-bank, not chosen by a teacher; check it and "
           "the cues, then delete “suggested: true”")
    ),
    "forms-uneven-group": Message(
        # TRANSLATORS: {name} is a claim type (fact …) or a difficulty (easy …); {more} and {fewer} are the forms A and B.
        N_("the parallel forms are uneven: form {more} has {count} more “{name}” items than form {fewer};"
           " change “form:” on {moved} of them to the other form, or delete their “form:” lines"),
    ),
    "forms-uneven": Message(
        N_("the parallel forms are uneven: form {more} has {count} more items than form {fewer};"
           " change “form:” on {moved} of them to the other form, or delete their “form:” lines"),
    ),
    "long-explanation": Message(
        N_("the explanation has {count} sentences; keep it to {limit} or fewer, so that students read it")
    ),
    # Passages (passages.py)
    "passage-in-other-paragraph": Message(
        N_("the passage is in paragraph {found}, not {given}; fix “paragraph”")
    ),
    "passage-differs": Message(
        N_("the passage differs from paragraph {number} at character {column}: {difference}; "
           "copy it exactly: “{exact}”"),
        words=("difference",),
    ),
    "passage-not-found": Message(
        N_("the passage is not word for word in paragraph {number}: at character {column} it has "
           "“{typed}” where the article has “{found}”; closest: “{closest}”")
    ),
    "passage-cuts-word": Message(
        N_("the passage cuts the word “{word}” in two; take whole words: “{whole}”")
    ),
    # Any file, and several files together (discovery.py, validate.py)
    "empty-file": Message(N_("the file is empty; see AUTHORING.md for what goes in it")),
    "catalog-has-errors": Message(
        N_("not checked: the claim types or techniques have errors; fix those first")
    ),
    "unknown-file-kind": Message(
        N_("cannot tell what this file is: a bank has “items”, an article has “paragraphs”")
    ),
    "shared-bank-id": Message(
        N_("the bank id “{id}” is also the id of {other}; scores of the two would be mixed, "
           "so give this bank an id of its own")
    ),
    "check-crashed": Message(N_("could not check this file ({error}); please report this as a bug")),
}

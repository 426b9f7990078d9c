"""Languages: complete catalogs, faithful cues, plural rules, choosing and switching language."""

from __future__ import annotations

from dataclasses import replace

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import quiz.i18n as i18n
from quiz.i18n.status import catalog_status, read_catalog
from quiz.i18n import _, localize_item, negotiate_language, ngettext, set_language
from quiz.core.feedback import nested_quotes
from quiz.banks import load_bank, load_catalog
from quiz.paths import default_bank_path, locales_dir
from tests.conftest import flat, playing, screen_text

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["de", "es", "fr", "ru", "zh_CN"]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


@pytest.fixture(scope="module")
def bank():
    return load_bank(default_bank_path(), load_catalog())


def test_every_shipped_language_is_complete_in_both_domains():
    rows = catalog_status()
    assert sorted({r.locale for r in rows}) == SHIPPED
    for row in rows:
        assert (row.fuzzy, row.missing) == (0, 0), row
        assert row.translated > 0


def test_translations_keep_every_placeholder():
    for po in locales_dir().glob("*/LC_MESSAGES/*.po"):
        for message in read_catalog(po):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set(PLACEHOLDER.findall(ids[-1]))
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) == wanted, (po, message.id, string)


@pytest.mark.parametrize("language", SHIPPED)
def test_translated_cues_are_found_in_translated_passages(bank, language):
    set_language(language)
    for item in bank.items:
        localized = localize_item(item)
        assert not localized.in_english, (language, item.id)
        assert len(localized.cues) == len(item.cues), (language, item.id)
        for cue in localized.cues:
            assert cue in localized.passage


@pytest.mark.parametrize("language", SHIPPED)
def test_each_language_has_four_distinct_answer_letters(mini_catalog, language):
    from quiz.core.feedback import answer_letters

    set_language(language)
    letters = answer_letters(load_catalog())
    assert len({letter.casefold() for letter in letters}) == 4
    assert not {letter.casefold() for letter in letters} & {"c", "e", "l", "q"}


def test_russian_counts_use_its_three_plural_forms():
    set_language("ru")
    forms = [ngettext("{count} answer right", "{count} answers right", n).format(count=n) for n in (1, 3, 5, 21)]
    assert len({f.replace(str(n), "") for f, n in zip(forms, (1, 3, 5, 21))}) == 3
    assert forms[0].replace("1", "") == forms[3].replace("21", "")


def test_the_environment_chooses_the_language_and_falls_back_to_english():
    assert negotiate_language(None, {"LANG": "es_ES.UTF-8"}) == "es"
    assert negotiate_language(None, {"LANGUAGE": "xx:fr_CA", "LANG": "de_DE.UTF-8"}) == "fr"
    assert negotiate_language(None, {"LC_ALL": "zh_CN.UTF-8"}) == "zh_CN"
    assert negotiate_language(None, {"LANG": "zh_TW.UTF-8"}) == "zh_CN"
    assert negotiate_language(None, {"LANG": "pt_BR.UTF-8"}) == "en"
    assert negotiate_language(None, {"LANG": "C"}) == "en"
    assert negotiate_language("ru", {"LANG": "es_ES.UTF-8"}) == "ru"
    assert negotiate_language("../../etc", {}) == "en"


def test_language_codes_cannot_reach_outside_the_locales_folder():
    set_language("../../../etc/passwd")
    assert i18n.current_language() == "en"


def test_numbers_and_dates_follow_the_language():
    set_language("de")
    assert i18n.format_number(14.5) == "14,5"
    assert i18n.format_date("2022-08-12") == "12. August 2022"
    set_language("fr")
    assert i18n.format_percent(0.73) == "73\u00a0%"


def test_a_date_is_formatted_once_a_language_and_comes_back_without_loading_babels_calendar(tmp_path):
    """The article's date is on the first screen: a second start shows it without Babel's
    calendar data (a twentieth of a start), and still in the learner's language."""

    def start(language: str) -> list[str]:
        script = (
            "import sys, quiz.i18n as i18n\n"
            f"i18n.set_language({language!r})\n"
            "print(i18n.format_date('2022-08-12')); print('babel.dates' in sys.modules)\n"
        )
        environment = {**os.environ, "MEDIA_QUIZ_CACHE_DIR": str(tmp_path)}
        finished = subprocess.run([sys.executable, "-c", script], env=environment,
                                  capture_output=True, text=True, check=True)
        return finished.stdout.splitlines()

    assert start("fr") == ["12 août 2022", "True"]
    assert start("fr") == ["12 août 2022", "False"]
    assert start("de") == ["12. August 2022", "True"]  # another language: formatted by Babel
    assert start("de") == ["12. August 2022", "False"]


async def test_the_quiz_plays_in_spanish_with_lang_es(bank):
    set_language("es")
    async with playing(bank, load_catalog(), seed=1, count=3) as pilot:
        app = pilot.app
        assert _("Start the quiz") != "Start the quiz"
        assert _("Start the quiz") in screen_text(app)
        await pilot.press("enter")
        item = app.quiz.session.current
        assert flat(nested_quotes(localize_item(item).passage, same_length=True)) in flat(screen_text(app))
        await pilot.press("h")  # Hecho: the Spanish letter for fact
        assert app.quiz.session.answers[0].chosen == "fact"
        assert "Hecho" in screen_text(app)


def test_lang_from_the_environment_reaches_the_command(tmp_path):
    env = {"LANG": "es_ES.UTF-8", "PATH": "/usr/bin:/bin", "MEDIA_QUIZ_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "--plain", "--count", "1", "--seed", "1", "--learner", "Eva"],
        cwd=ROOT, env=env, input="1\n", capture_output=True, text=True, timeout=60,
    )
    set_language("es")
    assert result.returncode == 0, result.stderr
    assert _("Question {number} of {total}").format(number=1, total=1) in result.stdout
    assert "Question 1 of 1" not in result.stdout


async def test_switching_language_mid_quiz_keeps_the_score_and_re_renders(bank):
    async with playing(bank, load_catalog(), seed=2, count=4) as pilot:
        app = pilot.app
        await pilot.press("enter")
        right = app.quiz.session.current.answer
        await pilot.press(str(app.quiz.catalog.type_ids.index(right) + 1), "enter")
        points = app.quiz.session.results(()).points
        await pilot.press("l")
        await pilot.pause()
        languages = app.screen.query_one("#languages")
        languages.highlighted = i18n.available_languages().index("fr")
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert _("Question {number} of {total}").format(number=2, total=4) in shown
        assert _("Question {number} of {total}") != "Question {number} of {total}"
        assert _("Quit") in shown.splitlines()[-1]  # the key bar too
        assert _("Quit") != "Quit"
        assert i18n.current_language() == "fr"
        assert app.quiz.session.results(()).points == points == 1
        assert app.quiz.session.position == 1


async def test_chinese_fits_80_by_24_without_cutting_anything(bank):
    set_language("zh_CN")
    # the six items whose Chinese passage and explanation are longest: the likeliest to be cut
    longest = sorted(
        bank.items,
        key=lambda i: len(localize_item(i).passage) + len(localize_item(i).explanation),
    )[-6:]
    async with playing(replace(bank, items=tuple(longest)), load_catalog(), count=len(longest)) as pilot:
        app = pilot.app
        await pilot.press("enter")
        await pilot.pause()
        for _n in range(len(longest)):
            item = app.quiz.session.current
            shown = screen_text(app)
            # the passage whole, its own quotation marks shown as inner ones
            assert flat(nested_quotes(localize_item(item).passage, same_length=True)) in flat(shown), item.id
            for claim_type in app.quiz.catalog.claim_types:
                assert i18n.content_text("type name", claim_type.name) in shown
            await pilot.press("1")
            assert flat(localize_item(item).explanation)[:20] in flat(screen_text(app))
            await pilot.press("enter")
        assert {answer.item.id for answer in app.quiz.session.answers} == {item.id for item in longest}


async def test_missing_or_fuzzy_content_falls_back_to_english_and_says_so(tmp_path, monkeypatch, mini_bank, mini_catalog):
    folder = tmp_path / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "quiz.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Not translated yet: shown in English"\nmsgstr "Aún sin traducir: se muestra en inglés"\n',
        encoding="utf-8",
    )
    item = next(i for i in mini_bank.items if i.id == "council-vote")
    (folder / "content.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#, fuzzy\nmsgctxt "passage"\nmsgid "{item.passage}"\nmsgstr "El consejo se reunió."\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path / "locales")
    monkeypatch.setenv("MEDIA_QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    set_language("es")
    assert localize_item(item).passage == item.passage
    assert localize_item(item).in_english

    async with playing(mini_bank, mini_catalog, seed=1, count=5) as pilot:
        await pilot.press("enter")
        while pilot.app.quiz.session.current.id != item.id:
            await pilot.press("1", "enter")
        assert "Aún sin traducir: se muestra en inglés" in screen_text(pilot.app)


async def test_e_shows_the_english_original_of_a_translated_passage(bank):
    set_language("de")
    async with playing(bank, load_catalog(), seed=1, count=3, size=(100, 30)) as pilot:
        await pilot.press("enter")
        item = pilot.app.quiz.session.current
        assert flat(nested_quotes(localize_item(item).passage, same_length=True)) in flat(screen_text(pilot.app))
        await pilot.press("e")
        assert flat(item.passage) in flat(screen_text(pilot.app))


def test_no_compiled_catalog_is_committed():
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout.strip() == ""


def test_templates_are_up_to_date_with_the_sources(tmp_path):
    for config, source, template in (
        ("babel-ui.cfg", "quiz", "quiz.pot"),
        ("babel-content.cfg", "content", "content.pot"),
    ):
        out = tmp_path / template
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", config,
             "-o", str(out), "--add-comments=TRANSLATORS:", source],
            cwd=ROOT, check=True, capture_output=True,
        )
        fresh = {(m.context, m.id) for m in read_catalog(out) if m.id}
        committed = {(m.context, m.id) for m in read_catalog(locales_dir() / template) if m.id}
        assert fresh == committed, f"run `make messages`: {template} is out of date"


def test_i18n_status_prints_each_language_and_domain():
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "--lang", "en", "i18n", "status"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for language in SHIPPED:
        assert re.search(rf"^{language}\s+quiz\s+\d+\s+0\s+0\s+100%$", result.stdout, re.M), result.stdout
        assert re.search(rf"^{language}\s+content\s+\d+\s+0\s+0\s+100%$", result.stdout, re.M)


# --- Catalogs checked when compiled: a bad entry is English alone, and is reported -------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
BAD_ENTRIES = [
    # (msgid, msgstr lines, the reason reported)
    ("Question {number} of {total}", 'msgstr "Domanda {numero} di {total}"', "placeholder {numero} is not in"),
    ("Theme: {name}", 'msgstr "Tema: {name."', "not a valid format string"),
    ("Score: {points}", 'msgstr "Punti"', "placeholder {points} of the original"),
    ("%(name)s wins", 'msgstr "%(nom)s vince"', "placeholder %(nom)s is not in"),
    ("%(name)s loses", 'msgstr "%(name)s perde al 100 %"', "not a valid format string"),
]


def write_locale(folder: Path, entries: str, domain: str = "quiz") -> Path:
    po = folder / "it" / "LC_MESSAGES" / f"{domain}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(HEADER + entries, encoding="utf-8")
    return po


def italian_with_bad_entries(tmp_path, monkeypatch) -> Path:
    entries = "".join(f'msgid "{msgid}"\n{msgstr}\n\n' for msgid, msgstr, _reason in BAD_ENTRIES)
    entries += 'msgid "Start the quiz"\nmsgstr "Inizia il quiz"\n\n'
    entries += (
        'msgid "{count} file"\nmsgid_plural "{count} files"\n'
        'msgstr[0] "un file"\nmsgstr[1] "{count} file"\n\n'  # a form may drop {count}
        'msgid "{count} error"\nmsgid_plural "{count} errors"\n'
        'msgstr[0] "{count} errore"\nmsgstr[1] "{n} errori"\n'
    )
    po = write_locale(tmp_path / "locales", entries)
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path / "locales")
    return po


def test_a_bad_entry_falls_back_to_english_alone_and_is_reported_with_its_line(tmp_path, monkeypatch):
    po = italian_with_bad_entries(tmp_path, monkeypatch)
    lines = po.read_text(encoding="utf-8").splitlines()
    set_language("it")
    assert _("Start the quiz") == "Inizia il quiz"  # the rest of the language still works
    assert ngettext("{count} file", "{count} files", 1) == "un file"
    for msgid, _msgstr, _reason in BAD_ENTRIES:
        assert _(msgid) == msgid
    assert ngettext("{count} error", "{count} errors", 2) == "{count} errors"
    problems = [str(p) for p in i18n.catalog_problems()]
    # each entry once, and three of them twice: an unknown field and the lost one (x2), and {n}
    assert len(problems) == len(BAD_ENTRIES) + 3
    for msgid, _msgstr, reason in BAD_ENTRIES + [("{count} error", "", "placeholder {n} is not in")]:
        line = lines.index(f'msgid "{msgid}"') + 1
        assert any(p.startswith(f"{po}:{line}: {reason}") for p in problems), (msgid, problems)
    assert _("Question {number} of {total}").format(number=1, total=5) == "Question 1 of 5"


def test_problems_are_reported_again_from_the_cache(tmp_path, monkeypatch):
    italian_with_bad_entries(tmp_path, monkeypatch)
    monkeypatch.setenv("MEDIA_QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    set_language("it")
    first = i18n.catalog_problems()
    assert list((tmp_path / "cache" / "catalogs").iterdir())  # compiled, and cached
    from babel.messages import pofile

    monkeypatch.setattr(pofile, "read_po", lambda *a, **k: pytest.fail("compiled again, not cached"))
    set_language("en")
    assert i18n.catalog_problems() == []
    set_language("it")
    assert i18n.catalog_problems() == first and first
    assert _("Theme: {name}") == "Theme: {name}"


def test_a_catalog_that_does_not_parse_is_english_for_its_domain_and_reported(tmp_path, monkeypatch):
    write_locale(tmp_path / "locales", 'msgid "Start the quiz"\nmsgstr "Inizia il quiz"\n')
    po = write_locale(tmp_path / "locales", 'msgid "Results"\nmsgsrt "Risultati"\n', domain="content")
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path / "locales")
    set_language("it")
    assert _("Start the quiz") == "Inizia il quiz"  # the other domain is still Italian
    assert i18n.content_text("type name", "Fact") == "Fact"
    [problem] = i18n.catalog_problems()
    line = po.read_text(encoding="utf-8").splitlines().index('msgsrt "Risultati"') + 1
    assert str(problem).startswith(f"{po}:{line}: Unknown or misformatted keyword")
    assert "English is used meanwhile" in str(problem)


def test_i18n_status_lists_each_bad_entry_and_fails(tmp_path, monkeypatch, capsys):
    from quiz.i18n.status import main

    po = italian_with_bad_entries(tmp_path, monkeypatch)
    (tmp_path / "locales" / "quiz.pot").write_bytes((locales_dir() / "quiz.pot").read_bytes())
    assert main(tmp_path / "locales") == 1
    out = capsys.readouterr().out.splitlines()
    reported = [line for line in out if line.startswith(f"{po}:")]
    assert len(reported) == len(BAD_ENTRIES) + 3
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Question {number} of {total}"') + 1
    expected = "placeholder {numero} is not in the original “Question {number} of {total}”"
    assert f"{po}:{line}: {expected}; English is shown for this message" in reported
    assert re.search(r"^it\s+quiz\s", "\n".join(out), re.M)  # the table still comes first


def test_i18n_status_passes_on_the_shipped_catalogs():
    from quiz.i18n.status import catalog_problems_in

    assert catalog_problems_in() == []


def test_the_quiz_says_at_start_which_entries_show_in_english(tmp_path):
    import shutil

    folder = tmp_path / "checkout"  # a checkout of its own, whose locales/ holds a bad Italian
    shutil.copytree(ROOT / "quiz", folder / "quiz", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "content", folder / "content")
    write_locale(folder / "locales", 'msgid "Question {number} of {total}"\nmsgstr "Domanda {numero} di {total}"\n')
    env = {"PATH": "/usr/bin:/bin", "MEDIA_QUIZ_DATA_DIR": str(tmp_path / "data"),
           "MEDIA_QUIZ_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(folder)}
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "--lang", "it", "--plain", "--count", "1", "--seed", "1", "--learner", "Eva"],
        cwd=folder, env=env, input="1\n", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Question 1 of 1" in result.stdout
    assert re.search(r"locales/it/LC_MESSAGES/quiz\.po:\d+: placeholder \{numero\}", result.stderr), result.stderr


PIECES = ["{number}", "{total}", "{", "}", "{{", "}}", "{numero}", "{number.", "{number!r}", "{total:x}",
          "{0}", "{}", "%(number)s", "%(total)d", "%(total)s", "%", "%%", "%s", "%(nom)s", "de ", "["]


@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_any_entry_the_check_keeps_formats_without_error(msgstr):
    """Whatever a translator writes, an entry the check keeps is filled in without an error."""
    from quiz.i18n.checks import entry_problems

    if not entry_problems(("Question {number} of {total}",), (msgstr,), 1):
        msgstr.format(number=1, total=2)
    if not entry_problems(("%(number)s of %(total)d",), (msgstr,), 1):
        msgstr % {"number": "1", "total": 2}


def test_lists_and_quotes_inside_quotes_follow_each_languages_typography():
    from quiz.core.feedback import cues_line

    set_language("zh_CN")
    assert cues_line(("中国", "俄罗斯"))[1] == "“中国”、“俄罗斯”"  # 、 between list entries
    set_language("ru")
    # Russian nests «…„…“…», never «…«…»…»
    assert cues_line(("«Абхазия»", "республика"))[1] == "«„Абхазия“», «республика»"
    set_language("en")
    assert cues_line(("the “republic”",))[1] == "“the ‘republic’”"


def test_chinese_translations_use_full_width_punctuation():
    ascii_mark_by_chinese = re.compile(r"[\u4e00-\u9fff][,.;:?!]|[,;:?!]\s*[\u4e00-\u9fff]")
    for domain in ("content", "quiz"):
        catalog = read_catalog(locales_dir() / "zh_CN" / "LC_MESSAGES" / f"{domain}.po")
        for message in catalog:
            for text in message.string if isinstance(message.string, tuple) else (message.string,):
                # FILE:LINE:COL is a format, not punctuation
                assert not ascii_mark_by_chinese.search(text.replace("文件:行:列", "")), text

"""Themes: a high-contrast theme that meets WCAG AA, switched with a key and remembered."""

from __future__ import annotations

from textual.color import Color

from quiz.scores.score_file import ScoreFile
from quiz.scores.store import ScoreStore
from quiz.tui.screens.start_screen import StartScreen
from quiz.tui.themes import HIGH_CONTRAST
from tests.conftest import colours_on_screen, playing, screen_text


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert round(contrast(Color.parse("#FFFFFF"), Color.parse("#000000")), 1) == 21.0
    assert round(contrast(Color.parse("#777777"), Color.parse("#FFFFFF")), 2) == 4.48


def test_every_text_colour_of_the_high_contrast_theme_meets_wcag_aa():
    variables = HIGH_CONTRAST.to_color_system().generate()
    variables.update(HIGH_CONTRAST.variables)
    backgrounds = {name: Color.parse(variables[name]) for name in ("background", "surface", "panel")}
    texts = ["foreground", "text", "text-muted", "primary", "secondary", "accent", "warning", "error", "success"]
    for text_name in texts:
        for background_name, background in backgrounds.items():
            value = variables[text_name]
            if value.startswith("auto"):  # Textual picks black or white for the background
                alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
                text = background.get_contrast_text(alpha)
            else:
                text = Color.parse(value)
            blended = background.blend(text.with_alpha(1), text.a) if text.a < 1 else text
            ratio = contrast(blended, background)
            assert ratio >= 4.5, (text_name, background_name, ratio)
    # text on the primary colour (buttons, selected rows)
    assert contrast(Color.parse(variables["button-color-foreground"]), Color.parse(variables["primary"])) >= 4.5


async def test_t_switches_theme_and_the_choice_is_remembered(mini_bank, mini_catalog, tmp_path):
    async with playing(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Tea") as pilot:
        app = pilot.app
        assert app.theme == "textual-dark"
        assert not {"#000000", "#ffffff"} <= colours_on_screen(app)
        await pilot.press("t", "t")
        assert app.theme == HIGH_CONTRAST.name
        assert {"#000000", "#ffffff"} <= colours_on_screen(app)  # redrawn white on black
        assert "Start the quiz" in screen_text(app)

    async with playing(mini_bank, mini_catalog, store=ScoreStore.open(tmp_path), learner_name="Tea") as pilot:
        assert pilot.app.theme == HIGH_CONTRAST.name
        assert {"#000000", "#ffffff"} <= colours_on_screen(pilot.app)


async def test_the_remembered_theme_is_on_the_first_frame_before_the_score_file_is_opened(
    mini_bank, mini_catalog, tmp_path, monkeypatch
):
    with ScoreStore.open(tmp_path) as store:
        store.set_setting("theme", HIGH_CONTRAST.name)
    before = sorted(path.name for path in tmp_path.iterdir())
    monkeypatch.setattr(StartScreen, "_fill_in", lambda screen: None)  # the file is never opened
    async with playing(mini_bank, mini_catalog, score_file=ScoreFile(tmp_path), learner_name="Tea") as pilot:
        assert pilot.app.quiz.store_pending
        assert pilot.app.theme == HIGH_CONTRAST.name
        assert {"#000000", "#ffffff"} <= colours_on_screen(pilot.app)
    assert sorted(path.name for path in tmp_path.iterdir()) == before  # read, nothing made beside it


async def test_feedback_laid_out_before_a_theme_switch_is_drawn_in_the_new_theme(mini_bank, mini_catalog, tmp_path):
    """The feedback is prepared while the question shows; switching theme meanwhile must not
    leave it in the old colours: the same feedback looks as it does when started in the theme."""
    colours = []
    for keys, name in ((["enter", "t", "t", "3"], "switched"), (["enter", "3"], "started")):
        with ScoreStore.open(tmp_path / name) as store:
            if name == "started":
                store.set_setting("theme", HIGH_CONTRAST.name)
        async with playing(mini_bank, mini_catalog, seed=1, count=5,
                           store=ScoreStore.open(tmp_path / name), learner_name="Tea") as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            assert pilot.app.theme == HIGH_CONTRAST.name
            assert "Next question" in screen_text(pilot.app)
            colours.append(colours_on_screen(pilot.app))
    assert colours[0] == colours[1]

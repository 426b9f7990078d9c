"""The quiz's colour themes, including a high-contrast one (Textual has none built in)."""

from __future__ import annotations

from textual.theme import Theme

from quiz.i18n import _

# Pure black and white with saturated accents: every text colour Textual derives from this
# has at least WCAG AA contrast (4.5:1) on every background (checked by test_themes.py).
HIGH_CONTRAST = Theme(
    name="media-quiz-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF7070",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#D0D0D0",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "button-color-foreground": "#000000",
        "input-cursor-foreground": "#000000",
        "input-cursor-background": "#FFFFFF",
        "border": "#FFFFFF",
        "scrollbar": "#FFFFFF",
    },
)

# The order the theme key cycles through; the first is the default.
THEMES = ("textual-dark", "textual-light", HIGH_CONTRAST.name)


def theme_label(name: str) -> str:
    """A theme's name as a learner reads it."""
    labels = {
        "textual-dark": _("dark"),
        "textual-light": _("light"),
        HIGH_CONTRAST.name: _("high contrast"),
    }
    return labels.get(name, name)

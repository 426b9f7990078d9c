"""The settings a school gives once for every quiz on a computer: where statements go.

A small TOML file, `config.toml` in the user config folder (platformdirs: on Linux
~/.config/media-quiz/config.toml), or the file $MEDIA_QUIZ_CONFIG names:

    [lrs]
    url = "https://lrs.example.org/xAPI"      # the learning record store (as --lrs)
    homepage = "https://school.example.org/"   # learners' accounts (as --homepage)
    user = "quiz-lab-3"                        # the LRS's basic-auth key and secret; the
    password = "…"                             # environment's win over these

Credentials never come from a command-line flag, which anyone on the computer could read in
`ps`: from $MEDIA_QUIZ_LRS_USER and $MEDIA_QUIZ_LRS_PASSWORD, else from this file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from quiz.i18n import _

CONFIG_VARIABLE = "MEDIA_QUIZ_CONFIG"
USER_VARIABLE = "MEDIA_QUIZ_LRS_USER"
PASSWORD_VARIABLE = "MEDIA_QUIZ_LRS_PASSWORD"


class ConfigError(ValueError):
    """The config file cannot be used: the message names the file, the line if known, and the fix."""


@dataclass(frozen=True)
class LrsSettings:
    """Where a quiz's xAPI statements go, and who learners' accounts belong to."""

    url: str | None = None  # None: no learning record store
    homepage: str | None = None
    user: str | None = None
    password: str | None = None

    @property
    def credentials(self) -> tuple[str, str] | None:
        return (self.user, self.password or "") if self.user else None


def config_path() -> Path:
    """The config file: $MEDIA_QUIZ_CONFIG, else config.toml in the user config folder."""
    override = os.environ.get(CONFIG_VARIABLE)
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        # What platformdirs says on Linux, without importing it: every start looks for this
        # file, and platformdirs costs a start more than the lookup (quiz/paths.py defers it too).
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base) / "media-quiz" / "config.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir("media-quiz")) / "config.toml"


def web_address(text: str) -> str:
    """`text` if it is an http or https address (an IRL, as xAPI wants); else ValueError saying why."""
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text.strip()):
        raise ValueError(
            _("“{value}” is not a web address; write it whole, such as https://school.example.org/").format(
                value=text
            )
        )
    return text.strip()


def load_lrs_settings(url: str | None = None, homepage: str | None = None) -> LrsSettings:
    """The LRS settings: `url` and `homepage` (from the command line) over the config file's,
    credentials from the environment over the file's. Raises ConfigError for a file that
    cannot be read or holds a value that is not a web address."""
    import tomllib  # only with a config file or an LRS: not on every start

    path = config_path()
    section: dict = {}
    try:
        with path.open("rb") as handle:
            section = tomllib.load(handle).get("lrs", {})
    except FileNotFoundError:
        pass
    except OSError as error:
        raise ConfigError(_("{path}: cannot be read: {reason}").format(path=path, reason=error.strerror)) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    if not isinstance(section, dict):
        raise ConfigError(_("{path}: [lrs] must be a table of settings").format(path=path))
    values: dict[str, str | None] = {}
    for key in ("url", "homepage", "user", "password"):
        value = section.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(_("{path}: {key} in [lrs] must be text in quotes").format(path=path, key=key))
        values[key] = value
    chosen_url = url or values["url"]
    chosen_homepage = homepage or values["homepage"]
    try:
        if chosen_url:
            chosen_url = web_address(chosen_url).rstrip("/")
        if chosen_homepage:
            chosen_homepage = web_address(chosen_homepage)
    except ValueError as error:
        raise ConfigError(f"{path}: {error}" if not (url or homepage) else str(error)) from None
    return LrsSettings(
        url=chosen_url or None,
        homepage=chosen_homepage or None,
        user=os.environ.get(USER_VARIABLE) or values["user"],
        password=os.environ.get(PASSWORD_VARIABLE) or values["password"],
    )

"""Read settings from environment variables, and remember what was read.

Each ``env_*`` call names the variable, its default and one line of help, so that the
list of variables documents itself. To print the Markdown table that stands in README.md:

    python -c "import innopartner.config.settings.base as _, innopartner.config as c; \
        c.settings_module(); print(c.env.markdown_table())"
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


#: Every variable read so far, by name; the first reading's default and help win.
VARIABLES: dict[str, Variable] = {}


def _read(name: str, default: object, help: str) -> str | None:
    VARIABLES.setdefault(name, Variable(name, _show(default), help))
    return os.environ.get(name)


def _show(default: object) -> str:
    if isinstance(default, bool):
        return "on" if default else "off"
    if default in ("", None):
        return "(empty)"
    return str(default)


def env_str(name: str, default: str, help: str) -> str:
    value = _read(name, default, help)
    return default if value is None else value


def env_bool(name: str, default: bool, help: str) -> bool:
    value = _read(name, default, help)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, help: str) -> int:
    value = _read(name, default, help)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_path(name: str, default: str, help: str) -> Path:
    """A folder or file; a relative path is taken from the current working directory."""
    value = _read(name, default, help)
    return Path(value or default).expanduser().absolute()


def env_list(name: str, default: str, help: str) -> list[str]:
    """A comma-separated list; blanks around items are dropped."""
    return [item.strip() for item in env_str(name, default, help).split(",") if item.strip()]


def markdown_table() -> str:
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for var in VARIABLES.values():
        lines.append(f"| `{var.name}` | `{var.default}` | {var.help} |")
    return "\n".join(lines)

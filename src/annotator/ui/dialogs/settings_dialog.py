"""File ▸ Settings: the analyst's name, asked once at first start (OS user as default)
and kept in QSettings; every span made in the window carries it."""
from __future__ import annotations

import os

from PySide6.QtWidgets import QInputDialog, QLineEdit

from annotator.core.edits import ENV_ANNOTATOR, default_annotator

KEY = "annotator"


def ask_name(parent, current: str, first: bool) -> str | None:
    title = "Who is annotating?" if first else "Settings"
    prompt = ("Your name, stored with every span you make\n"
              "(change it later in File ▸ Settings):" if first else "Annotator name:")
    name, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.Normal, current)
    name = name.strip()
    return name if ok and name else None


def startup_name(args, settings, *, ask: bool) -> str:
    """--annotator, else $ANNOTATOR_NAME (or $ANNOTATOR_USER), else the name saved in
    settings, else (first start) asked with the OS user as the default."""
    name = getattr(args, "annotator", None) or os.environ.get(ENV_ANNOTATOR) \
        or os.environ.get("ANNOTATOR_USER")
    if name:
        return name
    saved = settings.get(KEY, None, str)
    if saved:
        return saved
    name = default_annotator()
    if ask:
        name = ask_name(None, name, first=True) or name
        settings.set(KEY, name)
    return name

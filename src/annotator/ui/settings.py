"""What the window remembers between runs (QSettings): geometry, splitters, the
last project and its last document, recent projects, view options.

ANNOTATOR_SETTINGS names an INI file to use instead of the user's settings, so
tests and the bench never touch (or depend on) a real user's preferences.
"""
from __future__ import annotations

import hashlib
import json
import os

from PySide6.QtCore import QSettings

ENV = "ANNOTATOR_SETTINGS"
MAX_RECENT = 8
MAX_SCROLL = 50       # documents whose scroll position is kept, most recent first


def open_settings() -> QSettings:
    path = os.environ.get(ENV)
    if path:
        return QSettings(path, QSettings.IniFormat)
    return QSettings("annotator", "annotator")


def _project_key(project_path: str, what: str = "last_doc") -> str:
    return f"{what}/" + hashlib.sha1(os.path.abspath(project_path).encode()).hexdigest()[:16]


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings if qsettings is not None else open_settings()

    def get(self, key: str, default=None, type_=None):
        if type_ is None:
            return self.q.value(key, default)
        return self.q.value(key, default, type=type_)

    def set(self, key: str, value) -> None:
        self.q.setValue(key, value)

    def last_project(self) -> str | None:
        path = self.q.value("last_project")
        return path if path and os.path.isfile(path) else None

    def recent_projects(self) -> list[str]:
        paths = self.q.value("recent_projects") or []
        if isinstance(paths, str):
            paths = [paths]
        return [p for p in paths if os.path.isfile(p)]

    def remember_project(self, path: str) -> None:
        if path == ":memory:":
            return
        path = os.path.abspath(path)
        self.q.setValue("last_project", path)
        recent = [p for p in self.recent_projects() if p != path]
        self.q.setValue("recent_projects", [path] + recent[:MAX_RECENT - 1])

    def last_doc(self, project_path: str) -> str | None:
        return self.q.value(_project_key(project_path)) or None

    def remember_doc(self, project_path: str, doc_id: str) -> None:
        if project_path != ":memory:":
            self.q.setValue(_project_key(project_path), doc_id)

    def _json(self, key: str, default):
        try:
            value = json.loads(self.q.value(key) or "null")
        except (TypeError, ValueError):       # an older or hand-edited file
            return default
        return value if isinstance(value, type(default)) else default

    def filters(self, project_path: str) -> dict[str, str]:
        """The document list's search and filters last used on this project."""
        stored = self._json(_project_key(project_path, "filters"), {})
        return {k: v for k, v in stored.items()
                if k in ("search", "outlet", "event", "status") and isinstance(v, str)}

    def remember_filters(self, project_path: str, filters: dict) -> None:
        if project_path != ":memory:":
            self.q.setValue(_project_key(project_path, "filters"), json.dumps(
                {k: v for k, v in filters.items() if v}))

    def scroll_position(self, project_path: str, doc_id: str) -> int | None:
        """The code point at the top of the article when it was last left."""
        for d, cp in self._json(_project_key(project_path, "scroll"), []):
            if d == doc_id:
                return int(cp)
        return None

    def remember_scroll(self, project_path: str, doc_id: str, cp: int) -> None:
        if project_path == ":memory:":
            return
        key = _project_key(project_path, "scroll")
        kept = [p for p in self._json(key, []) if isinstance(p, list) and len(p) == 2
                and p[0] != doc_id]
        self.q.setValue(key, json.dumps([[doc_id, int(cp)]] + kept[:MAX_SCROLL - 1]))

    def sync(self) -> None:
        self.q.sync()

"""What the window remembers between runs (QSettings): geometry, splitters, the
last project and its last document, recent projects, view options.

ANNOTATOR_SETTINGS names an INI file to use instead of the user's settings, so
tests and the bench never touch (or depend on) a real user's preferences.
"""
from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QSettings

ENV = "ANNOTATOR_SETTINGS"
MAX_RECENT = 8


def open_settings() -> QSettings:
    path = os.environ.get(ENV)
    if path:
        return QSettings(path, QSettings.IniFormat)
    return QSettings("annotator", "annotator")


def _project_key(project_path: str) -> str:
    return "last_doc/" + hashlib.sha1(os.path.abspath(project_path).encode()).hexdigest()[:16]


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

    def sync(self) -> None:
        self.q.sync()

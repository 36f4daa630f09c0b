"""Which project file a command or the window uses, and how it may open it.

- No --db: the default project in the user data folder (or $ANNOTATOR_DB), made
  and seeded with the sample corpus on first use, by any command.
- --db given: commands that write (import, labels --load, the window) may create
  it; commands that only read (list, stats, export, compare, labels) open it
  read-only and never create or change a file: missing or empty is an error.
"""
from __future__ import annotations

import os
from pathlib import Path

from annotator.core.store.project import Project

ENV_DB = "ANNOTATOR_DB"


def default_db_path() -> Path:
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    import platformdirs
    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / "project.db"


def open_project(db: str | None, *, writes: bool = True, check: str = "now") -> Project:
    """The --db project (`db`), or the default one (seeded with the sample corpus
    when new). `writes=False` opens it read-only (see the module's rules); `check`
    is when quick_check runs (Project)."""
    if db:
        return Project(db, create=writes, readonly=not writes, check=check)
    path = default_db_path()
    if path.exists() and path.stat().st_size > 0:
        return Project(path, readonly=not writes, check=check)
    from annotator.core import resources
    from annotator.core.interchange import importing
    path.parent.mkdir(parents=True, exist_ok=True)
    project = Project(path)
    importing.import_paths(project, [resources.sample_corpus_dir()])
    if writes:
        return project
    project.close()
    return Project(path, readonly=True)


def existing_project(db: str | None, *, may_be_missing: bool = False) -> Path:
    """The project file a backup or restore names (--db or the default), which must
    exist unless `may_be_missing` (restoring a deleted project)."""
    from annotator.core.model import ProjectError
    path = Path(db) if db else default_db_path()
    if not may_be_missing and not path.is_file():
        raise ProjectError(f"{path}: no such project file")
    return path

"""The only SQL: the project file, its schema and migrations, and the queries on it."""
from annotator.core.store.project import Project, now

__all__ = ["Project", "now"]

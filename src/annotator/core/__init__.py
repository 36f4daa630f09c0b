"""The core: data, store, operations, import. Pure Python; never imports Qt."""
from annotator.core.edits import Changes, Editor
from annotator.core.model import AnnotatorError, Document, Label, ProjectError, Span, ValidationError
from annotator.core.store.project import Project

__all__ = ["AnnotatorError", "Changes", "Document", "Editor", "Label", "Project",
           "ProjectError", "Span", "ValidationError"]

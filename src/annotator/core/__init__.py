"""The core: data, store, operations, import. Pure Python; never imports Qt."""
from .edits import Changes, Editor
from .model import AnnotatorError, Document, Label, ProjectError, Span, ValidationError
from .store import Project

__all__ = ["AnnotatorError", "Changes", "Document", "Editor", "Label", "Project",
           "ProjectError", "Span", "ValidationError"]

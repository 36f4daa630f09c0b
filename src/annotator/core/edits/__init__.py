"""Every change an analyst can make, as an operation that commits and reports.

`Editor.run(op)` applies an operation in one transaction and returns `Changes`;
each operation's `apply` also returns its inverse, which is what undo runs.
The window, the CLI and the tests all go through `Editor`.

operation.py holds Changes, the Operation base, Batch and the undo conflicts;
span_ops.py the span and status operations; editor.py the Editor. Import them
from here.
"""
from annotator.core.edits.editor import ENV_ANNOTATOR, Editor, default_annotator
from annotator.core.edits.operation import (CHANGED_ELSEWHERE, Batch, Changes, Conflict, Gone,
                                            Operation)
from annotator.core.edits.span_ops import (AddSpan, RemoveSpan, RestoreSpan, SetStatus, TagSpans,
                                           UpdateSpan)

__all__ = [
    "CHANGED_ELSEWHERE", "ENV_ANNOTATOR", "AddSpan", "Batch", "Changes", "Conflict", "Editor",
    "Gone", "Operation", "RemoveSpan", "RestoreSpan", "SetStatus", "TagSpans", "UpdateSpan",
    "default_annotator",
]

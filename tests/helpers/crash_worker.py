"""Subprocess for the crash test: add spans in a burst, acknowledge each one.

Usage: python crash_worker.py PROJECT.db
Prints "ready" once the project is open, then one span id per line, each printed
(and flushed) only after Editor.run() has returned, i.e. after the commit.
"""
import sys

from annotator.core import Editor, Project
from annotator.core.interchange.importing import DocRecord, import_records

LABELS = ("claim", "denial", "accusation", "background")


def main(path: str) -> None:
    project = Project(path)
    if not project.document_count():
        import_records(project, [DocRecord("word " * 400, "crash", id="doc")])
    editor = Editor(project, annotator="crash")
    n = len(project.document("doc").text)
    print("ready", flush=True)
    for i in range(1_000_000):
        start = i % (n - 50)
        end = start + 1 + (i // (n - 50))
        changes = editor.add_span("doc", start, end, LABELS[i % 4])
        print(editor.new_span_id(changes), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])

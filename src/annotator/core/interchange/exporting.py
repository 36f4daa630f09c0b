"""Export: stream documents and spans out of the project in a registered format.

Every export is deterministic (documents by id, spans by start, end, label,
annotator), streams from one read snapshot (one document in memory at a time)
and is atomic: files are written to a temporary name beside the target and
renamed into place, so a failed or cancelled export never leaves a partial file.
"""
from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from annotator.core.files import atomic_file, refuse_special_output
from annotator.core.interchange import registry
from annotator.core.interchange.writing import Writer
from annotator.core.model import AnnotatorError, ValidationError
from annotator.core.store import interchange_queries as queries
from annotator.core.store.interchange_queries import ExportCount, ExportDocument, Filters
from annotator.core.store.project import Project

__all__ = ["ExportCancelled", "ExportReport", "Filters", "count", "export", "preview"]

PROGRESS_EVERY = 100
WRITE_BATCH = 1 << 20

Progress = Callable[[int, int], "bool | None"]   # (done, total); False cancels


class ExportCancelled(AnnotatorError):
    """The user cancelled; nothing was written."""


@dataclass
class ExportReport:
    format: str
    output: str
    documents: int = 0
    spans: int = 0
    files: int = 0
    sidecars: list[str] = field(default_factory=list)

    def summary(self) -> str:
        where = "standard output" if self.output == "-" else self.output
        files = f" ({self.files} files)" if self.files else ""
        beside = f"; beside it {', '.join(self.sidecars)}" if self.sidecars else ""
        return (f"exported {self.documents} document(s), {self.spans} span(s) "
                f"as {self.format} to {where}{files}{beside}")


def count(project: Project, filters: Filters | None = None) -> ExportCount:
    """Documents and spans an export with these filters would write."""
    return queries.count(project, filters or Filters())


def _counted(docs: Iterable[ExportDocument], total: int, report: ExportReport,
             progress: Progress | None) -> Iterator[ExportDocument]:
    """Pass documents through, counting them and reporting progress."""
    for i, doc in enumerate(docs):
        if progress and i % PROGRESS_EVERY == 0 and progress(i, total) is False:
            raise ExportCancelled("export cancelled; nothing was written")
        report.documents += 1
        report.spans += len(doc.spans)
        yield doc
    if progress and progress(total, total) is False:
        raise ExportCancelled("export cancelled; nothing was written")


# -- writing ---------------------------------------------------------------------
def export(project: Project, fmt: str, output: str | Path, filters: Filters | None = None,
           *, progress: Progress | None = None) -> ExportReport:
    """Write the filtered project as `fmt` to `output` (a file, a folder for brat, or -)."""
    writer = registry.writer_format(fmt).writer().start(project.labels())
    filters = filters or Filters()
    queries.check_filters(project, filters)
    output = str(output)
    report = ExportReport(fmt, output)
    with project.snapshot() as snap:
        total = queries.count_documents(snap, filters)
        docs = _counted(queries.iter_documents(snap, filters), total, report, progress)
        if writer.folder:
            if output == "-":
                raise ValidationError(f"{fmt} writes a folder of files; give -o FOLDER")
            report.files = writer.write_folder(Path(output), docs)
        elif output == "-":
            _write_stdout(writer, docs)
        else:
            report.sidecars = _write_file(Path(output), fmt, writer, docs)
    return report


def _write_stream(out, writer: Writer, docs: Iterable[ExportDocument]) -> None:
    out.write(writer.header())
    batch, size = [], 0              # about a megabyte a write, not a write a line
    for doc in docs:
        for chunk in writer.chunks(doc):
            batch.append(chunk)
            size += len(chunk)
        if size >= WRITE_BATCH:
            out.write("".join(batch))
            batch, size = [], 0
    out.write("".join(batch))
    out.write(writer.footer())


def _write_stdout(writer: Writer, docs) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:                      # a text-only stream (tests, IDEs)
        _write_stream(sys.stdout, writer, docs)
        return
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:            # a closed reader (`| head`) raises BrokenPipeError: the CLI stops quietly
        _write_stream(out, writer, docs)
        out.flush()
    finally:
        with contextlib.suppress(ValueError, OSError):
            out.detach()


def _write_file(path: Path, fmt: str, writer: Writer, docs) -> list[str]:
    """The file, then the files beside it, each renamed into place only once all of
    them are written (a failure leaves none of them new)."""
    refuse_special_output(path, f"{fmt} export")
    if not path.parent.is_dir():
        raise ValidationError(f"{path.parent}: no such folder")
    sidecars = writer.sidecars(path)
    for side in sidecars:
        refuse_special_output(side, f"{fmt} export")
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(atomic_file(path))
        out.write(writer.bom)
        _write_stream(out, writer, docs)
        for side, content in sidecars.items():
            stack.enter_context(atomic_file(side)).write(content)
    return [str(p) for p in sidecars]


# -- the dialog's preview --------------------------------------------------------
def preview(project: Project, fmt: str, filters: Filters | None = None,
            limit: int = 3) -> str:
    """The first `limit` documents' records, formatted for reading (not the file bytes)."""
    writer = registry.writer_format(fmt).writer().start(project.labels())
    filters = filters or Filters()
    docs = []
    with project.snapshot() as snap:
        for doc in queries.iter_documents(snap, filters):
            docs.append(doc)
            if len(docs) >= limit:
                break
    return writer.preview(docs)

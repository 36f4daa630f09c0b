"""`annotator compare`: the comparison as text tables, JSONL, CSV or one HTML file.

Files are written whole or not at all (temp file in the same folder, then
os.replace); '-' writes to standard output.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

from annotator.core.compare.comparison import POSITIONS, Comparison, LabelStats, compare
from annotator.core.files import atomic_file, neutralise
from annotator.core.model import ValidationError
from annotator.core.store.project import Project
from annotator.core.terminal import visible


def run(project: Project, event: str | None = None, doc_ids=None, fmt: str = "text",
        output: str = "-", annotators=None) -> Comparison:
    render = RENDERERS.get(fmt)
    if render is None:
        raise ValidationError(f"unknown format {fmt!r} (formats: {', '.join(RENDERERS)})")
    result = compare(project, event=event, doc_ids=doc_ids, annotators=annotators)
    write(render(result), output)
    return result


def write(content: str, output: str | os.PathLike) -> None:
    if str(output) == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise ValidationError(f"{target}: is a folder; name a file to write")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(f"{target}: folder {folder} does not exist")
    with atomic_file(target) as f:
        f.write(content)


# -- shared views of the data -------------------------------------------------------
def label_names(c: Comparison) -> list[str]:
    names = [lab.name for lab in c.labels]
    extra = {n for p in c.profiles for n in p.labels} - set(names)
    return names + sorted(extra)


def percent(x: float) -> str:
    return f"{100 * x:.1f}%"


def flags(c: Comparison, g) -> list[str]:
    """Plain-words flags of one group, naming the outlets concerned."""
    out = []
    if g.label_conflict:
        out.append("labels differ: " + ", ".join(
            f"{c.doc(d).column} {cell.label}" for d, cell in g.cells.items() if cell.label))
    if g.untagged:
        out.append("printed untagged by " + ", ".join(c.doc(d).column for d in g.untagged))
    if g.partial:
        out.append("partly related in " + ", ".join(
            f"{c.doc(d).column} ({x.score:.2f}: {_clip(x.text)})" for d, x in g.partial.items()))
    if g.omitted:
        out.append("omitted by " + ", ".join(c.doc(d).column for d in g.omitted))
    return out


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def outlet_record(p, names: list[str]) -> dict:
    return {"outlet": p.outlet, "documents": p.doc_ids, "words": p.words, "chars": p.chars,
            "labels": {n: {"count": s.count, "chars": s.chars, "share": round(s.share, 4),
                           "per_1000_words": round(s.per_1000_words, 2),
                           "positions": s.positions, "speakers": dict(s.speakers.most_common())}
                       for n in names if (s := p.labels.get(n))}}


def group_record(c: Comparison, g) -> dict:
    return {"type": "group", "id": g.id, "label": g.label, "coverage": g.coverage,
            "disagreement": g.disagreement, "label_conflict": g.label_conflict,
            "omission": g.omission, "omitted": g.omitted, "untagged": g.untagged,
            "partial": [{"doc_id": d, "start": x.start, "end": x.end, "score": x.score,
                         "text": x.text} for d, x in g.partial.items()],
            "cells": [{"doc_id": d, "outlet": c.doc(d).outlet, "start": x.start, "end": x.end,
                       "label": x.label, "speaker": x.speaker, "score": x.score,
                       "text": x.text} for d, x in g.cells.items()],
            # the same article's other renderings of the statement
            "alternatives": [{"doc_id": d, "start": x.start, "end": x.end, "label": x.label,
                              "speaker": x.speaker, "text": x.text}
                             for d, xs in g.alternatives.items() for x in xs]}


# -- text --------------------------------------------------------------------------
def _table(header, rows) -> str:
    rows = [[visible(c) for c in r] for r in rows]         # document text: no raw ESC, CR
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _profile_tables(profiles, names: list[str]) -> list[str]:
    out = ["Spans per label (share of characters, per 1,000 words)"]
    out.append(_table(["outlet", "documents", "words"] + names, [
        [p.outlet, len(p.doc_ids), p.words] + [
            f"{p.labels[n].count} ({percent(p.labels[n].share)}, "
            f"{p.labels[n].per_1000_words:.1f})" for n in names]
        for p in profiles]))
    out += ["", "Where the labels fall (" + " / ".join(POSITIONS) + ")"]
    out.append(_table(["outlet"] + names, [
        [p.outlet] + ["/".join(str(p.labels[n].positions[k]) for k in POSITIONS)
                      for n in names] for p in profiles]))
    return out


def render_outlets(profiles, labels) -> str:
    """`annotator stats --outlets`: the per-outlet tables of a whole project."""
    names = [lab.name for lab in labels]
    names += sorted({n for p in profiles for n in p.labels} - set(names))
    for p in profiles:
        for n in names:
            p.labels.setdefault(n, LabelStats())
    return "\n".join([f"{len(profiles)} outlets", ""] + _profile_tables(profiles, names)) + "\n"


def render_text(c: Comparison) -> str:
    names = label_names(c)
    out = [f"Comparison: {visible(c.title)} ({len(c.docs)} documents, {len(c.profiles)} outlets)", ""]
    out.append(_table(("id", "outlet", "title"), [(d.id, d.outlet, d.title) for d in c.docs]))
    out += [""] + _profile_tables(c.profiles, names)
    out += ["", "Speakers quoted"]
    out.append(_table(("outlet", "label", "speakers"), [
        (p.outlet, n, "; ".join(f"{who} ×{k}" for who, k in p.labels[n].speakers.most_common()))
        for p in c.profiles for n in names if p.labels[n].count]))
    n_dis = sum(g.disagreement for g in c.groups)
    n_om = sum(g.omission for g in c.groups)
    out += ["", f"Aligned passages: {len(c.groups)} groups; {n_dis} labelled differently "
                f"(or left untagged) by some outlet; {n_om} missing from some outlet"]
    for g in c.groups:
        out.append(f"\n#{g.id}  {visible(g.label or 'untagged')}  [{g.coverage}]")
        for d, x in g.cells.items():
            who = f", {visible(x.speaker)}" if x.speaker else ""
            score = f", {x.score:.2f}" if len(g.cells) > 1 else ""
            out.append(f"  {visible(c.doc(d).column)} ({visible(x.label or 'untagged')}{who}"
                       f"{score}): {visible(x.text)}")
            out += [f"  {visible(c.doc(d).column)} (also, {visible(y.label or 'untagged')}"
                    f"{', ' + visible(y.speaker) if y.speaker else ''}): {visible(y.text)}"
                    for y in g.alternatives.get(d, ())]
        out += [f"  ! {visible(f)}" for f in flags(c, g)]
    out += ["", "Agreement across outlets (groups by majority label)"]
    out.append(_table(("label", "in all", "in some", "in one"), [
        (n, *(", ".join(f"#{i}" for i in c.agreement.get(n, {}).get(k, [])) or "-"
              for k in ("all", "some", "one"))) for n in names]))
    return "\n".join(out) + "\n"


# -- jsonl / csv -------------------------------------------------------------------
def render_jsonl(c: Comparison) -> str:
    names = label_names(c)
    head = {"type": "comparison", "title": c.title,
            "documents": [{"id": d.id, "outlet": d.outlet, "title": d.title} for d in c.docs],
            "agreement": c.agreement}
    records = [head] + [{"type": "outlet", **outlet_record(p, names)} for p in c.profiles]
    records += [group_record(c, g) for g in c.groups]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


CSV_COLUMNS = ("group", "group_label", "coverage", "disagreement", "omission", "doc_id",
               "outlet", "present", "label", "speaker", "score", "start", "end", "text")


def render_csv(c: Comparison) -> str:
    """One row per group and document, absent documents included (present = no), a
    loosely related passage as present = partial with its score, and a row more
    (present = also) per other rendering of the statement in the same article."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for g in c.groups:
        for d in c.docs:
            x = g.cells.get(d.id) or g.partial.get(d.id)
            present = "no" if x is None else "yes" if d.id in g.cells else "partial"
            cell = ((present, x.label or "", x.speaker or "", f"{x.score:.3f}", x.start, x.end,
                     x.text) if x else ("no", "", "", "", "", "", ""))
            # wording, speakers and outlets come from articles: never run as formulas
            rows = [cell] + [("also", y.label or "", y.speaker or "", f"{y.score:.3f}",
                              y.start, y.end, y.text) for y in g.alternatives.get(d.id, ())]
            for row in rows:
                w.writerow([neutralise(v) for v in (g.id, g.label or "", g.coverage,
                            int(g.disagreement), int(g.omission), d.id, d.outlet) + row])
    return buf.getvalue()


def render_html(c: Comparison) -> str:
    from annotator.core.compare.html import render
    return render(c)


RENDERERS = {"text": render_text, "jsonl": render_jsonl, "csv": render_csv,
             "html": render_html}

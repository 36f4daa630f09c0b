"""Run brat's own parser over our brat export: no failed line, no text mismatch, and
an annotation.conf brat reads without falling back to its minimal default.

    python scripts/check_brat_export.py PATH/TO/BRAT-CHECKOUT [--keep DIR]

brat is not on PyPI and nothing of it is vendored here: give a checkout (its
server/src holds annotation.py and projectconfig.py). The script exports the seed
articles (tests/fixtures/sample_annotated.jsonl) and a stress text (ZWJ emoji,
U+20000, combining marks, a CRLF source, a tab, U+2028, a span across a line
break, labels with a space and a non-ASCII letter, two annotators on one span,
notes with tabs and line breaks) and parses every .ann with brat's
TextAnnotations. brat's code is Python 2-era; the shims it needs under Python 3
are made here, never in brat: `open_textfile` opens with mode "rU" (gone in 3.11)
and projectconfig imports a `config` module brat's installer writes.
"""
from __future__ import annotations

import argparse
import codecs
import sys
import tempfile
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "src"))

from annotator.core.edits import Editor  # noqa: E402
from annotator.core.interchange.exporting import export  # noqa: E402
from annotator.core.interchange.importing import import_paths  # noqa: E402
from annotator.core.labels import SetLabels  # noqa: E402
from annotator.core.model import Label  # noqa: E402
from annotator.core.store.project import Project  # noqa: E402

SEED = HERE / "tests" / "fixtures" / "sample_annotated.jsonl"
STRESS = ("Crowd 👍🏽 cheered; the 👨‍👩‍👧 family said: “no comment”.\r\n"
          "Rare 𠀀 character, Cafe\u0301 owner and Zu\u0308rich\tdenied it.\r\n"
          "The minister said the talks\r\nfailed\u2028badly. Last line.\r\n")


def brat_modules(checkout: Path):
    src = checkout / "server" / "src"
    if not (src / "annotation.py").is_file():
        sys.exit(f"{checkout}: no server/src/annotation.py (not a brat checkout?)")
    sys.path.insert(0, str(src))
    sys.modules.setdefault("config", types.ModuleType("config"))   # written by brat's installer
    import annotation
    import projectconfig

    def open_textfile(filename, mode="r"):         # brat's own, without the "U" of 2.x
        return codecs.open(filename, mode.replace("U", ""), encoding="utf8", errors="strict")
    annotation.open_textfile = open_textfile
    projectconfig.open_textfile = open_textfile
    return annotation, projectconfig


def build(folder: Path) -> Project:
    (folder / "src").mkdir(parents=True)
    stress = folder / "src" / "stress.txt"
    stress.write_bytes(STRESS.encode("utf-8"))
    project = Project(folder / "check.db")
    labels = [*project.labels(), Label("cold war framing", "#8888ff", None, "", 90),
              Label("Zürich frame", "#ff8888", None, "", 91)]
    Editor(project, annotator="checker").run(SetLabels(tuple(labels)))
    import_paths(project, [SEED, stress], annotator="seed")
    text = project.document("stress").text
    spans = [("👍🏽 cheered", "claim"), ("👨‍👩‍👧 family", "cold war framing"),
             ("𠀀 character", "Zürich frame"), ("Cafe\u0301 owner", "background"),
             ("Zu\u0308rich\tdenied", "denial"), ("talks\nfailed\u2028badly", "claim")]
    for who in ("alice", "bob"):
        ed = Editor(project, annotator=who)
        for phrase, label in spans:
            start = text.index(phrase)
            ed.add_span("stress", start, start + len(phrase), label, speaker="the\tminister",
                        note="line one\nline two | pipe \\ slash")
    return project


def check(folder: Path, annotation, projectconfig) -> int:
    problems, lines, files = 0, 0, 0
    for ann in sorted(folder.glob("*.ann")):
        files += 1
        doc = annotation.TextAnnotations(str(ann.with_suffix("")), read_only=True)
        messages = doc.get_messages()
        lines += len(ann.read_text(encoding="utf-8").splitlines())
        for n in doc.failed_lines:
            problems += 1
            print(f"FAILED {ann.name}:{n + 1}: {ann.read_text('utf-8').splitlines()[n]!r}")
        for m in messages.errors:
            problems += 1
            print(f"ERROR {ann.name}: {m}")
        for m in messages.warnings:
            print(f"warning {ann.name}: {m}")
        for t in doc.get_textbounds():
            if t.text != " ".join(doc.get_document_text()[a:b] for a, b in t.spans):
                problems += 1
                print(f"MISMATCH {ann.name} {t.id}: {t.text!r}")
    fallbacks = []
    projectconfig.Messager.warning = lambda msg, *a, **k: fallbacks.append(msg)
    projectconfig.Messager.info = lambda msg, *a, **k: None
    configs, _ = projectconfig.get_annotation_configs(str(folder))
    entities = [t.storage_form() for t in configs["entities"]]
    drawing, _ = projectconfig.get_visual_configs(str(folder))
    colours = {t.storage_form(): t.arguments.get("bgColor") for t in drawing["drawing"]}
    for msg in fallbacks:
        problems += 1
        print(f"CONFIG {msg}")
    print(f"annotation.conf entities as brat reads them: {entities}")
    print(f"visual.conf colours: {colours}")
    print(f"{files} .ann files, {lines} lines parsed by brat's TextAnnotations; "
          f"{problems} problem(s)")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("brat", type=Path, help="a brat checkout (with server/src)")
    parser.add_argument("--keep", type=Path, help="export into this new folder and keep it")
    args = parser.parse_args(argv)
    annotation, projectconfig = brat_modules(args.brat)
    with tempfile.TemporaryDirectory() as tmp:
        with build(Path(tmp)) as project:
            out = args.keep or Path(tmp) / "brat"
            report = export(project, "brat", out)
            print(report.summary())
        return 1 if check(out, annotation, projectconfig) else 0


if __name__ == "__main__":
    sys.exit(main())

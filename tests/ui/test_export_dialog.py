"""The export dialog driven with real clicks and keys: format, filters, preview, export."""
import csv
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from annotator.core.store.project import Project
from annotator.ui.dialogs.export import ExportDialog


@pytest.fixture
def dialog(qtbot, annotated):
    d = ExportDialog(annotated, doc_id="001")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def choose(qtbot, combo, text):
    """Pick a combo entry with the keyboard, as a user tabbing through the form would."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def set_destination(qtbot, dialog, path):
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(path))


def colour_of(preview, needle: str, exact: bool = False):
    """The text colour the preview draws `needle` in (the fragment that holds it, or
    with `exact` the fragment that is just `needle`)."""
    block = preview.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.text() == needle if exact else needle in frag.text():
                return frag.charFormat().foreground().color().name()
            it += 1
        block = block.next()
    raise AssertionError(f"{needle!r} not in the preview")


def test_choosing_a_format_changes_the_highlighted_preview(qtbot, dialog):
    text = dialog.preview.toPlainText()
    assert text.startswith('{\n  "id": "000"') and '"spans": [' in text
    key, value = colour_of(dialog.preview, '"id"'), colour_of(dialog.preview, '"000"')
    assert key != value and "#000000" not in (key, value)     # keys and strings told apart
    click(qtbot, dialog.format_buttons["label-studio"])
    assert dialog.fmt == "label-studio"
    assert '"annotations": [' in dialog.preview.toPlainText()
    click(qtbot, dialog.format_buttons["csv"])
    assert dialog.preview.toPlainText().startswith("doc_id,outlet,event")
    header = colour_of(dialog.preview, "doc_id,outlet")       # the CSV lexer, not JSON's
    assert header != colour_of(dialog.preview, ",", exact=True) and header != "#000000"
    assert dialog.path_edit.text().endswith("annotated.csv")
    click(qtbot, dialog.format_buttons["brat"])
    assert "[entities]" in dialog.preview.toPlainText()
    assert "T1\taccusation 15 206" in dialog.preview.toPlainText()
    assert dialog.path_edit.text().endswith("annotated-brat")


def test_filters_narrow_preview_and_count(qtbot, dialog, annotated):
    total = annotated.span_count()
    assert f"5 document(s), {total} span(s)" in dialog.summary.text()
    choose(qtbot, dialog.label_box, "denial")
    denials = annotated.conn.execute(
        "SELECT count(*) FROM spans WHERE label = 'denial'").fetchone()[0]
    assert f"5 document(s), {denials} span(s)" in dialog.summary.text()
    assert '"label": "claim"' not in dialog.preview.toPlainText()
    choose(qtbot, dialog.event_box, "vilnius-communique-2023-07")
    assert "2 document(s)" in dialog.summary.text()
    assert dialog.preview.toPlainText().startswith('{\n  "id": "003"')


def test_export_writes_the_file_the_preview_showed(qtbot, dialog, annotated, tmp_path):
    click(qtbot, dialog.format_buttons["csv"])
    choose(qtbot, dialog.label_box, "accusation")
    target = tmp_path / "out" / "accusations.csv"
    target.parent.mkdir()
    set_destination(qtbot, dialog, target)
    with qtbot.waitSignal(dialog.exported) as signal:
        click(qtbot, dialog.export_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with open(target, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = annotated.conn.execute(
        "SELECT count(*) FROM spans WHERE label = 'accusation'").fetchone()[0]
    assert len(rows) == expected > 0 and {r["label"] for r in rows} == {"accusation"}
    assert f"{expected} span(s)" in signal.args[0]


def test_current_document_only(qtbot, dialog, tmp_path):
    click(qtbot, dialog.current_doc_box)
    assert dialog.current_doc_box.isChecked()
    assert not dialog.outlet_box.isEnabled()
    assert "1 document(s)" in dialog.summary.text()
    set_destination(qtbot, dialog, tmp_path / "one.jsonl")
    click(qtbot, dialog.export_button)
    lines = (tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(l)["id"] for l in lines] == ["001"]


def test_brat_folder_from_the_dialog(qtbot, dialog, tmp_path):
    click(qtbot, dialog.format_buttons["brat"])
    set_destination(qtbot, dialog, tmp_path / "brat")
    click(qtbot, dialog.export_button)
    assert sorted(p.name for p in (tmp_path / "brat").iterdir())[:3] == [
        "000.ann", "000.txt", "001.ann"]


def test_a_bad_destination_is_shown_and_nothing_is_written(qtbot, dialog, tmp_path):
    set_destination(qtbot, dialog, tmp_path / "missing" / "x.jsonl")
    click(qtbot, dialog.export_button)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "no such folder" in dialog.error.text()
    assert not (tmp_path / "missing").exists()


def test_screenshot_reads_well(qtbot, dialog, tmp_path):
    """The picture in docs/ is made the same way: the dialog grabbed after a click."""
    click(qtbot, dialog.format_buttons["jsonl"])
    image = dialog.grab()
    assert image.width() >= 900 and image.height() >= 600
    assert image.save(str(tmp_path / "export_dialog.png"))


def test_long_export_reports_progress(qtbot, tmp_path):
    from PySide6.QtWidgets import QProgressDialog
    from annotator.core.interchange.importing import DocRecord, import_records
    with Project(tmp_path / "big.db") as p:
        import_records(p, [DocRecord(f"Article number {i}. " * 20, "t", id=f"d{i:04d}")
                           for i in range(450)])
        d = ExportDialog(p)
        qtbot.addWidget(d)
        d.show()
        set_destination(qtbot, d, tmp_path / "big.jsonl")
        click(qtbot, d.export_button)
        (progress,) = d.findChildren(QProgressDialog)
        assert progress.maximum() == 450 and progress.value() in (450, -1)
        assert len((tmp_path / "big.jsonl").read_text().splitlines()) == 450

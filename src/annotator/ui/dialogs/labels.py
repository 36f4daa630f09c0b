"""Label ▸ Edit Labels…: add, rename, recolour, reorder, set keys, describe and remove
labels. Each change is one core operation run at once through the session (so Undo
in this dialog or in the window takes it back); the dialog redraws from `changed`."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (QColorDialog, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGridLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from annotator.core.labels import (EXTRA_COLOURS, RemoveLabel, RenameLabel, SetLabels,
                                   check_colour, contrast_ratio, tint)
from annotator.core.model import Label, ValidationError
from annotator.ui import plain
from annotator.ui.article.painting import FILL_ALPHA

TEXT_COLOUR = "#1d1f23"        # the article's text (resources/style.qss)
MIN_CONTRAST = 4.5             # WCAG AA for body text
PALETTE = ("#ffe082", "#ef9a9a", "#ffcc80", "#90caf9", "#a5d6a7", "#ce93d8", "#80cbc4",
           "#f48fb1", "#bcaaa4", "#b0bec5", "#c5e1a5", "#fff59d")


def colour_problem(colour: str) -> str | None:
    """Why spans of this colour would be hard to read, or None."""
    ratio = contrast_ratio(tint(colour, FILL_ALPHA), TEXT_COLOUR)
    if ratio < MIN_CONTRAST:
        return (f"{colour} is too dark behind the text (contrast {ratio:.1f}:1, "
                f"at least {MIN_CONTRAST}:1 is needed); choose a lighter colour")
    return None


def key_problem(labels: list[Label], name: str, key: str, taken=frozenset()) -> str | None:
    """Why `name` cannot take the key `key` ('' clears it), or None; `taken`: the keys
    commands use, as portable text (ui/actions.command_keys)."""
    if not key:
        return None
    if len(key) != 1 or not key.isalpha():
        return "a label key is one letter (1–9 follow the label order)"
    other = next((l.name for l in labels if l.name != name and (l.key or "").lower() == key.lower()),
                 None)
    if other:
        return f"key {key.upper()} is already label {other}'s"
    if key.upper() in taken:
        return f"key {key.upper()} is taken by a command"
    return None


def swatch(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class LabelSetDialog(QDialog):
    def __init__(self, session, parent=None, *, taken=frozenset()):
        super().__init__(parent)
        self.taken = taken           # keys the window's commands use
        self.setObjectName("labelSetDialog")
        self.setWindowTitle("Edit Labels")
        self.session = session
        self.list = QListWidget()
        self.list.setObjectName("labelList")
        self.list.setDragDropMode(QListWidget.InternalMove)    # drag to reorder
        self.list.model().rowsMoved.connect(self._dropped)
        self.list.currentRowChanged.connect(self._show_current)

        self.name = QLineEdit(objectName="labelName")
        self.key = QLineEdit(objectName="labelKey", maxLength=1)
        self.key.setFixedWidth(40)
        self.description = QLineEdit(objectName="labelDescription")
        self.name.editingFinished.connect(self._rename)
        self.key.editingFinished.connect(self._set_key)
        self.description.editingFinished.connect(self._describe)
        colours = QGridLayout()
        colours.setSpacing(2)
        self.swatches = []
        for i, colour in enumerate(PALETTE):
            b = QPushButton(objectName=f"swatch{i}")
            b.setIcon(swatch(colour, 18))
            b.setFixedSize(28, 24)
            b.setAutoDefault(False)        # Enter in a field must not click a colour
            b.setToolTip(colour)
            b.clicked.connect(lambda _=False, c=colour: self.set_colour(c))
            colours.addWidget(b, i // 6, i % 6)
            self.swatches.append(b)
        other = QPushButton("Other…", objectName="otherColour")
        other.setAutoDefault(False)
        other.clicked.connect(self._pick_colour)
        colours.addWidget(other, 2, 0, 1, 3)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Key:", self.key)
        form.addRow("&Description:", self.description)
        box = QWidget()
        box.setLayout(colours)
        form.addRow("Colour:", box)
        self.relabel = QComboBox(objectName="relabelTo")
        form.addRow("Its spans become:", self.relabel)

        buttons = QHBoxLayout()
        self.buttons = {}
        for key, text, slot in (("add", "&Add", self.add), ("up", "Move &Up", lambda: self.move(-1)),
                                ("down", "Move Do&wn", lambda: self.move(1)),
                                ("remove", "&Remove", self.remove)):
            b = QPushButton(text, objectName=f"label_{key}")
            b.setAutoDefault(False)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[key] = b
        self.message = plain.label()
        self.message.setObjectName("labelMessage")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.Close).setAutoDefault(False)

        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)
        QShortcut(QKeySequence("Ctrl+Z"), self, lambda: self.session.undo(initiator=self))
        QShortcut(QKeySequence("Ctrl+Shift+Z"), self, lambda: self.session.redo(initiator=self))
        session.changed.connect(self._changed)
        session.failed.connect(self._failed)
        self.reload()
        self.list.setCurrentRow(0)
        self.resize(640, 380)

    # -- showing --------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return self.session.project.labels()

    def current(self) -> Label | None:
        item = self.list.currentItem()
        name = item.data(Qt.UserRole) if item else None
        return next((l for l in self.labels() if l.name == name), None)

    def reload(self, select: str | None = None) -> None:
        select = select or (self.current().name if self.current() else None)
        self.list.blockSignals(True)
        self.list.clear()
        for i, l in enumerate(self.labels()):
            keys = ", ".join(k for k in (str(i + 1) if i < 9 else "", (l.key or "").upper()) if k)
            item = QListWidgetItem(swatch(l.colour), f"{l.name}   ({keys})" if keys else l.name)
            item.setData(Qt.UserRole, l.name)
            if l.description:
                item.setToolTip(plain.tip(l.description))
            self.list.addItem(item)
            if l.name == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show_current()

    def _show_current(self, *_) -> None:
        label = self.current()
        self.shown = label.name if label else None
        for field, value in ((self.name, label.name if label else ""),
                             (self.key, (label.key or "") if label else ""),
                             (self.description, label.description if label else "")):
            field.setText(value)
        self.relabel.clear()
        self.relabel.addItem("(remove only if unused)", None)
        for l in self.labels():
            if label is None or l.name != label.name:
                self.relabel.addItem(l.name, l.name)

    def _changed(self, ch, _initiator) -> None:
        if ch.labels_changed:
            name = self.shown
            self.reload(ch.labels_renamed.get(name, name) if name else None)
            self.message.setText(ch.description)

    def _failed(self, text: str) -> None:
        if self.isVisible():
            self.say(text)

    def say(self, text: str) -> None:
        self.message.setText(text)

    # -- changing ---------------------------------------------------------------------
    def _set(self, labels: list[Label]) -> None:
        labels = [replace(l, order=i) for i, l in enumerate(labels)]
        if labels != self.labels():
            self.session.run(SetLabels(tuple(labels)), initiator=self)

    def _edit(self, **fields) -> None:
        label = self.current()
        if label is not None:
            self._set([replace(l, **fields) if l.name == label.name else l for l in self.labels()])

    def add(self) -> None:
        labels = self.labels()
        taken = {l.name for l in labels}
        name = next(f"label {i}" for i in range(1, 999) if f"label {i}" not in taken)
        used = {l.colour for l in labels}
        colour = next((c for c in PALETTE + EXTRA_COLOURS if c not in used), PALETTE[0])
        labels.append(Label(name, colour, None, "", len(labels)))
        self._set(labels)
        self.reload(name)
        self.name.setFocus()
        self.name.selectAll()

    def _rename(self) -> None:
        label = self.current()
        new = self.name.text().strip()
        if label is not None and new != label.name:
            if self.session.run(RenameLabel(label.name, new), initiator=self) is None:
                self.name.setText(label.name)

    def _set_key(self) -> None:
        label = self.current()
        key = self.key.text().strip()
        if label is None or key.lower() == (label.key or "").lower():
            return
        problem = key_problem(self.labels(), label.name, key, self.taken)
        if problem:
            self.say(problem)
            self.key.setText(label.key or "")
            return
        self._edit(key=key.lower() or None)

    def _describe(self) -> None:
        label = self.current()
        if label is not None and self.description.text().strip() != label.description:
            self._edit(description=self.description.text().strip())

    def set_colour(self, colour: str) -> bool:
        try:
            colour = check_colour(colour)
        except ValidationError as e:
            self.say(str(e))
            return False
        problem = colour_problem(colour)
        if problem:
            self.say(problem)
            return False
        self._edit(colour=colour)
        return True

    def _pick_colour(self) -> None:
        label = self.current()
        chosen = QColorDialog.getColor(QColor(label.colour if label else "#ffffff"), self)
        if chosen.isValid():
            self.set_colour(chosen.name())

    def move(self, step: int) -> None:
        labels = self.labels()
        label = self.current()
        if label is None:
            return
        i = [l.name for l in labels].index(label.name)
        j = i + step
        if 0 <= j < len(labels):
            labels[i], labels[j] = labels[j], labels[i]
            self._set(labels)

    def _dropped(self, *_) -> None:
        order = [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())]
        by_name = {l.name: l for l in self.labels()}
        self._set([by_name[n] for n in order if n in by_name])

    def remove(self) -> None:
        label = self.current()
        if label is None:
            return
        used = len(self.session.project.spans_with_label(label.name))
        target = self.relabel.currentData()
        if used and target is None:
            self.say(f"{label.name} is used by {used} span{'s' * (used != 1)}: choose the "
                     "label they become, then Remove")
            self.relabel.setFocus()
            return
        self.session.run(RemoveLabel(label.name, target if used else None), initiator=self)

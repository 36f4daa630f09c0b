"""Text from documents, projects and files shown in Qt as plain text, never markup.

QLabel and QMessageBox guess rich text by default (Qt::mightBeRichText), and a tooltip
is rendered as HTML whenever it looks like HTML: a title, outlet, speaker, note, label
or file name such as `<b>x</b><img src=…>` would be drawn as markup (and the image
looked up). Everything that can show such text goes through here.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Icon = QMessageBox.Icon


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows its text literally."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.PlainText)
    widget.setText(text)
    return widget


def tip(text: str) -> str:
    """A tooltip string showing `text` literally: escaped, in an element that keeps
    its line breaks (an escaped string on its own would show "&lt;" if Qt took it
    for plain text)."""
    if not text:
        return ""
    return f'<p style="white-space: pre-wrap;">{html.escape(text, quote=False)}</p>'


def message_box(parent: QWidget | None, title: str, text: str, icon=Icon.Information,
                name: str | None = None) -> QMessageBox:
    """A message box with plain text, deleted when closed; call open() or exec()."""
    box = QMessageBox(icon, title, text, QMessageBox.Ok, parent)
    box.setTextFormat(Qt.PlainText)
    box.setAttribute(Qt.WA_DeleteOnClose)
    if name:
        box.setObjectName(name)
    return box


def show_message_box(parent: QWidget | None, title: str, text: str, icon=Icon.Information,
                     name: str | None = None) -> QMessageBox:
    """Open a window-modal plain-text message box without blocking the event loop."""
    box = message_box(parent, title, text, icon, name)
    box.open()
    return box

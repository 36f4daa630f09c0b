"""The panel's "Suggestion" box: what the current suggestion proposes, and the keys."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from annotator.ui.state import ViewState

HINT = "Enter accepts · a label key accepts as that label · X rejects · Tab goes on"


class SuggestionBox(QGroupBox):
    """Shown only while a suggestion is current; plain text, never markup."""

    def __init__(self, state: ViewState, parent=None):
        super().__init__("Suggestion", parent)
        self.setObjectName("suggestionBox")
        self.state = state
        form = QFormLayout(self)
        self.fields: dict[str, QLabel] = {}
        for name in ("label", "kind", "speaker", "cue", "score"):
            value = QLabel()
            value.setObjectName(f"suggestion-{name}")
            value.setTextFormat(Qt.PlainText)
            value.setWordWrap(True)
            form.addRow(name.title(), value)
            self.fields[name] = value
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.PlainText)
        hint.setStyleSheet("color: #666;")
        form.addRow(hint)
        state.suggestion_selected.connect(lambda sug, _old: self.show_suggestion(sug))
        self.show_suggestion(None)

    def show_suggestion(self, sug) -> None:
        self.setVisible(sug is not None)
        if sug is None:
            return
        colour = self.state.colours.get(sug.label, "#cccccc")
        self.fields["label"].setText(sug.label)
        self.fields["label"].setStyleSheet(f"border-left: 8px solid {colour}; padding-left: 4px;")
        self.fields["kind"].setText(sug.kind)
        self.fields["speaker"].setText(sug.speaker or "—")
        self.fields["cue"].setText(sug.cue or "—")
        self.fields["score"].setText(f"{sug.score:.2f}")

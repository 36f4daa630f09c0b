"""ONE table of everything the window can do: it builds every QAction, the menus,
the key bindings and the shortcut help, so they can never disagree.

A row: id, menu text, shortcuts, the handler it calls (a function of the window, from
ui/commands.py or the window's file mixin), menu, and scope.
Scope "text" binds the keys only while the article has focus (so arrow keys and
Enter keep working in the lists and fields); "window" binds them everywhere.
Label rows are generated from the project's label set: keys 1..9 in label order
plus each label's own letter.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.ui import commands as c
from annotator.ui import suggest_commands as sg
from annotator.ui.review.team_actions import TeamActions as T
from annotator.ui.window_files import ProjectFiles as F

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple = ()          # strings or QKeySequence.StandardKey values
    handler: Callable | None = None    # handler(window) or handler(window, arg / checked)
    menu: str = ""                 # "File", "Edit", ...; "" = key binding only
    scope: str = "window"          # "window" | "text"
    checkable: bool = False
    arg: object = None             # passed to the handler when not None
    help: str = ""                 # longer text for the shortcut help

    def key_sequences(self) -> list[QKeySequence]:
        out = []
        for s in self.shortcuts:
            if isinstance(s, SK):
                out.extend(QKeySequence.keyBindings(s))
            else:
                out.append(QKeySequence(s))
        return out


A = ActionSpec
ACTIONS: tuple[ActionSpec, ...] = (
    A("new_project", "&New Project…", ("Ctrl+N",), F.new_project, "File"),
    A("open_project", "&Open Project…", ("Ctrl+O",), F.open_project, "File"),
    A("import_files", "&Import Files…", ("Ctrl+I",), F.import_files, "File"),
    A("import_folder", "Import &Folder…", ("Ctrl+Shift+I",), F.import_folder, "File"),
    A("export", "&Export…", ("Ctrl+E",), F.export, "File"),
    A("merge_project", "&Merge Project…", (), T.merge_project, "File",
      help="Bring other analysts' project files into this one"),
    A("settings", "Se&ttings…", (), T.show_settings, "File", help="Your annotator name"),
    A("quit", "&Quit", ("Ctrl+Q",), c.quit_window, "File"),

    # Written out, not StandardKeys: the same keys on every platform, as the README says.
    A("undo", "&Undo", ("Ctrl+Z",), c.undo, "Edit"),
    A("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), c.redo, "Edit"),
    A("delete_span", "&Delete Span", ("Del", "Backspace"), c.delete_span, "Edit",
      help="Delete the selected span"),
    A("edit_fields", "Edit Speaker and &Note", ("Return", "Enter"), c.edit_fields, "Edit",
      scope="text", help="Move to the selected span's speaker and note fields; "
      "on a suggestion, accept it"),
    A("next_span", "Ne&xt Span", ("Tab",), c.step_span, "Edit", scope="text", arg=1),
    A("prev_span", "Pre&vious Span", ("Shift+Tab", "Shift+Backtab"), c.step_span, "Edit",
      scope="text", arg=-1),
    A("properties", "Document &Properties…", ("Ctrl+Shift+P",), c.properties, "Edit",
      help="Outlet, event, title, … of the selected documents (several: Shift+click)"),
    A("start_left", "Start One Word Earlier", ("[",), c.nudge, "Edit", arg=("start", -1)),
    A("start_right", "Start One Word Later", ("]",), c.nudge, "Edit", arg=("start", 1)),
    A("end_left", "End One Word Earlier", ("{",), c.nudge, "Edit", arg=("end", -1)),
    A("end_right", "End One Word Later", ("}",), c.nudge, "Edit", arg=("end", 1)),

    A("edit_labels", "&Edit Labels…", (), c.edit_labels, "Label",
      help="Add, rename, recolour, reorder, key and remove labels"),
    A("accept_suggestion", "Accept Suggestion", (), sg.accept, "Label",
      help="Enter on a suggestion: a span with its label and speaker"),
    A("reject_suggestion", "Reject Suggestion", ("X",), sg.reject, "Label", scope="text",
      help="Reject the current suggestion; it is not suggested again"),
    A("accept_above", "Accept Suggestions Above &Score…", (), sg.accept_above, "Label",
      help="Accept every suggestion on this document scoring at least a score"),

    A("sentence_next", "Next Sentence", ("J", "Down"), c.move_sentence, "Go",
      scope="text", arg=(1, False), help="Highlight the next sentence"),
    A("sentence_prev", "Previous Sentence", ("K", "Up"), c.move_sentence, "Go",
      scope="text", arg=(-1, False), help="Highlight the previous sentence"),
    A("sentence_extend_down", "Extend to Next Sentence", ("Shift+J", "Shift+Down"),
      c.move_sentence, "Go", scope="text", arg=(1, True)),
    A("sentence_extend_up", "Extend to Previous Sentence", ("Shift+K", "Shift+Up"),
      c.move_sentence, "Go", scope="text", arg=(-1, True)),
    A("next_doc", "&Next Document", ("N",), c.step_document, "Go", arg=1),
    A("prev_doc", "&Previous Document", ("P",), c.step_document, "Go", arg=-1),
    A("next_unfinished", "Next &Unfinished Document", ("Ctrl+U",), c.next_unfinished, "Go"),
    A("done_next", "Mark &Done, Go to Next Unfinished", ("Ctrl+Return", "Ctrl+Enter"),
      c.done_and_next, "Go"),

    A("show_suggestions", "Show &Suggestions", ("Ctrl+Shift+S",), sg.toggle, "View",
      checkable=True, help="Suggested quotes and reports as dashed outlines; Tab visits them"),
    A("snap", "&Snap Selections to Words", ("Alt+W",), c.toggle_snap, "View",
      checkable=True, help="Grow selections to whole words and trim punctuation"),
    A("quotes", "Keep &Quote Marks in Selections", (), c.toggle_quotes, "View",
      checkable=True, help="A quoted statement is tagged with its quote marks (off: without)"),
    A("compare", "&Compare Outlets", ("Ctrl+Shift+C",), c.show_compare, "View",
      help="Compare this event's coverage across outlets"),
    A("review", "&Review…", ("Ctrl+Shift+R",), T.show_review, "View",
      help="Settle each document's final spans from the annotators'"),
    A("agreement", "&Agreement…", (), T.show_agreement, "View",
      help="Span F1 and unitizing alpha between annotators"),
    A("show_mine", "Show &My Spans", (), T.show_spans_of, "View", arg="mine"),
    A("show_everyone", "Show &Everyone's Spans", (), T.show_spans_of, "View", arg="everyone",
      help="Every annotator's spans; a coloured top edge tells whose"),
    A("show_chosen", "Show One Annotator's Spans…", (), T.show_spans_of, "View", arg="choose"),
    A("focus_filter", "&Find in Project", ("Ctrl+F",), c.focus_filter, "View",
      help="Search every document's text and title; hits are marked in the article"),
    A("find_next", "Find &Next", ("F3",), c.find_step, "View", arg=1,
      help="The next search hit in this article"),
    A("find_prev", "Find Pre&vious", ("Shift+F3",), c.find_step, "View", arg=-1),
    A("focus_text", "Back to the &Text", ("Esc",), c.focus_text, "View"),
    A("zoom_in", "Larger Text", ("Ctrl++", "Ctrl+="), c.zoom, "View", arg=1),
    A("zoom_out", "Smaller Text", ("Ctrl+-",), c.zoom, "View", arg=-1),

    A("shortcuts", "&Keyboard Shortcuts", ("F1", "?"), c.show_shortcuts, "Help"),
    A("about", "&About annotator", (), c.show_about, "Help"),
)

MENUS = ("File", "Edit", "Label", "View", "Go", "Help")


def label_actions(labels) -> list[ActionSpec]:
    """One action per label: its position key (1..9) and its own letter."""
    out = []
    for i, label in enumerate(labels):
        keys = []
        if i < 9:
            keys.append(str(i + 1))
        if label.key:
            keys.append(label.key.upper())
        out.append(A(f"label:{label.name}", f"Tag as {label.name}", tuple(keys), c.apply_label,
                     "Label", arg=label.name,
                     help=f"Tag the selection as {label.name}, or relabel the selected span"))
    return out


def all_actions(labels) -> list[ActionSpec]:
    return list(ACTIONS) + label_actions(labels)


def key_clashes(specs) -> dict[str, list[str]]:
    """Keys bound to more than one action (should be empty)."""
    seen: dict[str, list[str]] = {}
    for spec in specs:
        for seq in spec.key_sequences():
            seen.setdefault(seq.toString(QKeySequence.PortableText), []).append(spec.id)
    return {k: v for k, v in seen.items() if len(v) > 1}


def command_keys() -> set[str]:
    """Every key a command uses, as portable text ("J", "Ctrl+Z")."""
    return {seq.toString(QKeySequence.PortableText)
            for spec in ACTIONS for seq in spec.key_sequences()}


def safe_label_actions(labels) -> tuple[list[ActionSpec], list[str]]:
    """Label actions without letters that a command already uses, and a warning each."""
    taken = command_keys()
    out, warnings = [], []
    for spec in label_actions(labels):
        keys = tuple(k for k in spec.shortcuts if QKeySequence(k).toString(
            QKeySequence.PortableText) not in taken)
        if keys != spec.shortcuts:
            warnings.append(f"label {spec.arg}: key {', '.join(set(spec.shortcuts) - set(keys))} "
                            "is taken by a command")
        out.append(A(spec.id, spec.text, keys, spec.handler, spec.menu, spec.scope,
                     spec.checkable, spec.arg, spec.help))
    return out, warnings


_MEDIA_KEYS = 0x01000060     # Qt key codes above this are dedicated keys (Undo, Find, Zoom In)


def shortcut_text(spec: ActionSpec, most: int = 3, portable: bool = False) -> str:
    """The keys a person would press, for menus and help (no dedicated media keys);
    `portable`: the same text on every platform (the README)."""
    seqs = [s for s in spec.key_sequences()
            if not (s.count() == 1 and s[0].key().value > _MEDIA_KEYS)
            and "Backtab" not in s.toString()]     # what Shift+Tab arrives as
    fmt = QKeySequence.PortableText if portable else QKeySequence.NativeText
    return ", ".join(s.toString(fmt) for s in seqs[:most])


def build_menus(window) -> dict:
    bar = window.menuBar()
    return {name: bar.addMenu("&" + name) for name in MENUS}


def build(window, specs, text_widget, menus) -> dict[str, QAction]:
    """Create the QActions, bind each to its handler called with `window`, and put them
    in `menus`."""
    actions = {}
    for spec in specs:
        act = QAction(spec.text, window)
        act.setObjectName(spec.id)
        act.setShortcuts(spec.key_sequences())
        act.setCheckable(spec.checkable)
        if spec.help:
            act.setStatusTip(spec.help)
        h = spec.handler
        if spec.checkable:
            act.toggled.connect(lambda on, h=h: h(window, on))
        elif spec.arg is None:
            act.triggered.connect(lambda _=False, h=h: h(window))
        else:
            act.triggered.connect(lambda _=False, h=h, a=spec.arg: h(window, a))
        if spec.scope == "text":
            act.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            text_widget.addAction(act)
        else:
            act.setShortcutContext(Qt.WindowShortcut)
            window.addAction(act)
        if spec.menu:
            menus[spec.menu].addAction(act)
        actions[spec.id] = act
    return actions

"""Start the window: QApplication, style, project, and `--screenshot` rendering."""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

WINDOW_SIZE = (1400, 900)


def make_app():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication
    from annotator.core import resources
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    try:
        app.setStyleSheet(resources.text("style.qss"))
        app.setWindowIcon(QIcon(str(resources.path("icons/annotator.svg"))))
    except FileNotFoundError:
        pass
    return app


def can_ask() -> bool:
    """Whether a person can answer a dialog: not on the offscreen or minimal platform
    (screenshots, the bench, CI), where a first-start question would wait forever."""
    from PySide6.QtGui import QGuiApplication
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


def open_window(args, *, screenshot: bool = False):
    """The window on the project `args` names (or the last one used), not yet shown."""
    from annotator import project_file
    from annotator.core.model import AnnotatorError
    from annotator.core.store.project import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session
    from annotator.ui.settings import Settings
    if screenshot:
        # A throwaway settings file: the picture never depends on the user's layout.
        from PySide6.QtCore import QSettings
        folder = tempfile.mkdtemp(prefix="annotator-shot-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        settings = Settings(QSettings(os.path.join(folder, "s.ini"), QSettings.IniFormat))
    else:
        settings = Settings()
    last = None if (args.db or screenshot) else settings.last_project()
    project = None
    if last:
        try:
            project = Project(last, create=False, check="background")
        except AnnotatorError as e:      # moved, locked, newer: fall back, say why
            print(f"annotator: warning: cannot reopen {last}: {e}", file=sys.stderr)
    if project is None:
        project = project_file.open_project(args.db, check="background")
    from annotator.ui.dialogs.settings_dialog import startup_name
    who = startup_name(args, settings, ask=not screenshot and can_ask())
    window = MainWindow(Session(project, who), settings, persist=not screenshot)
    if not screenshot:
        settings.remember_project(project.path)
    return window


def install_error_hook(window, debug: bool = False) -> None:
    """A bug in a handler shows one line in the status bar and on stderr, as the CLI
    does; the traceback only with --debug. (Qt would print it and carry on silently.)"""
    def hook(kind, value, tb):
        from annotator.core.store import opening
        if opening.is_damaged(value) and not debug:     # one message, with the way out
            message = opening.damaged_message(window.session.project.path, str(value))
            print(f"annotator: error: {message}", file=sys.stderr)
            window.show_message(message, error=True)
            return
        if debug:
            sys.__excepthook__(kind, value, tb)
        else:
            print(f"annotator: internal error: {kind.__name__}: {value} "
                  "(run with --debug for details)", file=sys.stderr)
        window.show_message(f"Internal error ({kind.__name__}: {value}); "
                            "saved work is safe", error=True)
    sys.excepthook = hook


def run_gui(args) -> int:
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    window = open_window(args, screenshot=bool(args.screenshot))
    if args.screenshot:
        try:
            size = tuple(int(v) for v in args.size.lower().split("x"))
            if len(size) != 2 or min(size) < 200:
                raise ValueError
        except ValueError:
            print(f"annotator: error: --size {args.size!r}: give WIDTHxHEIGHT, "
                  "e.g. 1280x800", file=sys.stderr)
            return 2
        return screenshot(app, window, args.screenshot, args.doc, size=size, view=args.view)
    install_error_hook(window, args.debug)
    window.restore()
    window.show()
    window.open_initial(args.doc)
    window.article.setFocus()
    return app.exec()


def screenshot(app, window, path: str, doc_id: str | None, *, size=WINDOW_SIZE,
               view: str = "article") -> int:
    window.resize(*size)
    window.show()
    window.open_initial(doc_id)
    if doc_id and (window.doc is None or window.doc.id != doc_id):
        print(f"annotator: warning: no document {doc_id!r}; showing "
              f"{window.doc.id if window.doc else 'no document'}", file=sys.stderr)
    if window.span_model.spans.spans:
        window.article.select_span(window.span_model.spans.spans[0].id)
    window.article.setFocus()
    if view == "compare":
        window.show_compare()
    for _ in range(5):
        app.processEvents()
    if not window.grab().save(path):
        print(f"annotator: error: could not write {path}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    window.close()
    return 0

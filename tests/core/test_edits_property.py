"""Random edits, undos and redos against a plain in-memory model of the project.

The model keeps spans in a dict and undo as whole snapshots; the Editor keeps
inverse operations and writes SQL. After every step the database must equal the
model: the spans table, the document statuses, and the undo/redo depths.
"""
import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import Editor, Project
from annotator.core.interchange.importing import DocRecord, import_records
from annotator.core.model import NotFound, ValidationError

TEXTS = {"a": "Caf\u00e9 e\u0301 says \U0001F600 hello, NATO\u2019s \U00020000 claim.",
         "b": "Short one.\nSecond line \U0001F1FA\U0001F1E6 here."}
LABELS = ["claim", "denial", "accusation", "background"]
STATUSES = ["new", "in_progress", "done"]
ACTIONS = ["add", "add", "add", "remove", "relabel", "speaker", "note", "bounds", "status",
           "undo", "undo", "redo"]
names = st.one_of(st.none(), st.sampled_from(["", "  ", "Wang", " Lin Jian ", "\U0001F600"]))


class Model:
    def __init__(self):
        self.spans = {}                       # id -> dict of fields
        self.status = {d: "new" for d in TEXTS}
        self.undo, self.redo = [], []

    def state(self):
        return copy.deepcopy((self.spans, self.status))

    def commit(self, before):
        self.undo.append(before)
        self.redo.clear()

    def duplicate(self, doc, start, end, label, skip=None):
        return any((s["doc_id"], s["start"], s["end"], s["label"]) == (doc, start, end, label)
                   for i, s in self.spans.items() if i != skip)


def clean(value):
    if value is None:
        return None
    return value.strip() or None


def valid(doc, start, end):
    return 0 <= start < end <= len(TEXTS[doc])


def db_state(project):
    rows = project.conn.execute(
        'SELECT id, doc_id, start, "end", label, text, speaker, note, annotator FROM spans')
    spans = {r[0]: dict(doc_id=r[1], start=r[2], end=r[3], label=r[4], text=r[5],
                        speaker=r[6], note=r[7], annotator=r[8]) for r in rows}
    status = dict(project.conn.execute("SELECT id, status FROM documents"))
    return spans, status


def step(ed: Editor, m: Model, data) -> None:
    action = data.draw(st.sampled_from(ACTIONS))
    ids = sorted(m.spans) + [10_000]                       # 10_000 never exists
    before = m.state()
    if action == "add":
        doc = data.draw(st.sampled_from(sorted(TEXTS)))
        n = len(TEXTS[doc])
        start = data.draw(st.integers(-1, n))
        end = data.draw(st.integers(start - 1, min(n + 1, start + 12)))
        label = data.draw(st.sampled_from(LABELS + ["bogus"]))
        speaker, note = data.draw(names), data.draw(names)
        ok = valid(doc, start, end) and label in LABELS and not m.duplicate(doc, start, end, label)
        try:
            changes = ed.add_span(doc, start, end, label, speaker=speaker, note=note)
        except ValidationError:
            assert not ok
            return
        assert ok
        (sid,) = changes.added_ids
        assert sid not in m.spans
        m.spans[sid] = dict(doc_id=doc, start=start, end=end, label=label,
                            text=TEXTS[doc][start:end], speaker=clean(speaker),
                            note=clean(note), annotator="prop")
        if m.status[doc] == "new":
            m.status[doc] = "in_progress"
        m.commit(before)
    elif action == "remove":
        sid = data.draw(st.sampled_from(ids))
        try:
            ed.remove_span(sid)
        except NotFound:
            assert sid not in m.spans
            return
        del m.spans[sid]
        m.commit(before)
    elif action in ("relabel", "speaker", "note", "bounds"):
        sid = data.draw(st.sampled_from(ids))
        span = m.spans.get(sid)
        if action == "relabel":
            values = {"label": data.draw(st.sampled_from(LABELS + ["bogus"]))}
        elif action in ("speaker", "note"):
            values = {action: data.draw(names)}
        else:
            doc = span["doc_id"] if span else "a"
            n = len(TEXTS[doc])
            values = data.draw(st.sampled_from([["start"], ["end"], ["start", "end"]]))
            values = {k: data.draw(st.integers(-1, n + 1)) for k in values}
        expect = None
        if span is not None:
            new = dict(span, **{k: clean(v) if k in ("speaker", "note") else v
                                for k, v in values.items()})
            new["text"] = TEXTS[new["doc_id"]][new["start"]:new["end"]]
            ok = (valid(new["doc_id"], new["start"], new["end"]) and new["label"] in LABELS
                  and not m.duplicate(new["doc_id"], new["start"], new["end"], new["label"],
                                      skip=sid))
            expect = new if ok else None
        try:
            changes = ed.update_span(sid, **values)
        except (ValidationError, NotFound):
            assert expect is None
            return
        assert expect is not None
        if expect == span:
            assert changes.empty
            return
        m.spans[sid] = expect
        m.commit(before)
    elif action == "status":
        doc = data.draw(st.sampled_from(sorted(TEXTS)))
        status = data.draw(st.sampled_from(STATUSES))
        ed.set_status(doc, status)
        m.status[doc] = status
        m.commit(before)
    else:
        source, target = (m.undo, m.redo) if action == "undo" else (m.redo, m.undo)
        try:
            (ed.undo if action == "undo" else ed.redo)()
        except ValidationError as e:
            assert not source and f"nothing to {action}" in str(e)
            return
        assert source
        target.append(before)
        m.spans, m.status = source.pop()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_match_the_model(data):
    with Project(":memory:") as project:
        import_records(project, [DocRecord(t, d, id=d) for d, t in TEXTS.items()])
        ed, m = Editor(project, annotator="prop"), Model()
        for _ in range(data.draw(st.integers(1, 40))):
            step(ed, m, data)
            assert db_state(project) == (m.spans, m.status)
            assert (len(ed.undo_stack), len(ed.redo_stack)) == (len(m.undo), len(m.redo))
            for span in m.spans.values():
                assert TEXTS[span["doc_id"]][span["start"]:span["end"]] == span["text"]
        assert project.integrity_check() == "ok"

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


# A program is a list of steps drawn whole before it runs (much cheaper than drawing
# each value while it runs). A step that names a span carries a number that picks one
# of the spans existing when it runs, or an id that never exists (see pick()).
ACTIONS = ["add", "add", "add", "remove", "relabel", "speaker", "note", "bounds", "status",
           "undo", "undo", "redo"]                 # drawn evenly: adds weigh 3 in 12
labels = st.sampled_from(LABELS + ["bogus"])
SPAN = st.integers(0, 1000)
WIDE = 3 * max(len(t) for t in TEXTS.values())      # folded into -1 .. n+1 by step()


def _adds(doc):
    n = len(TEXTS[doc])
    # start -1..n; end start-1 .. start+12, capped at n+1 (invalid ranges included).
    return st.tuples(st.just("add"), st.just(doc), st.integers(-1, n), st.integers(-1, 12),
                     labels, names, names)


BY_ACTION = {
    "add": st.one_of(*(_adds(doc) for doc in sorted(TEXTS))),
    "remove": st.tuples(st.just("remove"), SPAN),
    "relabel": st.tuples(st.just("relabel"), SPAN, labels),
    "speaker": st.tuples(st.just("speaker"), SPAN, names),
    "note": st.tuples(st.just("note"), SPAN, names),
    "bounds": st.tuples(st.just("bounds"), SPAN,
                        st.sampled_from([["start"], ["end"], ["start", "end"]]),
                        st.integers(0, WIDE), st.integers(0, WIDE)),
    "status": st.tuples(st.just("status"), st.sampled_from(sorted(TEXTS)),
                        st.sampled_from(STATUSES)),
    "undo": st.just(("undo",)),
    "redo": st.just(("redo",)),
}
STEP = st.one_of(*(BY_ACTION[a] for a in ACTIONS))
# 1 to 40 steps, the length drawn evenly (st.lists alone would average about 6).
PROGRAMS = st.integers(1, 40).flatmap(lambda k: st.lists(STEP, min_size=k, max_size=k))


def pick(m: Model, number: int) -> int:
    """One of the spans that exist now, or (one time in len+1) 10_000, which never does."""
    ids = sorted(m.spans) + [10_000]
    return ids[number % len(ids)]


def step(ed: Editor, m: Model, action: str, *args) -> None:
    before = m.state()
    if action == "add":
        doc, start, length, label, speaker, note = args
        n = len(TEXTS[doc])
        end = min(start + length, n + 1)
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
        sid = pick(m, args[0])
        try:
            ed.remove_span(sid)
        except NotFound:
            assert sid not in m.spans
            return
        del m.spans[sid]
        m.commit(before)
    elif action in ("relabel", "speaker", "note", "bounds"):
        sid = pick(m, args[0])
        span = m.spans.get(sid)
        if action == "bounds":
            doc = span["doc_id"] if span else "a"
            n = len(TEXTS[doc])
            keys, *raw = args[1:]
            values = {k: v % (n + 3) - 1 for k, v in zip(keys, raw)}    # -1 .. n+1
        else:
            values = {"label" if action == "relabel" else action: args[1]}
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
        doc, status = args
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
@given(PROGRAMS)
def test_random_edits_match_the_model(program):
    with Project(":memory:") as project:
        import_records(project, [DocRecord(t, d, id=d) for d, t in TEXTS.items()])
        ed, m = Editor(project, annotator="prop"), Model()
        for args in program:
            step(ed, m, *args)
            assert db_state(project) == (m.spans, m.status)
            assert (len(ed.undo_stack), len(ed.redo_stack)) == (len(m.undo), len(m.redo))
            for span in m.spans.values():
                assert TEXTS[span["doc_id"]][span["start"]:span["end"]] == span["text"]
        assert project.integrity_check() == "ok"

"""The comparison on the annotated sample corpus: the actual aligned groups."""
import json

import pytest

from annotator.core import Project, resources

from annotator.core.compare import align
from annotator.core.compare.comparison import build_profiles, compare, layout
from annotator.core.compare.profiles import outlet_summary
from annotator.core.interchange.importing import import_paths
from annotator.core.model import NotFound, ValidationError

from helpers.paths import ANNOTATED_SAMPLE as FIXTURE
EVENT = "nato-sg-response-2025-06"


@pytest.fixture
def result(annotated):
    return compare(annotated, event=EVENT)


def group_with(result, doc_id, prefix):
    """The one group whose cell for doc_id starts with prefix."""
    found = [g for g in result.groups
             if doc_id in g.cells and g.cells[doc_id].text.startswith(prefix)]
    assert len(found) == 1, f"{len(found)} groups hold {doc_id}: {prefix!r}"
    return found[0]


def fixture_records():
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


# -- the fixture itself ------------------------------------------------------------
def test_fixture_texts_are_the_sample_corpus_and_offsets_exact():
    corpus = {p.name[:3]: p.read_text(encoding="utf-8") for p in
              resources.sample_corpus_dir().glob("*.txt")}
    for rec in fixture_records():
        assert rec["text"] == corpus[rec["id"]]
        for s in rec["spans"]:
            assert rec["text"][s["start"]:s["end"]] == s["text"]


@pytest.mark.parametrize("order", ["corpus_first", "fixture_first"])
def test_fixture_attaches_spans_in_either_import_order(tmp_path, order):
    paths = [resources.sample_corpus_dir(), FIXTURE]
    with Project(tmp_path / "x.db") as p:
        for path in (paths if order == "corpus_first" else paths[::-1]):
            import_paths(p, [path])
        assert p.document_count() == 5
        assert p.span_count() == sum(len(r["spans"]) for r in fixture_records())
        assert compare(p, event=EVENT).groups == compare(p, event=EVENT).groups
        assert p.document("001").outlet == "The Diplomatic Insight"


# -- aligned groups ----------------------------------------------------------------
def test_spokesman_quote_aligned_across_three_outlets(result):
    g = group_with(result, "001", "Certain NATO figures are deliberately hyping up inter")
    assert set(g.cells) == {"001", "002", "003"}
    assert g.cells["002"].text.startswith("Some people in NATO are purposely hyping up")
    assert g.cells["003"].text.startswith("Certain NATO figures are deliberately hyping up tensions")
    assert g.label == "accusation" and not g.disagreement and not g.omission
    assert g.coverage == "all"


def test_will_not_fool_translations_aligned_and_omission_flagged(result):
    g = group_with(result, "001", "NATO's false narratives will not fool the world")
    assert g.cells["002"].text == "NATO’s misinformation will not fool people in the world"
    assert set(g.cells) == {"001", "002"}
    assert g.omitted == ["003"] and g.omission
    assert g.cells["001"].score >= align.THRESHOLD


def test_asia_pacific_passage_omitted_by_002(result):
    g = group_with(result, "001", "although NATO calls itself a regional organisation")
    assert g.cells["003"].text.startswith("NATO was extending its reach into the Asia-Pacific")
    assert g.omitted == ["002"]


def test_weapons_denial_label_disagreement(result):
    g = group_with(result, "001", "China has never provided weapons")
    assert {d: c.label for d, c in g.cells.items()} == {
        "001": "denial", "002": "denial", "003": "claim"}
    assert g.label == "denial" and g.label_conflict and g.disagreement


def test_rutte_call_printed_untagged_by_003(result):
    g = group_with(result, "001", "urged allies to spend more on defence")
    assert g.cells["002"].label == "claim"
    assert g.cells["003"].label is None
    assert g.cells["003"].text.startswith("He was reacting to comments by NATO Secretary General")
    assert g.untagged == ["003"] and g.disagreement and not g.label_conflict


def test_other_quotes_pair_up(result):
    aim = group_with(result, "001", "Their true aim is nothing but")
    assert aim.cells["002"].text.startswith("The real purpose is simply") and aim.omitted == ["003"]
    why = group_with(result, "001", "What exactly is the intention")
    assert why.cells["002"].text == "What is the intention behind this?"
    assert why.label_conflict
    share = group_with(result, "001", "NATO members already account for more than half")
    assert share.cells["002"].text.startswith("NATO members' defence spending was 55 percent")
    assert share.omitted == ["003"] and not share.disagreement
    leads = group_with(result, "002", "China's foreign ministry spokesman on Thursday accused")
    assert leads.cells["003"].text.startswith("A Chinese foreign ministry spokesman said")


def test_unrelated_passages_stay_apart(result):
    buck = group_with(result, "002", "stop passing the buck")
    assert set(buck.cells) == {"002"} and buck.coverage == "one"
    for g in result.groups:          # one passage per document per group, by construction
        assert len({c.doc_id for c in g.cells.values()}) == len(g.cells)
    tagged = sum(1 for g in result.groups for c in g.cells.values() if c.label)
    assert tagged == sum(len(r["spans"]) for r in fixture_records()
                         if r["meta"]["event"] == EVENT)


def test_vilnius_identical_quote_beats_near_miss(annotated):
    result = compare(annotated, event="vilnius-communique-2023-07")
    g = group_with(result, "004", "We firmly oppose and reject this.")
    assert g.cells["005"].text == "We firmly oppose and reject this"
    assert g.cells["005"].score == 1.0


def test_agreement_buckets(result):
    quote = group_with(result, "001", "Certain NATO figures").id
    fool = group_with(result, "001", "NATO's false narratives").id
    buck = group_with(result, "002", "stop passing the buck").id
    assert quote in result.agreement["accusation"]["all"]
    assert fool in result.agreement["denial"]["some"]
    assert buck in result.agreement["accusation"]["one"]


def sample_passages(annotated, event):
    items = []
    for d in compare(annotated, event=event).docs:
        doc = annotated.document(d.id)
        items += align.passages(d.id, doc.text, annotated.spans(d.id), len(items))
    return items


def test_candidate_pruning_changes_nothing_on_the_sample(annotated):
    """The rare-word signatures must give the same groups as scoring every pair."""
    for event in (EVENT, "vilnius-communique-2023-07"):
        items = sample_passages(annotated, event)
        pruned = align.align(items)
        exhaustive = align.align(items, pairs=align.all_pairs)
        as_sets = lambda groups: sorted(sorted((d, p.start) for d, p in g.members.items())
                                        for g in groups)
        assert as_sets(pruned) == as_sets(exhaustive)
        assert len(align.candidate_pairs(items, align._Vectors(items))) < \
            len(align.all_pairs(items))


def test_word_gate_never_binds_on_the_sample(annotated):
    """Every pair that reaches the threshold has a word cosine well above WORDS_MIN."""
    items = sample_passages(annotated, EVENT)
    vec = align._Vectors(items)
    strong = [(i, j) for i, j in align.all_pairs(items)
              if 0.5 * vec.words_cos(i, j) + 0.5 * vec.chars_cos(i, j) >= align.THRESHOLD]
    assert len(strong) >= 14
    assert min(vec.words_cos(i, j) for i, j in strong) >= align.WORDS_MIN + 0.05


def test_similarity_separates_translation_from_unrelated():
    items = [align.Passage(0, "a", 0, 1, "NATO's false narratives will not fool the world"),
             align.Passage(1, "b", 0, 1, "NATO’s misinformation will not fool people in the world"),
             align.Passage(2, "c", 0, 1, "China's position on Ukraine is objective and fair")]
    vec = align._Vectors(items)
    assert align.similarity(vec, 0, 1) >= align.THRESHOLD
    assert align.similarity(vec, 0, 2) < align.THRESHOLD


# -- profiles ----------------------------------------------------------------------
def test_profiles_count_share_rate_position_speakers(result, annotated):
    prof = {p.outlet: p for p in result.profiles}
    rec = {r["id"]: r for r in fixture_records()}
    for doc_id, outlet in (("001", "The Diplomatic Insight"), ("003", "unknown outlet (003)")):
        p, r = prof[outlet], rec[doc_id]
        assert p.doc_ids == [doc_id]
        assert p.chars == len(r["text"]) and p.words == len(r["text"].split())
        for label in ("claim", "denial", "accusation", "background"):
            spans = [s for s in r["spans"] if s["label"] == label]
            st = p.labels[label]
            assert st.count == len(spans)
            chars = len({i for s in spans for i in range(s["start"], s["end"])})
            assert st.chars == chars
            assert st.share == pytest.approx(chars / len(r["text"]))
            assert st.per_1000_words == pytest.approx(1000 * len(spans) / p.words)
    d = prof["The Diplomatic Insight"].labels["denial"]
    assert d.positions == {"headline": 1, "lead": 1, "rest": 2}
    assert d.speakers["foreign ministry spokesman"] == 2 and d.speakers["China"] == 1
    assert prof["unknown outlet (003)"].labels["background"].speakers == {"(unattributed)": 1}


def test_layout_skips_byline_for_lead(annotated):
    text = annotated.document("001").text
    head_end, a, b = layout(text)
    assert text[:head_end].startswith("China Rejects NATO Chief")
    assert text[a:b].startswith("BEIJING — China's foreign ministry")


def test_outlet_summary_matches_event_profiles(annotated, result):
    summary = {p.outlet: p for p in outlet_summary(annotated, event=EVENT)}
    for p in result.profiles:
        q = summary[p.outlet]
        assert (q.words, q.chars) == (p.words, p.chars)
        assert {k: (v.count, v.chars, v.positions, v.speakers) for k, v in q.labels.items()} \
            == {k: (v.count, v.chars, v.positions, v.speakers) for k, v in p.labels.items()}
    assert len(outlet_summary(annotated)) == 5


def test_sql_summary_equals_python_profiles_with_overlaps(project):
    """Random, overlapping spans (bench/synthetic): the SQL path and the in-memory path
    must give identical counts, union characters, positions and speakers."""
    import random
    from annotator.core.interchange.importing import DocRecord, SpanRecord, import_records
    rng = random.Random(7)
    records = []
    for i in range(40):
        text = f"Headline {i}\n\nBy someone\n\n" + " ".join(
            rng.choice(["alpha", "beta", "gamma", "delta."]) for _ in range(rng.randint(60, 300)))
        text += "\n\nLast paragraph of the story with a few more words in it."
        spans = []
        for _ in range(rng.randint(0, 25)):
            a = rng.randrange(0, len(text) - 2)
            spans.append(SpanRecord(a, min(len(text), a + rng.randint(1, 120)),
                                    rng.choice(["claim", "denial", "accusation"]),
                                    speaker=rng.choice([None, "", "X", "Y"])))
        records.append(DocRecord(text, f"t{i}", id=f"d{i}",
                                 meta={"outlet": rng.choice(["A", "B", None]),
                                       "event": rng.choice(["e1", "e2"])}, spans=spans))
    import_records(project, records)
    for event in (None, "e1"):
        docs = [d for d in (project.document(i) for i in project.document_ids())
                if event is None or d.event == event]
        expected = build_profiles(
            ((d.id, d.outlet, d.text) for d in docs),
            ((s.doc_id, s.start, s.end, s.label, s.speaker)
             for d in docs for s in project.spans(d.id)), project.labels())
        got = outlet_summary(project, event=event)
        assert [p.outlet for p in got] == [p.outlet for p in expected]
        for p, q in zip(got, expected):
            assert (p.doc_ids, p.words, p.chars) == (q.doc_ids, q.words, q.chars)
            assert p.labels.keys() == q.labels.keys()
            for name in p.labels:
                a, b = p.labels[name], q.labels[name]
                assert (a.count, a.chars, a.positions, dict(a.speakers)) == \
                    (b.count, b.chars, b.positions, dict(b.speakers)), (p.outlet, name)
    assert project.conn.execute(
        "SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0   # no temp left over


def test_summary_computes_figures_missing_from_document_facts(annotated):
    """A document written without stored figures (not through import) still counts:
    its figures come from its text, and the summary leaves the file as it was."""
    profile = lambda ps: [(p.outlet, p.doc_ids, p.words, p.chars,
                           {k: (v.count, v.chars, v.positions, dict(v.speakers))
                            for k, v in p.labels.items()}) for p in ps]
    before = profile(outlet_summary(annotated))
    with annotated.transaction():
        annotated.conn.execute("DELETE FROM document_facts WHERE doc_id IN ('001', '003')")
    assert profile(outlet_summary(annotated)) == before
    assert profile(outlet_summary(annotated, event=EVENT)) == \
        profile(compare(annotated, event=EVENT).profiles)
    assert annotated.conn.execute("SELECT count(*) FROM document_facts WHERE doc_id IN "
                                  "('001', '003')").fetchone()[0] == 0
    assert annotated.conn.execute(
        "SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0


# -- choosing documents ------------------------------------------------------------
def test_doc_selection_and_errors(annotated):
    r = compare(annotated, doc_ids=["001", "002"])
    assert [d.id for d in r.docs] == ["001", "002"]
    g = group_with(r, "001", "although NATO calls itself")
    assert g.omitted == ["002"]
    with pytest.raises(NotFound, match="no-such-event"):
        compare(annotated, event="no-such-event")
    with pytest.raises(NotFound, match="nope"):
        compare(annotated, doc_ids=["nope"])
    with pytest.raises(ValidationError):
        compare(annotated)


def test_same_outlet_twice_gets_distinct_columns(project):
    import_paths(project, [FIXTURE])
    with project.transaction():
        project.conn.execute("UPDATE documents SET outlet = 'Same' WHERE id IN ('001','002')")
    r = compare(project, event=EVENT)
    assert [d.column for d in r.docs] == ["Same · 001", "Same · 002", "unknown outlet (003)"]
    assert group_with(r, "001", "NATO's false narratives").cells["002"]

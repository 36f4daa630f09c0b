"""Agreement: unitizing alpha against Krippendorff's worked example and hand cases,
span F1 matching rules, and the report's JSON/text/CSV forms."""
import csv
import io
import json
import random
from fractions import Fraction

import pytest

from annotator.core.model import Span, ValidationError
from annotator.core.team import span_match, unitizing
from annotator.core.team.agreement import Unit, agreement, render_csv, render_text


def units(annotator, *spans, doc="d"):
    return [Unit(doc, s, e, label, annotator) for s, e, label in spans]


def label_fig(report, label):
    return next(f for f in report.labels if f.label == label)


# -- Krippendorff (2004), worked example: continuum 150-450, coders i and j -----------
B = 150
PAPER_I = [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")]
PAPER_J = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"),
           (300, 350, "k")]


def paper_units():
    return (units("i", *[(s - B, e - B, c) for s, e, c in PAPER_I])
            + units("j", *[(s - B, e - B, c) for s, e, c in PAPER_J]))


def test_paper_example_disagreements():
    c = [[(225 - B, 295 - B), (370 - B, 400 - B)],
         [(220 - B, 300 - B), (355 - B, 375 - B), (400 - B, 420 - B)]]
    k = [[(180 - B, 240 - B), (300 - B, 350 - B)]] * 2
    # squared distances the paper lists: 50 + 850 + 400, counted for (i,j) and (j,i)
    assert unitizing.observed_sum(c) == 2 * (50 + 850 + 400)
    assert unitizing.observed(unitizing.observed_sum(c), 2, 300) == pytest.approx(0.0144, abs=1e-4)
    assert unitizing.expected(c, 300) == pytest.approx(0.0532, abs=1e-4)
    assert unitizing.observed_sum(k) == 0
    assert unitizing.expected(k, 300) == pytest.approx(0.0490, abs=1e-4)


def test_paper_example_alpha():
    report = agreement({"text": 300}, [Unit("text", u.start, u.end, u.label, u.annotator)
                                       for u in paper_units()])
    assert label_fig(report, "c").alpha_u.value == pytest.approx(0.729, abs=5e-4)
    assert label_fig(report, "k").alpha_u.value == pytest.approx(1.0)
    # micro pools D_o and D_e over labels; DKPro's test of this example asserts 0.8591 +- 0.0005
    assert report.overall.alpha_u_micro.value == pytest.approx(0.8591, abs=5e-4)
    assert report.overall.alpha_u_macro.value == pytest.approx((0.7286 + 1.0) / 2, abs=1e-4)


# -- hand cases for alpha_u ------------------------------------------------------------
def test_identical_annotations_give_one():
    spans = [(0, 10, "claim"), (20, 35, "claim"), (40, 50, "denial")]
    report = agreement({"d": 100}, units("a", *spans) + units("b", *spans) + units("c", *spans))
    for f in report.labels:
        assert f.alpha_u.value == 1.0
        assert f.f1_exact.value == 1.0 and f.f1_overlap.value == 1.0
    assert report.overall.alpha_u_micro.value == 1.0


def test_disjoint_units_hand_computed():
    # L=10, a: [0,2), b: [5,7). D_o = 2*(4+4)/(2*100) = 0.08;
    # D_e = 2*(2+2 + 4*(7+4+2)*2)/(10*(20*19 - 2 - 2)) = 216/3760; alpha = -53/135
    report = agreement({"d": 10}, units("a", (0, 2, "x")) + units("b", (5, 7, "x")))
    assert report.labels[0].alpha_u.value == pytest.approx(float(Fraction(-53, 135)))
    assert report.labels[0].f1_overlap.value == 0.0


def test_one_annotator_without_units_counts_as_saying_none():
    # L=100, a: [0,10), b: nothing. D_o = 2*100/(2*10000) = 0.01;
    # D_e = 2*100*(81+91)/(100*(200*199 - 90)) ; alpha = 1 - 39710/34400
    report = agreement({"d": 100}, units("a", (0, 10, "x")), annotators=["a", "b"])
    assert report.labels[0].alpha_u.value == pytest.approx(1 - 39710 / 34400)
    assert report.labels[0].f1_exact.value == 0.0  # 2*0/(1+0): defined, no match
    assert report.by_document[0].spans == {"a": 1, "b": 0}


def test_label_nobody_used_is_null_with_reason():
    report = agreement({"d": 50}, units("a", (0, 5, "claim")) + units("b", (0, 5, "claim")),
                       labels=["claim", "background"])
    bg = label_fig(report, "background")
    assert bg.alpha_u.value is None and bg.alpha_u.reason
    data = json.loads(report.to_json())
    assert data["labels"]["background"] == {"alpha_u": None, "f1_exact": None,
                                            "f1_overlap": None}
    assert "/labels/background/alpha_u" in data["reasons"]
    assert "/pairs/0/labels/background/f1_exact" in data["reasons"]
    assert data["overall"]["alpha_u_micro"] == 1.0  # undefined labels add nothing


def test_nothing_annotated_anywhere_is_null_not_nan():
    report = agreement({"d": 50, "e": 0}, [], annotators=["a", "b"], labels=["claim"])
    text = json.dumps(report.to_dict(), allow_nan=False)
    data = json.loads(text)
    assert data["overall"] == {"alpha_u_micro": None, "alpha_u_macro": None,
                               "f1_exact": None, "f1_overlap": None}
    assert set(data["reasons"]) >= {"/overall/alpha_u_micro", "/overall/f1_exact",
                                    "/by_document/0/alpha_u", "/by_document/1/f1_overlap"}


def test_self_overlapping_units_are_merged_for_alpha():
    a = units("a", (0, 10, "x"), (5, 15, "x"))
    b = units("b", (0, 15, "x"))
    report = agreement({"d": 40}, a + b)
    assert report.labels[0].alpha_u.value == 1.0
    assert report.pairs[0].spans_a == 2  # F1 still sees two spans


def test_documents_form_one_continuum_in_doc_id_order():
    two = (units("a", (2, 8, "x"), doc="d1") + units("b", (3, 8, "x"), doc="d1")
           + units("a", (1, 4, "x"), doc="d2") + units("b", (5, 9, "x"), doc="d2"))
    one = units("a", (2, 8, "x"), (11, 14, "x")) + units("b", (3, 8, "x"), (15, 19, "x"))
    split = agreement({"d2": 10, "d1": 10}, two)
    joined = agreement({"d": 20}, one)
    assert split.labels[0].alpha_u.value == pytest.approx(joined.labels[0].alpha_u.value)
    assert [d.doc_id for d in split.by_document] == ["d1", "d2"]


def naive_alpha_parts(coders, length):
    """The formula term by term: every segment pair, every unit against every gap."""
    segs = []
    for units_ in coders:
        row, prev = [], 0
        for s, e in units_:
            if s > prev:
                row.append((prev, s, False))
            row.append((s, e, True))
            prev = e
        if prev < length:
            row.append((prev, length, False))
        segs.append([(s, e, u) for s, e, u in row if e > s])
    total = 0
    for i, gi in enumerate(segs):
        for j, gj in enumerate(segs):
            if i == j:
                continue
            for s1, e1, u1 in gi:
                for s2, e2, u2 in gj:
                    if u1 and u2 and s1 < e2 and s2 < e1:
                        total += (s1 - s2) ** 2 + (e1 - e2) ** 2
                    elif u1 and not u2 and s2 <= s1 and e1 <= e2:
                        total += (e1 - s1) ** 2
                    elif u2 and not u1 and s1 <= s2 and e2 <= e1:
                        total += (e2 - s2) ** 2
    m = len(coders)
    lens = [e - s for row in segs for s, e, u in row if u]
    gaps = [e - s for row in segs for s, e, u in row if not u]
    num = sum(Fraction((len(lens) - 1) * (2 * ln ** 3 - 3 * ln ** 2 + ln), 3)
              + ln * ln * sum(g - ln + 1 for g in gaps if g >= ln) for ln in lens)
    d_e = 2 * num / (length * (m * length * (m * length - 1)
                               - sum(ln * (ln - 1) for ln in lens)))
    return total, d_e


def test_segment_arithmetic_matches_the_formula_term_by_term():
    rng = random.Random(7)
    for _ in range(300):
        length, m = rng.randint(1, 60), rng.randint(2, 4)
        coders = []
        for _ in range(m):
            cuts = sorted(rng.sample(range(length + 1), k=2 * rng.randint(0, min(4, length // 2))))
            coders.append(unitizing.merge(zip(cuts[::2], cuts[1::2])))
        total, d_e = naive_alpha_parts(coders, length)
        assert unitizing.observed_sum(coders) == total
        if any(coders):
            assert unitizing.expected(coders, length) == pytest.approx(float(d_e), rel=1e-12)
        else:
            assert unitizing.expected(coders, length) is None


# -- span F1 -------------------------------------------------------------------------
@pytest.mark.parametrize("b, matched", [
    ((5, 15), True),    # shares 5 of the longer 10: exactly half counts
    ((6, 16), False),   # shares 4: less than half
    ((0, 5), True),     # all of the shorter, half of the longer
    ((0, 4), False),    # all of the shorter, but under half of the longer
])
def test_overlap_needs_half_of_the_longer(b, matched):
    report = agreement({"d": 40}, units("a", (0, 10, "x")) + units("b", (*b, "x")))
    assert report.pairs[0].matches_overlap == int(matched)
    assert report.labels[0].f1_overlap.value == float(matched)
    assert report.labels[0].f1_exact.value == 0.0


def test_two_small_spans_inside_one_big_match_once():
    report = agreement({"d": 40}, units("a", (0, 10, "x"))
                       + units("b", (0, 5, "x"), (5, 10, "x")))
    assert report.pairs[0].matches_overlap == 1
    assert report.pairs[0].f1_overlap.value == pytest.approx(2 / 3)


def test_matching_is_maximum_not_greedy():
    # a1 could take b1 or b2; a2 only b1. Greedy a1->b1 would leave a2 unmatched.
    a = [(0, 10), (1, 5)]
    b = [(0, 6), (3, 13)]
    assert span_match.overlap_matches(sorted(a), sorted(b)) == 2


def test_labels_must_agree():
    report = agreement({"d": 40}, units("a", (0, 10, "claim")) + units("b", (0, 10, "denial")))
    assert report.pairs[0].matches_exact == 0 and report.pairs[0].matches_overlap == 0
    assert report.overall.f1_exact.value == 0.0
    assert label_fig(report, "claim").alpha_u.value < 0


def test_f1_is_symmetric_and_pools_labels():
    a = units("a", (0, 10, "claim"), (20, 30, "denial"), (40, 50, "denial"))
    b = units("b", (0, 10, "claim"), (21, 30, "denial"))
    ab = agreement({"d": 60}, a + b, annotators=["a", "b"]).pairs[0]
    ba = agreement({"d": 60}, a + b, annotators=["b", "a"]).pairs[0]
    assert ab.f1_exact == ba.f1_exact and ab.f1_overlap == ba.f1_overlap
    assert ab.f1_exact.value == pytest.approx(2 * 1 / 5)
    assert ab.f1_overlap.value == pytest.approx(2 * 2 / 5)


def test_three_annotators_mean_over_pairs():
    same = [(0, 10, "x")]
    report = agreement({"d": 40}, units("a", *same) + units("b", *same)
                       + units("c", (20, 30, "x")))
    assert [(p.a, p.b) for p in report.pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    assert report.labels[0].f1_exact.value == pytest.approx(1 / 3)


def test_document_where_nobody_annotated_has_no_f1():
    report = agreement({"d1": 20, "d2": 20}, units("a", (0, 5, "x"), doc="d1")
                       + units("b", (0, 5, "x"), doc="d1"))
    d2 = report.by_document[1]
    assert d2.f1_exact.value is None and d2.alpha_u.value is None
    assert report.by_document[0].f1_exact.value == 1.0


def test_by_document_shows_where_disagreement_is():
    report = agreement({"good": 50, "bad": 50},
                       units("a", (0, 10, "x"), doc="good") + units("b", (0, 10, "x"), doc="good")
                       + units("a", (0, 10, "x"), doc="bad") + units("b", (30, 40, "x"), doc="bad"))
    figs = {d.doc_id: d for d in report.by_document}
    assert figs["good"].alpha_u.value == 1.0 and figs["good"].f1_overlap.value == 1.0
    assert figs["bad"].alpha_u.value < 0 and figs["bad"].f1_overlap.value == 0.0
    assert render_text(report, worst=1).split("least agreement")[1].count("bad") == 1


# -- inputs and renderings ---------------------------------------------------------------
def test_units_outside_the_choice_are_ignored():
    extra = [Unit("other", 0, 500, "x", "a"), Unit("d", 0, 5, "x", "zed"),
             Unit("d", 0, 5, "other", "a")]
    base = units("a", (0, 5, "x")) + units("b", (0, 5, "x"))
    report = agreement({"d": 10}, base + extra, annotators=["a", "b"], labels=["x"])
    assert report.documents == 1 and report.labels[0].alpha_u.value == 1.0


@pytest.mark.parametrize("lengths, spans, annotators, message", [
    ({}, [], None, "at least one document"),
    ({"d": 10}, units("a", (0, 5, "x")), None, "at least two annotators"),
    ({"d": 10}, units("a", (5, 11, "x")), ["a", "b"], "outside its text"),
    ({"d": 10}, units("a", (5, 5, "x")), ["a", "b"], "empty"),
])
def test_bad_input_is_one_clear_message(lengths, spans, annotators, message):
    with pytest.raises(ValidationError, match=message):
        agreement(lengths, spans, annotators=annotators)


def test_unit_from_span():
    span = Span(1, "d", 3, 9, "claim", "abcdef", "alice")
    assert Unit.from_span(span) == Unit("d", 3, 9, "claim", "alice")


def test_json_is_one_object_with_the_documented_keys():
    data = json.loads(agreement({"text": 300}, paper_units_in("text")).to_json())
    assert list(data) == ["annotators", "documents", "labels", "overall", "pairs",
                          "by_document", "reasons"]
    assert data["annotators"] == ["i", "j"] and data["documents"] == 1
    assert data["labels"]["c"]["alpha_u"] == pytest.approx(0.7286, abs=1e-4)


def paper_units_in(doc):
    return [Unit(doc, u.start, u.end, u.label, u.annotator) for u in paper_units()]


def test_text_and_csv_renderings():
    report = agreement({"text": 300, "empty": 40}, paper_units_in("text"),
                       labels=["c", "k", "background"])
    c = label_fig(report, "c").alpha_u.value  # not the paper's: the empty text lengthens the gaps
    text = render_text(report)
    assert f"{c:.3f}" in text and "i / j (4/5)" in text
    assert "/labels/background/alpha_u: no units of this label" in text
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    c_alpha = next(r for r in rows if r["scope"] == "label" and r["label"] == "c"
                   and r["measure"] == "alpha_u")
    assert float(c_alpha["value"]) == pytest.approx(c, abs=1e-6)
    bg = next(r for r in rows if r["label"] == "background" and r["measure"] == "alpha_u")
    assert bg["value"] == "" and bg["reason"]
    assert all(r["value"] or r["reason"] for r in rows)


def test_touching_units_stay_separate():
    # a cut at 5 is a segmentation the other coder did not make: less than perfect
    report = agreement({"d": 40}, units("a", (0, 5, "x"), (5, 10, "x")) + units("b", (0, 10, "x")))
    assert report.labels[0].alpha_u.value < 1.0


def test_one_span_is_never_matched_twice():
    # two nearly identical spans by a, one by b: one match, not two
    assert span_match.overlap_matches([(0, 10), (1, 9)], [(0, 10)]) == 1
    report = agreement({"d": 40}, units("a", (0, 10, "x"), (1, 9, "x")) + units("b", (0, 10, "x")))
    assert report.pairs[0].f1_overlap.value == pytest.approx(2 / 3)

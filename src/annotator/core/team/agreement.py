"""Inter-annotator agreement over spans: span F1 (exact, overlap) and unitizing alpha.

Pure: plain inputs in, a frozen AgreementReport out; no SQL, no Qt. docs/agreement.md
says what each figure means. Rules decided here:
  * documents are the keys of doc_lengths; units in other documents, by annotators or
    with labels outside the chosen ones, are ignored; identical spans by one annotator
    count once;
  * an annotator with no span of a label in a chosen document said "none here": that
    counts against agreement (choose only documents everyone finished);
  * every figure that cannot be computed is a Score(None, reason), never NaN.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from annotator.core.model import Span, ValidationError
from annotator.core.team import span_match, unitizing

NO_UNITS = "no units of this label by any annotator"
NO_UNITS_AT_ALL = "no units by any annotator"
NO_PAIR_SPANS = "neither annotator made a span"
NO_SPANS = "no annotator made a span"


@dataclass(frozen=True)
class Unit:
    """One annotator's labelled stretch [start, end) of a document (code points)."""
    doc_id: str
    start: int
    end: int
    label: str
    annotator: str

    @classmethod
    def from_span(cls, span: Span) -> Unit:
        return cls(span.doc_id, span.start, span.end, span.label, span.annotator)


@dataclass(frozen=True)
class Score:
    """A figure, or None together with the reason it is undefined."""
    value: float | None
    reason: str | None = None

    def __post_init__(self):
        if (self.value is None) == (self.reason is None):
            raise ValueError("a Score holds either a value or a reason")


@dataclass(frozen=True)
class LabelFigures:
    label: str
    alpha_u: Score
    f1_exact: Score  # mean over annotator pairs
    f1_overlap: Score


@dataclass(frozen=True)
class PairLabelFigures:
    label: str
    f1_exact: Score
    f1_overlap: Score


@dataclass(frozen=True)
class PairFigures:
    """Two annotators over all chosen documents; F1 pools every label (micro)."""
    a: str
    b: str
    spans_a: int
    spans_b: int
    matches_exact: int
    matches_overlap: int
    f1_exact: Score
    f1_overlap: Score
    labels: tuple[PairLabelFigures, ...]


@dataclass(frozen=True)
class DocumentFigures:
    """One document: alpha_u (micro over labels, the document as its own continuum)
    and span F1 pooled over labels, mean over annotator pairs."""
    doc_id: str
    length: int
    spans: Mapping[str, int]  # annotator -> distinct spans counted here
    alpha_u: Score
    f1_exact: Score
    f1_overlap: Score


@dataclass(frozen=True)
class Overall:
    alpha_u_micro: Score  # 1 - sum of D_o over labels / sum of D_e over labels
    alpha_u_macro: Score  # mean of the defined per-label alphas
    f1_exact: Score  # per pair pooled over labels, then mean over pairs
    f1_overlap: Score


@dataclass(frozen=True)
class AgreementReport:
    annotators: tuple[str, ...]
    documents: int
    labels: tuple[LabelFigures, ...]
    overall: Overall
    pairs: tuple[PairFigures, ...]
    by_document: tuple[DocumentFigures, ...]

    def to_dict(self) -> dict:
        """Plain data; undefined figures are null and explained under "reasons",
        keyed by the JSON Pointer (RFC 6901) of the null."""
        reasons: dict[str, str] = {}

        def fig(score: Score, *path) -> float | None:
            if score.value is None:
                reasons[_pointer(path)] = score.reason
                return None
            return round(score.value, 6)

        def f1s(obj, *path) -> dict:
            return {"f1_exact": fig(obj.f1_exact, *path, "f1_exact"),
                    "f1_overlap": fig(obj.f1_overlap, *path, "f1_overlap")}

        ov = self.overall
        return {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "labels": {f.label: {"alpha_u": fig(f.alpha_u, "labels", f.label, "alpha_u"),
                                 **f1s(f, "labels", f.label)} for f in self.labels},
            "overall": {"alpha_u_micro": fig(ov.alpha_u_micro, "overall", "alpha_u_micro"),
                        "alpha_u_macro": fig(ov.alpha_u_macro, "overall", "alpha_u_macro"),
                        **f1s(ov, "overall")},
            "pairs": [{"a": p.a, "b": p.b, "spans_a": p.spans_a, "spans_b": p.spans_b,
                       "matches_exact": p.matches_exact,
                       "matches_overlap": p.matches_overlap, **f1s(p, "pairs", n),
                       "labels": {f.label: f1s(f, "pairs", n, "labels", f.label)
                                  for f in p.labels}}
                      for n, p in enumerate(self.pairs)],
            "by_document": [{"doc_id": d.doc_id, "length": d.length, "spans": dict(d.spans),
                             "alpha_u": fig(d.alpha_u, "by_document", n, "alpha_u"),
                             **f1s(d, "by_document", n)}
                            for n, d in enumerate(self.by_document)],
            "reasons": reasons,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False,
                          allow_nan=False)


def _pointer(path) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


class _Tally:
    """Span counts for one annotator pair in some scope; F1 = 2 * matches / (|A| + |B|)."""
    __slots__ = ("a", "b", "exact", "overlap")

    def __init__(self):
        self.a = self.b = self.exact = self.overlap = 0

    def add(self, a: int, b: int, exact: int, overlap: int) -> None:
        self.a += a
        self.b += b
        self.exact += exact
        self.overlap += overlap

    def f1(self, matches: int) -> Score:
        total = self.a + self.b
        return Score(2 * matches / total) if total else Score(None, NO_PAIR_SPANS)


def _mean(scores: Iterable[Score], reason: str) -> Score:
    values = [s.value for s in scores if s.value is not None]
    return Score(sum(values) / len(values)) if values else Score(None, reason)


def _mean_f1(tallies: Iterable[_Tally | None], reason: str) -> tuple[Score, Score]:
    tallies = [t for t in tallies if t is not None]
    return (_mean((t.f1(t.exact) for t in tallies), reason),
            _mean((t.f1(t.overlap) for t in tallies), reason))


def _alpha(observed: float, expected: float, reason: str) -> Score:
    return Score(1 - observed / expected) if expected else Score(None, reason)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _collect(doc_lengths, units, annotators, labels):
    """groups[doc][label][annotator] = set of (start, end), after filtering and checks."""
    wanted_a = set(annotators) if annotators is not None else None
    wanted_l = set(labels) if labels is not None else None
    groups: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    seen_a, seen_l = set(), set()
    for u in units:
        length = doc_lengths.get(u.doc_id)
        if (length is None or (wanted_a is not None and u.annotator not in wanted_a)
                or (wanted_l is not None and u.label not in wanted_l)):
            continue
        if type(u.start) is not int or type(u.end) is not int \
                or not 0 <= u.start < u.end <= length:
            raise ValidationError(
                f"span {u.start}-{u.end} ({u.label}, by {u.annotator}) in document "
                f"{u.doc_id} is empty or outside its text (0-{length})")
        groups[u.doc_id][u.label][u.annotator].add((u.start, u.end))
        seen_a.add(u.annotator)
        seen_l.add(u.label)
    return groups, sorted(seen_a), sorted(seen_l)


def agreement(doc_lengths: Mapping[str, int], units: Iterable[Unit],
              annotators: list[str] | None = None,
              labels: list[str] | None = None) -> AgreementReport:
    """Agreement among annotators (default: all who made a unit; at least two) on labels
    (default: all used) over the documents of doc_lengths (doc_id -> length in code
    points). For alpha_u the documents form one continuum in doc_id order."""
    if not doc_lengths:
        raise ValidationError("agreement needs at least one document")
    for doc, length in doc_lengths.items():
        if type(length) is not int or length < 0:
            raise ValidationError(f"document {doc} has no valid length: {length!r}")
    groups, seen_a, seen_l = _collect(doc_lengths, units, annotators, labels)
    coders = _unique(annotators) if annotators is not None else seen_a
    labels = _unique(labels) if labels is not None else seen_l
    if len(coders) < 2:
        raise ValidationError("agreement needs at least two annotators, got "
                              + (", ".join(coders) or "none"))
    m, docs = len(coders), sorted(doc_lengths)
    pairs = list(combinations(range(m), 2))
    pair_label: dict = defaultdict(_Tally)  # (pair, label)
    pair_doc: dict = defaultdict(_Tally)  # (pair, doc)
    obs_sum = dict.fromkeys(labels, 0)  # alpha_u observed numerators, whole corpus
    continuum = {label: [[] for _ in coders] for label in labels}
    by_document, offset = [], 0
    for doc in docs:
        length, by_label = doc_lengths[doc], groups.get(doc, {})
        spans_here = dict.fromkeys(coders, 0)
        d_o = d_e = 0.0
        for label in labels:
            per = by_label.get(label)
            if not per:
                continue
            spans = [sorted(per.get(a, ())) for a in coders]
            for c, s in zip(coders, spans):
                spans_here[c] += len(s)
            for p, (i, j) in enumerate(pairs):
                a, b = spans[i], spans[j]
                if a or b:
                    counts = (len(a), len(b), span_match.exact_matches(a, b),
                              span_match.overlap_matches(a, b))
                    pair_label[p, label].add(*counts)
                    pair_doc[p, doc].add(*counts)
            merged = [unitizing.merge(s) for s in spans]
            total = unitizing.observed_sum(merged)
            obs_sum[label] += total
            d_o += unitizing.observed(total, m, length)
            d_e += unitizing.expected(merged, length)
            for line, units_ in zip(continuum[label], merged):
                line.extend((s + offset, e + offset) for s, e in units_)
        offset += length
        f1_exact, f1_overlap = _mean_f1((pair_doc.get((p, doc)) for p in range(len(pairs))),
                                        NO_SPANS)
        by_document.append(DocumentFigures(doc, length, spans_here,
                                           _alpha(d_o, d_e, NO_UNITS_AT_ALL),
                                           f1_exact, f1_overlap))

    label_figs, sum_o, sum_e = [], 0.0, 0.0
    for label in labels:
        d_e = unitizing.expected(continuum[label], offset)
        d_o = unitizing.observed(obs_sum[label], m, offset) if d_e else 0.0
        sum_o, sum_e = sum_o + d_o, sum_e + (d_e or 0.0)
        f1_exact, f1_overlap = _mean_f1((pair_label.get((p, label))
                                         for p in range(len(pairs))), NO_SPANS)
        label_figs.append(LabelFigures(label, _alpha(d_o, d_e, NO_UNITS),
                                       f1_exact, f1_overlap))

    pair_figs, pooled = [], []
    for p, (i, j) in enumerate(pairs):
        t = _Tally()
        per_label = []
        for label in labels:
            lt = pair_label.get((p, label)) or _Tally()
            t.add(lt.a, lt.b, lt.exact, lt.overlap)
            per_label.append(PairLabelFigures(label, lt.f1(lt.exact), lt.f1(lt.overlap)))
        pooled.append(t)
        pair_figs.append(PairFigures(coders[i], coders[j], t.a, t.b, t.exact, t.overlap,
                                     t.f1(t.exact), t.f1(t.overlap), tuple(per_label)))
    f1_exact, f1_overlap = _mean_f1(pooled, NO_SPANS)
    overall = Overall(_alpha(sum_o, sum_e, NO_UNITS_AT_ALL),
                      _mean((f.alpha_u for f in label_figs), NO_UNITS_AT_ALL),
                      f1_exact, f1_overlap)
    return AgreementReport(tuple(coders), len(docs), tuple(label_figs), overall,
                           tuple(pair_figs), tuple(by_document))


# -- renderings, so the CLI and window stay thin -----------------------------------------
CSV_COLUMNS = ("scope", "doc_id", "annotator_a", "annotator_b", "label", "measure",
               "value", "reason")


def _cell(score: Score) -> str:
    return "–" if score.value is None else f"{score.value:.3f}"


def render_text(report: AgreementReport, worst: int = 10) -> str:
    """A plain-text summary: labels, pairs, the `worst` documents, undefined figures."""
    ov = report.overall
    row = "{:<24} {:>8} {:>9} {:>11}".format
    lines = [(f"Agreement among {len(report.annotators)} annotators "
              f"({', '.join(report.annotators)}) over {report.documents} "
              f"document{'' if report.documents == 1 else 's'}"), "",
             row("label", "alpha_u", "F1 exact", "F1 overlap")]
    lines += [row(f.label, _cell(f.alpha_u), _cell(f.f1_exact), _cell(f.f1_overlap))
              for f in report.labels]
    lines += [row("all labels (micro)", _cell(ov.alpha_u_micro), _cell(ov.f1_exact),
                  _cell(ov.f1_overlap)),
              row("all labels (macro)", _cell(ov.alpha_u_macro), "", ""), "",
              row("pair (spans)", "", "F1 exact", "F1 overlap")]
    lines += [row(f"{p.a} / {p.b} ({p.spans_a}/{p.spans_b})", "", _cell(p.f1_exact),
                  _cell(p.f1_overlap)) for p in report.pairs]
    ranked = sorted(report.by_document, key=lambda d: (
        d.f1_overlap.value is None, d.f1_overlap.value or 0.0,
        d.alpha_u.value if d.alpha_u.value is not None else 2.0))[:worst]
    if ranked:
        lines += ["", (f"least agreement ({len(ranked)} of {report.documents} documents, "
                       "lowest F1 overlap first)"),
                  row("document", "alpha_u", "F1 exact", "F1 overlap") + "  spans"]
        lines += [row(d.doc_id, _cell(d.alpha_u), _cell(d.f1_exact), _cell(d.f1_overlap))
                  + "  " + ", ".join(f"{a} {n}" for a, n in d.spans.items())
                  for d in ranked]
    reasons = report.to_dict()["reasons"]
    if reasons:
        lines += ["", "undefined (–):"]
        lines += [f"  {where}: {why}" for where, why in reasons.items()]
    return "\n".join(lines) + "\n"


def _rows(report: AgreementReport):
    ov = report.overall
    yield "overall", "", "", "", "", "alpha_u_micro", ov.alpha_u_micro
    yield "overall", "", "", "", "", "alpha_u_macro", ov.alpha_u_macro
    yield "overall", "", "", "", "", "f1_exact", ov.f1_exact
    yield "overall", "", "", "", "", "f1_overlap", ov.f1_overlap
    for f in report.labels:
        for measure in ("alpha_u", "f1_exact", "f1_overlap"):
            yield "label", "", "", "", f.label, measure, getattr(f, measure)
    for p in report.pairs:
        for f in (p, *p.labels):
            label = getattr(f, "label", "")
            yield "pair", "", p.a, p.b, label, "f1_exact", f.f1_exact
            yield "pair", "", p.a, p.b, label, "f1_overlap", f.f1_overlap
    for d in report.by_document:
        for measure in ("alpha_u", "f1_exact", "f1_overlap"):
            yield "document", d.doc_id, "", "", "", measure, getattr(d, measure)


def render_csv(report: AgreementReport) -> str:
    """Long format, one figure a row: empty value plus a reason where undefined."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for *where, score in _rows(report):
        value = "" if score.value is None else repr(round(score.value, 6))
        w.writerow((*where, value, score.reason or ""))
    return buf.getvalue()

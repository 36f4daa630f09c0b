"""The comparison as ONE self-contained HTML file: inline CSS, the chart as inline
SVG, no scripts, fonts or links to fetch. Every piece of data is HTML-escaped."""
from __future__ import annotations

from html import escape

from annotator.core.compare.comparison import POSITIONS, Comparison
from annotator.core.compare.report import label_names, percent

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 color:#1d2330;margin:28px 36px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:30px 0 8px;
 border-bottom:1px solid #dde2ea;padding-bottom:4px}
.sub{color:#5a6475;margin:0 0 14px}
table{border-collapse:collapse;margin:6px 0 4px}
th,td{border:1px solid #dde2ea;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f9;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chip{display:inline-block;padding:1px 8px;border-radius:9px;margin-right:6px;
 font-size:12.5px;border:1px solid rgba(0,0,0,.12)}
.legend{margin:6px 0 10px}
.small{font-size:12px;color:#5a6475}
table.passages{width:100%;table-layout:fixed}
table.passages td{font-size:13px}
table.passages td.wording{border-left:4px solid var(--c,#ccc)}
.cellmeta{display:block;font-size:11.5px;color:#3d4554;margin-top:3px}
.also{display:block;font-size:12px;margin-top:5px;padding-top:4px;border-top:1px dashed #9aa3b2}
.omitted{color:#8a93a3;font-style:italic;background:repeating-linear-gradient(
 45deg,#fafbfc,#fafbfc 6px,#f1f3f6 6px,#f1f3f6 12px)}
.untagged{background:#fff;outline:1px dashed #9aa3b2;outline-offset:-3px}
.flag{display:block;font-size:11.5px;margin:2px 0;padding:1px 5px;border-radius:4px}
.flag.dis{background:#fde8e8;color:#8a1c1c}.flag.om{background:#eef1f6;color:#3d4554}
.flag.un{background:#fff4dc;color:#6b4a00}.flag.pa{background:#eef6ee;color:#2d5a2d}
.partial{color:#5a6475;background:#f7f9f7;outline:1px dotted #9aa3b2;outline-offset:-3px}
.row{display:flex;flex-wrap:wrap;gap:10px 40px;align-items:flex-start}
.row section{flex:0 1 auto}
col.gid{width:44px}col.gflags{width:150px}
table.agree td{width:30%;font-size:12.5px}table.agree td:first-child{width:auto}
a.glink{display:block;color:#1d2330;text-decoration:none;margin:2px 0}
a.glink:hover{text-decoration:underline}a.glink b{color:#5a6475}
"""


def _text_colour(bg: str) -> str:
    """Black or white, whichever reads better on the label colour."""
    try:
        r, g, b = (int(bg.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "#000"
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


def _tint(colour: str, alpha: float = 0.35) -> str:
    """The label colour, lightened for a cell background behind body text."""
    try:
        r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return colour
    return f"rgba({r},{g},{b},{alpha})"


def _colours(c: Comparison) -> dict[str, str]:
    known = {lab.name: lab.colour for lab in c.labels}
    return {n: known.get(n, "#cccccc") for n in label_names(c)}


def _chip(name: str, colour: str) -> str:
    return (f'<span class="chip" style="background:{escape(colour)};'
            f'color:{_text_colour(colour)}">{escape(name)}</span>')


def chart_svg(c: Comparison, width: int = 820, height: int = 300) -> str:
    """Grouped bars: per outlet, the share of its characters under each label."""
    names, colours = label_names(c), _colours(c)
    top = max([p.labels[n].share for p in c.profiles for n in names] + [0.01])
    scale_max = min(1.0, (int(top * 10) + 1) / 10)
    left, right, up, down = 52, 12, 30, 56
    plot_w, plot_h = width - left - right, height - up - down
    group_w = plot_w / max(1, len(c.profiles))
    bar_w = min(34.0, group_w * 0.8 / max(1, len(names)))
    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             'role="img" aria-label="Share of characters under each label, per outlet" '
             'font-family="system-ui,sans-serif" font-size="12">']
    for k in range(6):                                  # grid and y axis
        v = scale_max * k / 5
        y = up + plot_h - plot_h * k / 5
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{"#9aa3b2" if k == 0 else "#e6e9ef"}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="#5a6475">{100 * v:.0f}%</text>')
    for gi, p in enumerate(c.profiles):
        x0 = left + gi * group_w + (group_w - bar_w * len(names)) / 2
        for li, n in enumerate(names):
            share = p.labels[n].share
            h = plot_h * share / scale_max
            x, y = x0 + li * bar_w, up + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 3:.1f}" '
                         f'height="{h:.1f}" fill="{escape(colours[n])}" stroke="#00000022">'
                         f'<title>{escape(p.outlet)}: {escape(n)} {percent(share)}</title>'
                         '</rect>')
        name = p.outlet if len(p.outlet) <= 28 else p.outlet[:27] + "…"
        parts.append(f'<text x="{left + (gi + 0.5) * group_w:.1f}" y="{up + plot_h + 18}" '
                     f'text-anchor="middle" fill="#1d2330">{escape(name)}</text>')
    x = left
    for n in names:                                      # legend above the plot
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" '
                     f'fill="{escape(colours[n])}"/><text x="{x + 17}" y="16">'
                     f'{escape(n)}</text>')
        x += 30 + 8 * len(n)
    parts.append(f'<text x="{left}" y="{height - 8}" fill="#5a6475">Share of each '
                 "outlet's characters under the label</text></svg>")
    return "\n".join(parts)


def _spans_table(c: Comparison, names: list[str], head: str) -> str:
    rows = "".join(
        f"<tr><td>{escape(p.outlet)}</td><td class=num>{len(p.doc_ids)}</td>"
        f'<td class="num">{p.words}</td>' + "".join(
            f'<td class="num">{s.count} · {percent(s.share)} · {s.per_1000_words:.1f}</td>'
            for s in (p.labels[n] for n in names)) + "</tr>" for p in c.profiles)
    return ('<h2>Spans per label</h2><p class="small">count · share of the outlet\'s '
            "characters · per 1,000 words</p><table><tr><th>outlet</th><th>documents</th>"
            f"<th>words</th>{head}</tr>{rows}</table>")


def _positions_table(c: Comparison, names: list[str], head: str) -> str:
    rows = "".join(f"<tr><td>{escape(p.outlet)}</td>" + "".join(
        '<td class="num">' + " / ".join(str(p.labels[n].positions[k]) for k in POSITIONS)
        + "</td>" for n in names) + "</tr>" for p in c.profiles)
    return (f'<h2>Where the labels fall</h2><p class="small">spans in the '
            f'{" / ".join(POSITIONS)}; the lead is the first paragraph after the '
            f"headline</p><table><tr><th>outlet</th>{head}</tr>{rows}</table>")


def _speakers_table(c: Comparison, names: list[str], head: str) -> str:
    rows = "".join(f"<tr><td>{escape(p.outlet)}</td>" + "".join(
        "<td>" + "<br>".join(f"{escape(who)} ×{k}"
                             for who, k in p.labels[n].speakers.most_common()) + "</td>"
        for n in names) + "</tr>" for p in c.profiles)
    return f"<h2>Speakers quoted</h2><table><tr><th>outlet</th>{head}</tr>{rows}</table>"


def _cell(x, colours: dict, aligned: bool, partial=None, also=()) -> str:
    if x is None and partial is not None:
        return (f'<td class="partial">{escape(partial.text)}<span class="cellmeta">partly '
                f"related · similarity {partial.score:.2f}</span></td>")
    if x is None:
        return '<td class="omitted">not in this article</td>'
    score = f"similarity {x.score:.2f}" if aligned else ""
    meta = " · ".join(escape(v) for v in (x.label or "untagged", x.speaker or "", score) if v)
    # the article's other renderings of the statement, under its best-linked one
    meta += "".join(f'<span class="also">also: {escape(y.text)}</span>' for y in also)
    if x.label is None:
        return f'<td class="untagged">{escape(x.text)}<span class="cellmeta">{meta}</span></td>'
    bg = colours.get(x.label, "#cccccc")
    return (f'<td class="wording" style="background:{escape(_tint(bg))};--c:{escape(bg)}">'
            f'{escape(x.text)}<span class="cellmeta">{meta}</span></td>')


def _passages(c: Comparison, colours: dict) -> list[str]:
    n_dis = sum(g.disagreement for g in c.groups)
    n_om = sum(g.omission for g in c.groups)
    cols = "".join(f"<th>{escape(d.column)}</th>" for d in c.docs)
    out = [f'<h2>Aligned passages</h2><p class="small">{len(c.groups)} groups · {n_dis} '
           f"where outlets label the passage differently (or print it untagged) · {n_om} "
           "that some outlet leaves out (nothing even loosely related; a loosely related "
           "passage is shown grey). Cells: wording · label · speaker · similarity."
           "</p>", '<table class="passages"><colgroup><col class="gid"><col class="gflags">'
           + "<col>" * len(c.docs) + f"</colgroup><tr><th>#</th><th>flags</th>{cols}</tr>"]
    total = len(c.docs)
    for g in c.groups:
        fl = ""
        if g.label_conflict:
            fl += '<span class="flag dis">labels differ</span>'
        if g.untagged:
            fl += (f'<span class="flag un">untagged in {len(g.untagged)} of {total}</span>')
        if g.partial:
            fl += f'<span class="flag pa">partly in {len(g.partial)} of {total}</span>'
        if g.omitted:
            fl += (f'<span class="flag om">only in 1 of {total}</span>'
                   if len(g.cells) == 1 and not g.partial
                   else f'<span class="flag om">missing in {len(g.omitted)} of {total}</span>')
        head = _chip(g.label, colours.get(g.label, "#ccc")) if g.label else "untagged"
        cells = "".join(_cell(g.cells.get(d.id), colours, len(g.cells) > 1, g.partial.get(d.id),
                              g.alternatives.get(d.id, ())) for d in c.docs)
        out.append(f'<tr id="g{g.id}"><td class="num">{g.id}</td><td>{head}{fl}</td>'
                   f"{cells}</tr>")
    out.append("</table>")
    return out


def _group_link(c: Comparison, gid: int) -> str:
    g = next(g for g in c.groups if g.id == gid)
    text = next(iter(g.cells.values())).text
    text = text if len(text) <= 70 else text[:69].rstrip() + "…"
    return f'<a class="glink" href="#g{gid}"><b>#{gid}</b> {escape(text)}</a>'


def render(c: Comparison) -> str:
    names, colours = label_names(c), _colours(c)
    head = "".join(f"<th>{_chip(n, colours[n])}</th>" for n in names)
    docs = "".join(f"<tr><td>{escape(d.id)}</td><td>{escape(d.outlet)}</td>"
                   f"<td>{escape(d.title)}</td></tr>" for d in c.docs)
    agree = "".join(f"<tr><td>{_chip(n, colours[n])}</td>" + "".join(
        "<td>" + ("".join(_group_link(c, i) for i in c.agreement.get(n, {}).get(k, []))
                  or "–") + "</td>" for k in ("all", "some", "one")) + "</tr>" for n in names)
    body = [
        f"<h1>How outlets reported: {escape(c.title)}</h1>",
        f'<p class="sub">{len(c.docs)} articles from {len(c.profiles)} outlets</p>',
        '<div class="legend">' + "".join(_chip(n, colours[n]) for n in names) + "</div>",
        f"<table><tr><th>id</th><th>outlet</th><th>title</th></tr>{docs}</table>",
        _spans_table(c, names, head),
        '<div class="row"><section><h2>Label shares per outlet</h2>',
        chart_svg(c, width=max(420, min(620, 150 + 130 * len(c.profiles))), height=260),
        "</section><section>", _positions_table(c, names, head), "</section></div>",
        _speakers_table(c, names, head),
        '<h2>Agreement across outlets</h2><p class="small">aligned passages by majority '
        "label, found in all, some or only one of the articles (click to jump)</p>"
        '<table class="agree"><tr><th>label</th><th>in all</th><th>in some</th>'
        f"<th>in one</th></tr>{agree}</table>",
        *_passages(c, colours),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Comparison: {escape(c.title)}</title><style>{CSS}</style></head>"
            "<body>\n" + "\n".join(body) + "\n</body></html>\n")

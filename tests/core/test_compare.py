"""The comparison on the annotated sample corpus: the actual aligned groups."""
import json
from pathlib import Path

import pytest

from annotator.core import Project, resources

from annotator.core.compare import align
from annotator.core.compare import passages as passages_mod
from annotator.core.compare.comparison import build_profiles, compare, layout
from annotator.core.compare.profiles import outlet_summary
from annotator.core.compare.similarity import (NAMES_ONLY, SOFT, Vectors, content_words,
                                               related_words, stem_score)
from annotator.core.edits import Editor
from annotator.core.interchange.importing import import_paths
from annotator.core.model import NotFound, ValidationError

from helpers.paths import ANNOTATED_SAMPLE as FIXTURE

EVENT = "nato-sg-response-2025-06"
VILNIUS = "vilnius-communique-2023-07"


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


# -- the corpus and the fixture ----------------------------------------------------
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")
def test_sample_corpus_is_the_seed_articles_byte_for_byte():
    corpus = resources.sample_corpus_dir()
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert seeds and sorted(p.name for p in corpus.glob("*.txt")) == seeds
    for name in seeds:
        assert (corpus / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_fixture_texts_are_the_sample_corpus_and_offsets_exact():
    corpus = {p.name[:3]: p.read_text(encoding="utf-8") for p in
              resources.sample_corpus_dir().glob("*.txt")}
    records = fixture_records()
    assert [r["id"] for r in records] == ["000", "001", "002", "003", "004"]
    for rec in records:
        assert rec["text"] == corpus[rec["id"]]
        for s in rec["spans"]:
            assert rec["text"][s["start"]:s["end"]] == s["text"]


def _groups_as_data(p):
    return [sorted((d, c.start, c.end, c.label, c.speaker) for d, c in g.cells.items())
            for g in compare(p, event=EVENT).groups]


def test_fixture_attaches_spans_in_either_import_order(tmp_path):
    """Corpus then fixture, or fixture then corpus: the same spans, the same groups."""
    paths = [resources.sample_corpus_dir(), FIXTURE]
    results = []
    for name, order in (("a", paths), ("b", paths[::-1])):
        with Project(tmp_path / f"{name}.db") as p:
            for path in order:
                import_paths(p, [path])
            assert p.document_count() == 5
            assert p.span_count() == sum(len(r["spans"]) for r in fixture_records())
            assert p.document("000").outlet == "The Diplomatic Insight"
            results.append(_groups_as_data(p))
    assert results[0] == results[1]
    assert sum(len(g) > 1 for g in results[0]) >= 5     # not trivially equal: real groups


def test_lead_of_every_seed_is_its_first_real_paragraph(sample_project):
    leads = {"000": "Beijing (TDI): China on Thursday criticized NATO",
             "001": "Beijing — China has issued a stern rebuke",
             "002": "China hit back at what it said was misinformation",
             "003": "The Chinese government has issued a statement",
             "004": "China hit out at North Atlantic Treaty Organisation"}
    heads = {"001": "Beijing Accuses NATO of Stirring Tensions, Defends Military "
                    "Modernization as Legitimate",
             "004": "China lambasts NATO criticism & 'resolutely opposes' eastward "
                    "movement into Asia-Pacific"}
    for doc_id, lead in leads.items():
        text = sample_project.document(doc_id).text
        head_end, a, b = layout(text)
        assert text[:head_end] == heads.get(doc_id, "")
        assert text[a:].startswith(lead) and not text[a].isspace()
        assert "\n" not in text[a:b] and not text[b - 1].isspace()
        stored = sample_project.conn.execute(
            "SELECT head_end, lead_start, lead_end FROM document_facts WHERE doc_id = ?",
            (doc_id,)).fetchone()
        assert stored == (head_end, a, b)


def test_lead_survives_blank_lines_bylines_decks_and_captions():
    text = ("Headline without a full stop\n\n\nA deck that sums the story up in more than "
            "twelve words for readers.\n\nBy A. Writer | June 3, 2025\n\nPhoto: a caption "
            "that runs on for more than twelve words under the picture above\n\n"
            "WASHINGTON (XY): The real lead paragraph starts here and has enough words.\n\n")
    head_end, a, b = layout(text)
    assert text[:head_end] == "Headline without a full stop"
    assert text[a:b] == ("WASHINGTON (XY): The real lead paragraph starts here and has "
                         "enough words.")


# -- aligned groups on the seeds ---------------------------------------------------
def test_will_not_fool_translations_aligned_untagged(sample_project):
    """Articles only: the quote shares its sentence with a second statement in 000
    ("…,” Guo said, adding that if the alliance…"); its own passage pairs it."""
    r = compare(sample_project, event=EVENT)
    g = group_with(r, "000", "“NATO’s false narratives will not fool the world,”")
    assert g.cells["002"].text.startswith("“NATO’s misinformation will not fool people in")
    assert g.omitted == ["001"]                     # a true omission: 001 has no such line
    rest = group_with(r, "000", "adding that if the alliance genuinely cared")
    assert rest.cells["002"].text.startswith("“If NATO truly cares about the security")


def test_will_not_fool_aligned_tagged_and_omitted_by_001(result):
    g = group_with(result, "000", "NATO’s false narratives will not fool the world")
    assert g.cells["002"].text == "NATO’s misinformation will not fool people in the world"
    assert set(g.cells) == {"000", "002"} and g.label == "denial"
    assert g.omitted == ["001"] and not g.partial and g.omission
    assert g.cells["000"].score >= align.THRESHOLD
    assert not any("will not fool" in c.text for g in result.groups
                   for c in g.partial.values())


def test_vilnius_resolute_response_pair(annotated, sample_project):
    tagged = compare(annotated, event=VILNIUS)
    g = group_with(tagged, "003", "They warned that any actions that damage China’s")
    assert g.cells["004"].text.startswith("China also warned against any act threatening")
    assert g.coverage == "all" and g.label == "claim" and not g.disagreement
    untagged = compare(sample_project, event=VILNIUS)
    g = group_with(untagged, "003", "They warned that any actions that damage China’s")
    assert g.cells["004"].text.startswith("It also warned of a \"resolute response\"")


def test_vilnius_untagged_pairs_fragments_of_sentences(sample_project):
    """003 joins two statements in one sentence: each half pairs with 004."""
    r = compare(sample_project, event=VILNIUS)
    came = group_with(r, "003", "The statement came in response to NATO’s joint communique")
    assert came.cells["004"].text.startswith("The Chinese Mission to the European Union (EU) "
                                             "was responding")
    which = group_with(r, "003", "which accused Beijing of pursuing “coercive policies”")
    assert which.cells["004"].text.startswith("“stated ambitions and coercive policies")


def test_regional_alliance_paraphrases_aligned_in_both_modes(result, sample_project):
    """"regional alliance" / "regional organization": the paraphrase shares few words
    (0.3 on the seeds) and still aligns, with 001's "insert itself into the
    Asia-Pacific", tagged and untagged."""
    for r, quote in ((result, ""), (compare(sample_project, event=EVENT), "“")):
        g = group_with(r, "000", quote + "Although NATO claims to be a regional alliance")
        assert g.cells["002"].text.startswith(quote + "NATO claims itself as a regional "
                                              "organization")
        assert g.cells["001"].text.startswith("He accused NATO of attempting to insert")
        assert g.coverage == "all" and not g.omitted


def test_loosely_related_rendering_is_partial_not_omitted(annotated):
    """003's "NATO's ambitions for expansion and hegemony are obvious" has no aligned
    rendering in 004: 004's "strongly opposed the alliance's "expansion" into the
    Asia-Pacific" is aligned with 003's closer "opposed NATO's eastward expansion into
    the Asia-Pacific" (one passage an article a group). It is shown as partly related,
    with its score, not as an omission."""
    r = compare(annotated, event=VILNIUS)
    g = group_with(r, "003", "They warned that NATO’s ambitions for expansion")
    part = g.partial["004"]
    assert part.text.startswith("strongly opposed the alliance’s \"expansion\"")
    assert align.LOOSE <= part.score < align.THRESHOLD
    assert not g.omitted and not g.omission
    taken = group_with(r, "004", "strongly opposed the alliance’s")
    assert taken.cells["003"].text.startswith("the Chinese diplomats pledged to protect")


def test_the_communiques_hybrid_threats_pair_when_both_are_tagged(annotated):
    """"accused Beijing of posing cyber, space, hybrid … threats" (003) and "The PRC's
    malicious hybrid and cyber operations" (004) share three rare words and little
    else (0.205): below THRESHOLD, above TAGGED x it, so the two tagged statements
    pair (it was a partial cell before the tagged bar)."""
    g = group_with(compare(annotated, event=VILNIUS), "003",
                   "The NATO summit in Lithuania also accused Beijing of posing")
    assert g.cells["004"].text.startswith("The PRC’s malicious hybrid and cyber operations")
    assert align.THRESHOLD * align.TAGGED <= g.score < align.THRESHOLD


def test_response_to_rutte_pairs_by_its_words_not_the_speaker(result):
    """Guo's "manipulative" (000) and 001's "pushed back sharply against Rutte's
    statements" are one statement; 002 reports no such answer and omits it, though
    its own "Guo Jiakun, spokesman for the Chinese foreign ministry" shares the
    speaker with 000's attribution (partly related there, not grouped)."""
    g = group_with(result, "000", "Guo dismissed the statement as “manipulative,”")
    assert g.cells["001"].text.startswith("Guo Jiakun pushed back sharply against Rutte’s")
    assert g.omitted == ["002"] and not g.partial
    attribution = group_with(result, "000", "Foreign Ministry Spokesperson Guo Jiakun made")
    assert set(attribution.cells) == {"000"}
    assert attribution.partial["002"].text.startswith("Guo Jiakun, spokesman for the Chinese")
    assert attribution.partial["002"].score < align.THRESHOLD


def test_headlines_and_subheads_pair_only_with_headings(result, sample_project):
    """A heading compresses a story into a few topical words: with a body passage it
    is at most partly related (001's headline and 002's "accused Rutte of worsening
    global tensions"; 002's subhead "Rutte Raises China Threat at NATO" and 001's
    "Hyping up the so-called ‘China threat’"), never grouped."""
    g = group_with(result, "001", "Beijing Accuses NATO of Stirring Tensions")
    assert set(g.cells) == {"001"}
    assert g.partial["002"].text.startswith("accused Rutte of worsening global tensions")
    assert g.partial["002"].score >= align.THRESHOLD
    hyping = group_with(result, "001", "Hyping up the so-called ‘China threat’")
    assert set(hyping.cells) == {"001"}
    assert hyping.partial["002"].text == "Rutte Raises China Threat at NATO"
    untagged = compare(sample_project, event=EVENT)
    assert not [g for g in untagged.groups for c in g.cells.values()
                if c.text in ("Rutte Raises China Threat at NATO",
                              "China Denies Arms Transfers in Ukraine Conflict")]


def test_heading_is_a_short_line_that_does_not_end_as_a_sentence():
    text = ("China Says NATO ‘Fanning the Flames’\nChina said NATO has ambitions beyond "
            "its key European region.\nA long line without a full stop that runs on well "
            "past sixteen words as a paragraph of copy would do here\nRegional "
            "Implications of it all\n")
    lines = [(m, m + len(line)) for line, m in
             zip(text.split("\n"), [0, *[i + 1 for i, c in enumerate(text) if c == "\n"]])]
    assert [passages_mod.heading(text, a, b) for a, b in lines[:4]] == [True, False, False,
                                                                         True]
    items = passages_mod.passages("x", text, [])
    assert [p.heading for p in items] == [True, False, False, True]
    zh = "外交部发言人郭嘉昆在例行记者会上表示北约的虚假叙事骗不了世界。\n"
    assert not passages_mod.heading(zh, 0, len(zh) - 1)


def test_weapons_denial_reported_by_all_three_untagged(sample_project):
    r = compare(sample_project, event=EVENT)
    g = group_with(r, "000", "“China has not provided weapons to any side")
    assert g.cells["001"].text == ("“has not and will not provide weapons to any party "
                                   "involved in the conflict.”")
    assert g.cells["002"].text.startswith("We never provide weapons to any party")
    assert g.coverage == "all"


def test_untagged_remainder_of_a_partly_tagged_sentence_takes_part(sample_project):
    text = sample_project.document("000").text
    quote = "NATO’s false narratives will not fool the world"
    start = text.index(quote)
    Editor(sample_project, "t").add_span("000", start, start + len(quote), "denial")
    r = compare(sample_project, event=EVENT)
    g = group_with(r, "000", "Guo said, adding that if the alliance genuinely cared")
    assert g.cells["000"].label is None and g.cells["002"].text.startswith("“If NATO truly")
    assert group_with(r, "000", quote).cells["002"].text.startswith("“NATO’s misinformation")


def test_groups_do_not_chain(result, annotated):
    """One passage per document per group, and the members alike as a whole: the mean
    similarity over all pairs of members (as the comparison scores them) reaches
    GROUP_MIN, not just each member's best link."""
    for event, r in ((EVENT, result), (VILNIUS, compare(annotated, event=VILNIUS))):
        items = sample_passages(annotated, event)
        vec = Vectors([p.text for p in items])
        key = {(p.doc_id, p.start, p.end): k for k, p in enumerate(items)}
        for g in r.groups:
            assert len({c.doc_id for c in g.cells.values()}) == len(g.cells)
            ks = [key[c.doc_id, c.start, c.end] for c in g.cells.values()]
            if len(ks) > 2:
                sims = [vec.similarity(i, j) for x, i in enumerate(ks) for j in ks[x + 1:]]
                assert sum(sims) / len(sims) >= align.GROUP_MIN
    tagged = sum(1 for g in result.groups for c in g.cells.values() if c.label)
    tagged += sum(1 for g in result.groups for cs in g.alternatives.values() for c in cs)
    assert tagged == sum(len(r["spans"]) for r in fixture_records()
                         if r["meta"]["event"] == EVENT)


def test_a_passage_like_one_member_only_does_not_join_the_group():
    """d2 joins two statements in one sentence: the walkout (as d1) and the minister's
    call (as d3). d3 is like d2 (above THRESHOLD) but not like d1 at all: the mean over
    the group stays under GROUP_MIN, so d3 stays out and is shown as partly related."""
    texts = [("d1", "Dockworkers staged a walkout over automated cranes on Monday"),
             ("d2", "Dockworkers staged a walkout over automated cranes as the transport "
                    "minister called for calm"),
             ("d3", "The transport minister called for calm and offered mediation to both "
                    "sides of the dispute")]
    items = [passages_mod.Passage(k, d, 0, len(t), t, "claim") for k, (d, t) in enumerate(texts)]
    vec = Vectors([t for _, t in texts])
    assert vec.similarity(1, 2) >= align.THRESHOLD and vec.similarity(0, 2) < align.LOOSE
    assert (vec.similarity(0, 2) + vec.similarity(1, 2)) / 2 < align.GROUP_MIN
    walkout = next(g for g in align.align(items) if "d1" in g.members)
    assert set(walkout.members) == {"d1", "d2"} and walkout.partial["d3"][0].key == 2


def test_a_statement_an_article_gives_twice_is_one_group(result):
    """002 gives the weapons denial twice (the lead's "It denies sending any weapons."
    and the later quote): the two groups its renderings started merge as wholes, so
    000 and 001 pair with both; the best-linked rendering is 002's cell, the other its
    alternative."""
    g = group_with(result, "000", "China has not provided weapons to any side")
    assert set(g.cells) == {"000", "001", "002"}
    assert g.cells["001"].text.startswith("Guo categorically denied the claims")
    assert g.cells["002"].text.startswith("We never provide weapons to any party")
    assert [x.text for x in g.alternatives["002"]] == ["It denies sending any weapons."]
    assert list(g.alternatives) == ["002"] and g.coverage == "all"
    # its own best link, not its article's cell's (the csv prints it)
    (alt,) = g.alternatives["002"]
    assert 0 < alt.score < g.cells["002"].score


def test_a_lone_passage_does_not_join_as_a_second_rendering():
    """d1's second passage is like d2's member (above THRESHOLD) but not like d1's own
    first one: a lone passage never joins a group its article is already in (only two
    groups as wholes merge), so it stays apart instead of chaining the minister's call
    onto the walkout."""
    texts = [("d1", "Dockworkers staged a walkout over automated cranes on Monday"),
             ("d2", "Dockworkers staged a walkout over automated cranes as the transport "
                    "minister called for calm"),
             ("d1", "The transport minister called for calm and offered mediation to both "
                    "sides of the dispute")]
    items = [passages_mod.Passage(k, d, 0, len(t), t, "claim") for k, (d, t) in enumerate(texts)]
    vec = Vectors([t for _, t in texts])
    assert vec.similarity(1, 2) >= align.THRESHOLD
    groups = align.align(items)
    walkout = next(g for g in groups if g.members.get("d1") is items[0])
    assert set(walkout.members) == {"d1", "d2"} and walkout.alternatives == {}
    assert any(g.members == {"d1": items[2]} for g in groups)


def test_quotes_and_clauses_are_passages_of_their_own():
    text = ("“NATO’s false narratives will not fool the world,” Guo said, adding that if "
            "the alliance genuinely cared about security, it would stop stoking divisions. "
            "Guo dismissed the statement as “manipulative,” accusing NATO of using China "
            "as a scapegoat.")
    got = [text[a:b] for a, b in passages_mod.pieces(text, 0, len(text))]
    assert got == ["“NATO’s false narratives will not fool the world,” Guo said",
                   "adding that if the alliance genuinely cared about security, it would "
                   "stop stoking divisions. Guo dismissed the statement as “manipulative,”",
                   "accusing NATO of using China as a scapegoat."]


def test_agreement_buckets(result):
    fool = group_with(result, "000", "NATO’s false narratives").id
    weapons = group_with(result, "000", "China has not provided weapons").id
    agenda = group_with(result, "000", "What is the real agenda here?").id
    assert fool in result.agreement["denial"]["some"]
    assert agenda in result.agreement["accusation"]["one"]
    assert any(weapons in v for v in result.agreement["denial"].values())


def sample_passages(annotated, event):
    items = []
    for d in compare(annotated, event=event).docs:
        doc = annotated.document(d.id)
        items += align.passages(d.id, doc.text, annotated.spans(d.id), len(items))
    return items


def test_small_comparisons_score_every_pair_large_ones_an_index(annotated, sample_project):
    """The seeds are small enough to score every cross-document pair (the rare-stem
    index would miss some real renderings, e.g. the weapons denial); the index, used
    past EXACT_PAIRS, scores a subset."""
    for project in (annotated, sample_project):
        for event in (EVENT, VILNIUS):
            items = sample_passages(project, event)
            assert align.cross_pairs(items) == len(align.all_pairs(items)) <= align.EXACT_PAIRS
            as_sets = lambda groups: sorted(sorted((d, p.start) for d, p in g.members.items())
                                            for g in groups)
            assert as_sets(align.align(items)) == as_sets(align.align(items, pairs=align.all_pairs))
            indexed = align.candidate_pairs(items, Vectors([p.text for p in items]))
            assert indexed < align.all_pairs(items)


def test_similarity_separates_translation_from_unrelated():
    texts = ["NATO's false narratives will not fool the world",
             "NATO’s misinformation will not fool people in the world",
             "China's position on Ukraine is objective and fair",
             "including Japan, South Korea, and Australia.",
             "naming Japan, South Korea, Australia, and New Zealand"]
    vec = Vectors(texts)
    assert vec.similarity(0, 1) >= align.THRESHOLD
    assert vec.similarity(0, 2) < align.LOOSE
    assert vec.names_factor(3, 4) == NAMES_ONLY         # shared names alone: damped


def test_related_words_count_as_half_a_shared_one():
    """Different words for one thing (WordNet, resources/related_words.tsv.gz) count
    SOFT of a shared stem: the related pair scores above the unrelated one and below
    the same words, and its score is the formula's."""
    assert {"negoti", "talk"} <= related_words()["mediat"] | {"mediat"}
    assert "strike" in related_words()["walkout"] and "prc" in related_words()["china"]
    texts = ["The union staged a walkout at the port",
             "The union staged a strike at the port",
             "The union staged a party at the port",
             "The union staged a walkout at the port"]
    vec = Vectors(texts)
    assert {vec.vocab[k] for k in vec.soft(0, 1)} == {"walkout", "strike"}
    assert not vec.soft(0, 2)
    assert vec.similarity(0, 2) < vec.similarity(0, 1) < vec.similarity(0, 3)
    w, n = vec.stem_w, vec.stem_norm
    shared = sum(w[k] for k in vec.stems[0] & vec.stems[1])
    expected = stem_score(shared + SOFT / 2 * sum(w[k] for k in vec.soft(0, 1)), n[0], n[1])
    assert vec.stem_cos(0, 1) == pytest.approx(expected)
    assert align._Scorer(vec)(0, 1) == pytest.approx(vec.similarity(0, 1))


def test_related_words_lift_the_names_only_damping_unless_capitalised():
    """Names and a related word make a statement when neither side capitalises it
    ("return to talks" / "resume negotiations"); a headline's capitals say nothing, so
    "NATO’s Global Role" and "NATO’s … the world" share only a name."""
    vec = Vectors(["NATO’s Global Role Questioned",
                   "NATO’s false narratives will not fool the world",
                   "Transport Minister Jonas Brekke called on both sides to return to talks",
                   "Transport Minister Jonas Brekke urged the union and the port authority "
                   "to resume negotiations"])
    assert vec.soft(0, 1) and vec.names_factor(0, 1) == NAMES_ONLY
    assert {vec.vocab[k] for k in vec.soft(2, 3)} == {"talk", "negoti"}
    assert vec.names_factor(2, 3) == 1.0
    for i, j in ((0, 1), (2, 3)):
        assert align._Scorer(vec)(i, j) == pytest.approx(vec.similarity(i, j))


def test_number_words_are_their_digits_and_reporting_verbs_are_frame():
    assert content_words("About forty vessels, 40 in all") == ["40", "vessels", "40"]
    vec = Vectors(["Guo reiterated the view of Beijing on Ukraine",
                   "Guo reiterated that China backs Ukraine, he continued",
                   "“Ukraine must be heard,” he continued",
                   "Speaking at a briefing, Guo said Ukraine must be heard"])
    assert {vec.vocab[k] for k in vec.frame} >= {"reiter", "continu", "speak"}
    assert vec.names_factor(0, 1) == NAMES_ONLY         # Guo, Ukraine and a reporting verb
    assert vec.names_factor(1, 2) == NAMES_ONLY
    assert vec.names_factor(2, 3) == 1.0 and vec.names_factor(0, 3) == NAMES_ONLY


def test_an_attribution_after_a_quote_is_no_passage():
    """It says who spoke, not what: "…,” union leader Marta Ellison told reporters
    outside the main gate." Two of them would pair for their speaker alone. A quote's
    short attribution ("Guo said") stays with the quote; a clause after it stays."""
    text = ("“We will not accept a plan that throws our members out of work,” union leader "
            "Marta Ellison told reporters outside the main gate.")
    got = [text[a:b] for a, b in passages_mod.pieces(text, 0, len(text))]
    assert got == ["“We will not accept a plan that throws our members out of work,”"]
    rest = text.index(",” union")                        # the remainder after a tagged quote
    assert passages_mod.pieces(text, rest, len(text)) == []
    said = "“We will not accept a plan that throws our members out,” she said, adding " \
           "that talks must come first."
    assert [said[a:b] for a, b in passages_mod.pieces(said, 0, len(said))] == [
        "“We will not accept a plan that throws our members out,” she said",
        "adding that talks must come first."]


# -- profiles ----------------------------------------------------------------------
def test_profiles_count_share_rate_position_speakers(result, annotated):
    prof = {p.outlet: p for p in result.profiles}
    rec = {r["id"]: r for r in fixture_records()}
    for doc_id, outlet in (("000", "The Diplomatic Insight"), ("002", "unknown outlet (002)")):
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
    assert d.positions == {"headline": 0, "lead": 0, "rest": 4}
    assert d.speakers == {"Guo Jiakun": 4}
    a = prof["unknown outlet (001)"].labels["accusation"]
    assert a.positions == {"headline": 1, "lead": 1, "rest": 7}
    assert a.speakers == {"Guo Jiakun": 7, "Beijing": 1, "China": 1}
    assert prof["unknown outlet (002)"].labels["background"].speakers == {"(unattributed)": 3}


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
    r = compare(annotated, doc_ids=["000", "002"])
    assert [d.id for d in r.docs] == ["000", "002"]
    g = group_with(r, "000", "NATO’s false narratives")
    assert set(g.cells) == {"000", "002"} and g.omitted == [] and g.coverage == "all"
    with pytest.raises(NotFound, match="no-such-event"):
        compare(annotated, event="no-such-event")
    with pytest.raises(NotFound, match="nope"):
        compare(annotated, doc_ids=["nope"])
    with pytest.raises(ValidationError):
        compare(annotated)


def test_same_outlet_twice_gets_distinct_columns(project):
    import_paths(project, [FIXTURE])
    with project.transaction():
        project.conn.execute("UPDATE documents SET outlet = 'Same' WHERE id IN ('000','002')")
    r = compare(project, event=EVENT)
    assert [d.column for d in r.docs] == ["Same · 000", "unknown outlet (001)", "Same · 002"]
    assert group_with(r, "000", "NATO’s false narratives").cells["002"]


def test_speaker_and_title_alone_do_not_make_one_statement():
    """Two attributions of different statements share the speaker's name and title
    (frame words, lowercase in one of them): scored as names only, unlike two passages
    that also share what was said."""
    vec = Vectors(["Guo Jiakun, spokesman for the Chinese foreign ministry, told reporters",
                   "Chinese Foreign Ministry spokesman Guo Jiakun pushed back against Rutte",
                   "Guo Jiakun, the ministry spokesman, pushed back against Rutte"])
    assert vec.names_factor(0, 1) == NAMES_ONLY
    assert vec.names_factor(1, 2) == 1.0
    first, second = vec.similarity(0, 1), vec.similarity(1, 2)
    assert align._Scorer(vec)(0, 1) == pytest.approx(first) and first < second / 2

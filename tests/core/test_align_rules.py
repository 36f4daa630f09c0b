"""Rules of the sixth alignment pass, each on the shape of text it is for: where an
untagged sentence is cut into passages, which words a passage keeps, and the bar two
tagged passages meet to pair."""
from annotator.core.compare import align
from annotator.core.compare import passages as passages_mod
from annotator.core.compare.similarity import Vectors, content_words


def cut(text: str) -> list[str]:
    return [text[a:b] for a, b in passages_mod.pieces(text, 0, len(text))]


def test_an_opening_phrase_of_occasion_is_a_passage_of_its_own():
    """It sets the scene or names what the main clause answers: "Addressing
    speculation that China has been supplying weapons …, Guo categorically denied the
    claims" holds the rumour and the denial."""
    assert cut("Addressing speculation that China has been supplying weapons to Russia, "
               "Guo categorically denied the claims.") == [
        "Addressing speculation that China has been supplying weapons to Russia",
        "Guo categorically denied the claims."]
    assert cut("Speaking at the U.S. embassy in Brussels on Tuesday, Chinese Foreign "
               "Ministry spokesman Guo Jiakun pushed back sharply.") == [
        "Speaking at the U.S. embassy in Brussels on Tuesday",     # "U.S." ends nothing
        "Chinese Foreign Ministry spokesman Guo Jiakun pushed back sharply."]
    assert cut("Asked whether Beijing would send envoys to the talks, the spokesman "
               "declined to comment.") == [
        "Asked whether Beijing would send envoys to the talks",
        "the spokesman declined to comment."]
    assert cut("BEIJING (Reuters) — Speaking at a regular press briefing on Tuesday, Guo "
               "Jiakun rejected the claims.") == [
        "BEIJING (Reuters) — Speaking at a regular press briefing on Tuesday",
        "Guo Jiakun rejected the claims."]               # after a dateline too


def test_other_words_in_ing_open_no_phrase():
    """A sentence opened by any -ing word is as often a subject or a name: cut after
    its first comma, the rest lacked a subject or was a bare attribution."""
    for text in ("Building work at the port, halted since March, resumed on Monday.",
                 "Funding for the program, approved by parliament in May, will run out.",
                 "Sterling fell sharply against the dollar, traders in London said on Friday.",
                 "Nothing in the communique, Guo said, reflected the facts on the ground.",
                 "Beijing warned the alliance repeatedly on Monday, and it said so again.",
                 "During the summit in Vilnius last July, the allies agreed on a new plan."):
        assert cut(text) == [text]


def test_as_well_as_after_a_comma_continues_a_list_and_cuts_nothing():
    """", as well as" joins noun phrases in news copy: cut there, the subject "The
    strained relations between the US and China" became a passage without a verb."""
    text = ("The strained relations between the US and China, as well as the geopolitical "
            "tensions in the Asia-Pacific region, have contributed to the growing complexity.")
    assert cut(text) == [text]


def test_the_tail_of_a_compound_like_china_related_is_no_content_word():
    """"the communique's China-related content" and "the strained relations" shared the
    stem "relat" and paired; "Brussels-based" likewise. A tail that says something
    stays: "Iran-backed militias" and "militias backed by Iran" share "backed"."""
    assert content_words("China-related content") == ["china", "content"]
    assert content_words("a Brussels-based think tank") == ["brussels", "think", "tank"]
    assert "backed" in content_words("Iran-backed militias")
    assert content_words("Euro-Asian security") == ["euroasian", "euro", "asian", "security"]
    vec = Vectors(["The strained relations between the US and China",
                   "The mission's spokesperson said that the communique's China-related "
                   "content disregards basic facts"])
    assert vec.stems[0] & vec.stems[1] == {vec.vocab.index("china")}


def test_two_tagged_passages_pair_at_a_lower_bar_than_untagged_text():
    """Tagged passages are the few statements analysts marked, not every clause:
    a likeness of TAGGED x the threshold pairs them; untagged text needs the whole."""
    texts = [("003", "The NATO summit also accused Beijing of posing cyber, hybrid and "
                     "other asymmetric threats"),
             ("004", "The PRC's malicious hybrid and cyber operations target Allies")]
    s = Vectors([t for _, t in texts]).similarity(0, 1)
    threshold = s / (1 + align.TAGGED) * 2          # s lies between TAGGED x it and it
    assert align.TAGGED * threshold < s < threshold and s >= align.LOOSE

    def grouped(label):
        items = [passages_mod.Passage(k, d, 0, len(t), t, label)
                 for k, (d, t) in enumerate(texts)]
        return [set(g.members) for g in align.align(items, threshold)]
    assert grouped("accusation") == [{"003", "004"}]
    assert {"003", "004"} not in grouped(None)


def test_page_furniture_is_no_passage():
    """Web copy carries credits, teasers and bylines between the paragraphs; they
    report nothing, so untagged they are no passages (a span tagged on one still is)."""
    text = ("Rutte Raises China Threat at NATO\n"
            "Yen Zhi Yi| July 12, 2023, 02:12 PM\n"
            "Li Gang/Xinhua via AP\n"
            "China said NATO has ambitions beyond its key European region.\n"
            "Read More: China Hosts SCO Defense Summit Amid Global Tensions\n"
            "In this photo released by Xinhua, troops parade in Macao on Friday.\n"
            "The office was reported via diplomatic channels on Monday.\n"
            "Top image via Twitter/@jensstoltenberg\n"
            "Photo: Reuters\n"
            "AP Photo/Ng Han Guan, file photo from the Beijing briefing\n"
            "Photo courtesy of the Chinese Mission to the EU\n"
            "Source: Xinhua News Agency, Beijing bureau\n"
            "Photos released by the ministry on Monday showed the damaged terminal.\n"
            "NATO summit opens July 11\n"
            "Talks via video link collapse\n"
            "Russia Ships Drones to Iran via Caspian Sea\n"
            "Live updates | NATO leaders meet in Vilnius\n"
            "Courtesy calls between the two leaders resumed in May\n"
            "Talks resumed at 10:30 after a long night of negotiations between both sides\n"
            "By the numbers\n"
            "Source link\n")
    got = [p.text for p in passages_mod.passages("d", text, [])]
    assert got == ["Rutte Raises China Threat at NATO",
                   "China said NATO has ambitions beyond its key European region.",
                   "The office was reported via diplomatic channels on Monday.",
                   "Photos released by the ministry on Monday showed the damaged terminal.",
                   "NATO summit opens July 11", "Talks via video link collapse",
                   "Russia Ships Drones to Iran via Caspian Sea",
                   "Live updates | NATO leaders meet in Vilnius",
                   "Courtesy calls between the two leaders resumed in May",
                   "Talks resumed at 10:30 after a long night of negotiations between both "
                   "sides"]                   # a time, but a long line: no date line
    credit = text.index("Li Gang")

    class Span:
        start, end, text, label, speaker, id = credit, credit + 21, "Li Gang/Xinhua via AP", \
            "background", None, 1
    tagged = passages_mod.passages("d", text, [Span])
    assert tagged[0].text == "Li Gang/Xinhua via AP" and len(tagged) == 1 + len(got)


def test_each_kind_of_furniture_line():
    """One line a kind, each of four words or more (shorter ones are no passage anyway)."""
    for line in ("Photo: Chinese Foreign Ministry handout",
                 "By Yen Zhi Yi and Farkhund Yousafzai",
                 "Source: Xinhua News Agency, Beijing bureau",
                 "Updated at 02:12 PM Beijing time",
                 "Published July 12, 2023 in Brussels",
                 "Li Gang/New China via the wire service",
                 "The leaders in Vilnius, via Twitter",
                 "Handout picture, courtesy of the mission",
                 "Ng Han Guan/AP pool in Beijing",
                 "AP Photo by Ng Han Guan",
                 "In this photo released by Xinhua, troops parade in Macao on Friday.",
                 "Read more: NATO leaders meet in Vilnius for a two-day summit."):
        text = f"China said NATO has ambitions beyond its key European region.\n{line}\n"
        assert [p.text for p in passages_mod.passages("d", text, [])] == [
            "China said NATO has ambitions beyond its key European region."], line

"""Sentences, words and snapping, in code points (combining marks stay in their word)."""
from annotator.core.text import next_word_boundary, nudged, sentences, snap, word_end

TEXT = ('Mr. Wang said: "NATO\'s claims are false." U.S. officials disagreed! '
        'Caf\u00e9 e\u0301te\u0301 \U0001F600 ok?\n\nNew para.')


def test_sentences_skip_abbreviations_and_split_paragraphs():
    assert [TEXT[s:e] for s, e in sentences(TEXT)] == [
        'Mr. Wang said: "NATO\'s claims are false."', "U.S. officials disagreed!",
        "Caf\u00e9 e\u0301te\u0301 \U0001F600 ok?", "New para."]


def test_snap_grows_to_words_and_trims_punctuation():
    s = TEXT.index("ATO")
    assert TEXT[slice(*snap(TEXT, s, s + 2))] == "NATO's"
    q = TEXT.index('"NATO')
    assert TEXT[slice(*snap(TEXT, q, q + 9))] == "NATO's claims"     # quote trimmed
    e = TEXT.index("e\u0301te")
    assert TEXT[slice(*snap(TEXT, e + 1, e + 2))] == "e\u0301te\u0301"   # from inside a mark
    assert snap(TEXT, 5, 5) == (5, 5)
    sp = TEXT.index("  ") if "  " in TEXT else TEXT.index(": ") + 1
    assert snap(TEXT, sp, sp + 1) == (sp, sp + 1)     # nothing left: unchanged


def test_emoji_counts_as_a_symbol_to_keep():
    i = TEXT.index("\U0001F600")
    assert TEXT[slice(*snap(TEXT, i - 1, i + 2))] == "\U0001F600"


def test_word_steps():
    i = TEXT.index("Wang")
    assert next_word_boundary(TEXT, i, +1) == TEXT.index("said")
    assert next_word_boundary(TEXT, TEXT.index("said"), -1) == i
    assert word_end(TEXT, i, +1) == i + 4
    assert word_end(TEXT, len(TEXT), +1) == len(TEXT)
    assert next_word_boundary(TEXT, 0, -1) == 0


def test_nudged_moves_a_bound_a_word_and_never_empties_the_span():
    text = "one two three"
    assert nudged(text, 4, 7, "start", -1) == 0          # "two" -> "one two"
    assert nudged(text, 4, 7, "end", +1) == 13           # "two" -> "two three"
    assert nudged(text, 4, 7, "start", +1) is None       # would pass the end
    assert nudged(text, 4, 7, "end", -1) is None         # would pass the start
    assert nudged(text, 0, 3, "start", -1) is None       # already at the text's start
    assert nudged(text, 8, 13, "end", +1) is None        # already at its end

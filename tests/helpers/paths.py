"""Where things are, named once for every test."""
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
# The sample corpus with its 49 hand-checked spans (tests/fixtures/make_sample_annotated.py).
ANNOTATED_SAMPLE = FIXTURES / "sample_annotated.jsonl"
HELPERS = TESTS / "helpers"

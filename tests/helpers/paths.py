"""Where things are in the repo, named once for every test; the Makefile's recipes."""
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
# The sample corpus with its 49 hand-checked spans (tests/fixtures/make_sample_annotated.py).
ANNOTATED_SAMPLE = FIXTURES / "sample_annotated.jsonl"
HELPERS = TESTS / "helpers"


def make_recipe(target: str) -> tuple[str, list[str]]:
    """(prerequisites, recipe lines) of a Makefile target."""
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith(f"{target}:"))
    recipe = []
    for ln in lines[i + 1:]:
        if not ln.startswith("\t"):
            break
        recipe.append(ln.strip())
    return lines[i].split(":", 1)[1].strip(), recipe


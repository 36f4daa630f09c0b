"""Layers: the import-linter contracts in pyproject.toml hold, and each one can fail.

`make test` runs `lint-imports` itself; these tests prove the contracts bite by
planting one violation in a copy of the sources and watching the named contract break.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path


import annotator
from helpers.paths import REPO, make_recipe

SRC = Path(annotator.__file__).resolve().parent
PYPROJECT = REPO / "pyproject.toml"
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """lint-imports on the `annotator` package under root/src, with our contracts."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)


def copy_of_sources(tmp_path: Path) -> Path:
    shutil.copytree(SRC, tmp_path / "src" / "annotator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold():
    out = lint_imports(PYPROJECT.parent)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


# module (under annotator/), planted line(s), the contract that must break, and what
# its report must name. All are planted in one copy: one lint run checks every contract.
VIOLATIONS = [
    ("core/text.py", "def _later():\n    import PySide6.QtCore\n",
     "annotator.core never imports Qt", "annotator.core.text -> PySide6"),
    ("core/model.py", "import annotator.ui.offsets\n",
     "Each package imports only downward", "annotator.core.model -> annotator.ui.offsets"),
    ("core/store/schema.py", "from annotator.core import edits\n",
     "Each package imports only downward", "annotator.core.store.schema -> annotator.core.edits"),
    ("cli/commands.py", "from PySide6.QtCore import QObject\n",
     "ui is the only PySide6 user", "annotator.cli.commands -> PySide6"),
    ("core/compare/align.py", "from annotator.core.interchange import decoding\n",
     "compare and interchange never import each other",
     "annotator.core.compare.align -> annotator.core.interchange.decoding"),
    ("ui/offsets.py", "def _later():\n    import annotator.ui.article.view\n",
     "No import cycles", "No cycles are allowed in annotator.ui."),
]


def broken_sections(report: str) -> dict[str, str]:
    """Contract name -> its part of lint-imports' "Broken contracts" report."""
    lines = report.split("Broken contracts", 1)[-1].splitlines()
    heads = [i for i in range(len(lines) - 1) if lines[i].strip()
             and lines[i + 1] == "-" * len(lines[i])]
    return {lines[h]: "\n".join(lines[h + 2:nxt]) for h, nxt in
            zip(heads, heads[1:] + [len(lines)])}


def test_planted_violations_break_their_contracts(tmp_path):
    root = copy_of_sources(tmp_path)
    for module, line, _, _ in VIOLATIONS:
        target = root / "src" / "annotator" / module
        target.write_text(target.read_text(encoding="utf-8") + "\n" + line, encoding="utf-8")
    out = lint_imports(root)
    assert out.returncode == 1, out.stdout + out.stderr
    sections = broken_sections(out.stdout)
    missed = [(contract, names) for _, _, contract, names in VIOLATIONS
              if not any(head.startswith(contract) and names in body
                         for head, body in sections.items())]
    assert not missed, out.stdout


CHECK = """
import importlib, json, pkgutil, sys
import annotator.core, annotator.cli
names = [m.name for m in pkgutil.walk_packages(annotator.core.__path__, "annotator.core.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"modules": names, "qt": qt}))
"""


def test_importing_every_core_module_loads_no_qt():
    # At run time too: import-linter reads import statements, not importlib calls.
    import json
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         check=True, timeout=120)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert "annotator.core.store.project" in result["modules"] and len(result["modules"]) >= 8
    assert result["qt"] == []


def test_the_readme_test_command_lints_and_checks_layers_before_the_suite():
    readme = (PYPROJECT.parent / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    _, recipe = make_recipe("test")
    steps = [next(i for i, ln in enumerate(recipe) if word in ln)
             for word in ("ruff check", "lint-imports", "pytest")]
    assert steps == sorted(steps)

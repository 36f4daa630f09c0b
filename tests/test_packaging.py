"""The wheel carries every module, the resources and the sample corpus, and an
installed (non-editable) annotator finds them inside itself, not in a checkout."""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COPY = ("pyproject.toml", "README.md", "LICENSE", "src", "resources", "sample_corpus")


def _tracked_files(folder: str) -> set[str]:
    """Files under a top-level folder, relative to it (caches and builds excluded)."""
    base = ROOT / folder
    return {p.relative_to(base).as_posix() for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
            and not p.name.endswith((".pyc", ".db"))}


def _build_wheel(work: Path) -> Path:
    # Build from a copy so the checkout gets no build/ folder; the copy holds exactly
    # what a fresh clone would.
    src = work / "src-tree"
    src.mkdir()
    for name in COPY:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, src / name)
    # The build backend from this environment (the test extra requires the version
    # [build-system] names, and pip checks it): an isolated build env costs ~3 s more.
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                          "--no-build-isolation", "--check-build-dependencies",
                          "--disable-pip-version-check", "-w", str(work / "dist"), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    (whl,) = (work / "dist").glob("annotator-*.whl")
    return whl


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """One (isolated, slow) build per run: pytest-xdist workers share the run's temp
    root, and the first to take the lock builds while the others wait for it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_wheel(tmp_path_factory.mktemp("wheel"))
    import fcntl
    shared = tmp_path_factory.getbasetemp().parent / "wheel"
    shared.mkdir(exist_ok=True)
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = list((shared / "dist").glob("annotator-*.whl"))
        if built:
            return built[0]
        shutil.rmtree(shared / "src-tree", ignore_errors=True)   # a failed earlier try
        return _build_wheel(shared)


def test_wheel_carries_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"annotator/{m}" for m in _tracked_files("src/annotator") if m.endswith(".py")}
    assert "annotator/core/store/project.py" in modules
    assert modules - names == set(), "modules missing from the wheel; list new " \
                                     "subpackages in pyproject's [tool.setuptools] packages"


def test_wheel_carries_resources_and_sample_corpus(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "annotator/_resources/labels.json" in names
    assert "annotator/_sample_corpus/manifest.csv" in names
    corpus = {n for n in names if n.startswith("annotator/_sample_corpus/") and n.endswith(".txt")}
    assert len(corpus) == 5
    for folder, prefix in (("resources", "annotator/_resources/"),
                           ("sample_corpus", "annotator/_sample_corpus/")):
        assert {prefix + f for f in _tracked_files(folder)} <= names, folder
    meta = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "PySide6<6.12,>=6.9; python_version < \"3.12\"" in meta.replace("'", '"')
    entry = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "annotator = annotator.cli:main" in entry


INSTALLED = """
import json, sys
sys.path.insert(0, sys.argv[1])
import annotator
from annotator.core import resources
from annotator.core.interchange.importing import read_paths
labels = [l.name for l in resources.default_labels()]
docs = read_paths([resources.sample_corpus_dir()])
print(json.dumps({"package": annotator.__file__, "resources": str(resources.resources_dir()),
                  "corpus": str(resources.sample_corpus_dir()), "labels": labels,
                  "events": sorted({d.meta.get("event") for d in docs}), "docs": len(docs)}))
"""


def test_installed_layout_finds_its_resources(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    out = subprocess.run([sys.executable, "-c", INSTALLED, str(site)], capture_output=True,
                         text=True, timeout=120, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert Path(found["package"]).is_relative_to(site)         # not the checkout
    assert Path(found["resources"]) == site / "annotator" / "_resources"
    assert Path(found["corpus"]) == site / "annotator" / "_sample_corpus"
    assert found["labels"] == ["claim", "denial", "accusation", "background"]
    assert found["docs"] == 5 and len(found["events"]) == 2

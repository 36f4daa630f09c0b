# Two commands: `make run` opens the app on the sample corpus, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DB ?= $(CURDIR)/sample-project.db

.PHONY: run test bench screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) scripts/qt_runtime_check.py
	$(VENV)/bin/annotator import sample_corpus --quiet --db $(DB)
	$(VENV)/bin/annotator --db $(DB)

# Lint, layer contracts (pyproject.toml), then the suite on every core (pytest-xdist).
test: $(STAMP)
	$(PY) -m ruff check --quiet
	$(VENV)/bin/lint-imports --no-cache --no-logo
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; \
	  QT_QPA_PLATFORM=offscreen $(PY) $$f || exit 1; done

screenshot: $(STAMP)
	rm -rf build/shot && mkdir -p build/shot docs
	$(VENV)/bin/annotator import sample_corpus --quiet --db build/shot/sample.db
	$(VENV)/bin/annotator import tests/fixtures/sample_annotated.jsonl --quiet --db build/shot/sample.db
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/annotator --db build/shot/sample.db --screenshot docs/screenshot.png

clean:
	rm -rf $(VENV) build dist src/*.egg-info

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
	$(VENV)/bin/annotator import sample_corpus --quiet --db $(DB)
	$(VENV)/bin/annotator --db $(DB)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

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

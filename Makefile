# Two commands: `make run` opens the app on the sample corpus, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DB ?= $(CURDIR)/sample-project.db

.PHONY: run test qt-check bench screenshot clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else echo "$(PYTHON) cannot create a venv; install it with:  sudo apt-get install python3-venv"; \
	    exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Qt's system libraries: installed with apt-get as root, else the command is printed.
qt-check: $(STAMP)
	$(PY) scripts/qt_runtime_check.py

run: qt-check
	$(VENV)/bin/annotator import sample_corpus --quiet --db $(DB)
	$(VENV)/bin/annotator --db $(DB)

# Lint, layer contracts (pyproject.toml), then the suite on every core (pytest-xdist).
# Bytecode is cached under build/ even where PYTHONDONTWRITEBYTECODE is set: else each
# of the ~50 Python processes the suite starts compiles the package again (~0.15 s).
# The tests' scratch files (~100 MB a run, pytest keeps 3 runs) go to a RAM disk where
# one has 1 GB free: on a disk mounted with online discard, fsync and unlink took ~40%
# of the suite's wall time.
TEST_TMPDIR ?= $(shell [ -w /dev/shm ] && [ "$$(df -Pk /dev/shm | awk 'NR==2 {print $$4}')" -gt 1048576 ] \
  2>/dev/null && echo /dev/shm || echo "$${TMPDIR:-/tmp}")
test: $(STAMP)
	$(PY) -m ruff check --quiet
	$(VENV)/bin/lint-imports --no-cache --no-logo
	QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/build/pycache \
	  TMPDIR=$(TEST_TMPDIR) $(PY) -m pytest -q -n auto --dist worksteal

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; \
	  QT_QPA_PLATFORM=offscreen $(PY) $$f || exit 1; done

screenshot: $(STAMP)
	rm -rf build/shot && mkdir -p build/shot docs
	$(VENV)/bin/annotator import sample_corpus --quiet --db build/shot/sample.db
	$(VENV)/bin/annotator import tests/fixtures/sample_annotated.jsonl --quiet --db build/shot/sample.db
	# The fixture's spans are by "sample"; the window shows its own annotator's spans.
	ANNOTATOR_USER=sample QT_QPA_PLATFORM=offscreen $(VENV)/bin/annotator --db build/shot/sample.db --screenshot docs/screenshot.png
	# The README's pictures: the main window and the Compare view on two screen sizes.
	for size in 1280x800 1920x1080; do w=$${size%x*}; \
	  for view in article compare; do name=$$([ $$view = article ] && echo window || echo compare); \
	    ANNOTATOR_NAME=sample QT_QPA_PLATFORM=offscreen $(VENV)/bin/annotator --db build/shot/sample.db \
	      --screenshot docs/$$name-$$w.png --size $$size --view $$view || exit 1; done; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info

# Two commands do everything on a fresh machine:
#   make lab    install into .venv and open the course in JupyterLab
#   make test   install into .venv and run every check (unit tests + every notebook + the browser test)
#   make robust every notebook under three BLAS settings and two more seeds, and a table of every claim's margin
SHELL   := /bin/bash
PYTHON  ?= python3
VENV    ?= .venv
PORT    ?= 8888
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# JupyterLab refuses to run as root unless told; CI containers run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install install-test lab test lint format unit notebooks robust browser browser-deps bench strip lock student html clean

# A hash of what git sees (status and diff): `make test` compares it before and after, so a check that
# writes into the tracked files (as JupyterLab's autosave once did) fails the run.
TREE_STATE = { git status --porcelain -uall; git diff; } 2>/dev/null | sha256sum
# Every notebook through nbval under 1 BLAS thread and the default count, with the claims that have a problem.
NOTEBOOK_CHECK = $(BIN)/python tools/claims.py --settings default,1-thread --problems-only

# A student's install (`make lab`) is lean: the course and JupyterLab. The checks add the test tools,
# pinned to requirements-lock.txt (the versions the checks last passed with; `make lock` renews it).
install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab]'
	touch $(STAMP)

install-test: $(TEST_STAMP)

$(TEST_STAMP): pyproject.toml requirements-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements-lock.txt -e '.[lab,test]'
	touch $(STAMP) $(TEST_STAMP)

lab: install
	@echo "Starting JupyterLab on port $(PORT); open the http://127.0.0.1:$(PORT)/lab?token=… URL it prints below (Ctrl-C to stop)"
	$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) --ip=127.0.0.1 $(ROOT_FLAG)

test: install-test browser-deps
	@$(TREE_STATE) > $(VENV)/.tree-before
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -q tests
	$(NOTEBOOK_CHECK)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/browser
	@$(TREE_STATE) | cmp -s - $(VENV)/.tree-before || \
		{ echo "make test changed the working tree (it must not):"; git status --short; exit 1; }

# ruff (configured in pyproject.toml) over the library, the tools, the benchmarks, the tests and the notebooks'
# code: `make lint` checks (part of `make test`), `make format` rewrites in place.
LINTED := course_lib tools benchmarks tests notebooks
lint: install-test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: install-test
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

# The browser test drives Debian's Chromium (Playwright's own browser download is never used), and a
# CJK font makes the notebooks' Chinese terms legible in its screenshots.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy; then \
		echo "installing Debian packages for the browser test: chromium fonts-wqy-microhei"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

unit: install-test
	$(BIN)/python -m pytest -q tests

notebooks: install-test
	$(NOTEBOOK_CHECK)

# Every notebook under 1 BLAS thread, the default count and another OpenBLAS kernel, and with every seed
# shifted by 1 and by 2; prints every claim's value, bound, margin and spread, and fails if a claim fails
# or holds by less than its spread (a few minutes).
robust: install-test
	$(BIN)/python tools/claims.py --settings default,1-thread,sandybridge,seed+1,seed+2

browser: install-test browser-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/browser

# Every benchmark (interleaved repeats, medians [IQR]) and a report of them all in build/bench/results.md,
# with the commit, the date, the BLAS and the thread settings (benchmarks/runner.py; about six minutes).
bench: install-test
	$(BIN)/python benchmarks/runner.py --report build/bench/results.md

# Every notebook executed and exported to build/html/ (one page each, glossary.html and index.html, linked to each
# other): handouts that read offline, every figure and widget picture embedded, the maths as MathML
# (tools/build_html.py says how); the Chinese edition's in build/html/zh/. About twice 1.3-2.5 min from scratch on
# two busy cores, seconds when nothing changed.
html: install-test
	$(BIN)/python tools/build_html.py

clean:
	rm -rf $(VENV) data/*.npz data/*.sha256 .pytest_cache

strip: install-test
	$(BIN)/nbstripout --keep-id notebooks/*.ipynb notebooks/zh/*.ipynb

# Renew requirements-lock.txt: install the course with every extra into a fresh venv and record the versions.
LOCK_VENV := /tmp/course-lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '.[lab,test]'
	{ echo "# pip constraints for make test and CI; renew with make lock"; \
	  $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable | grep -iv '^course[-_]lib'; } > requirements-lock.txt
	rm -rf $(LOCK_VENV)

# A copy of the notebooks (and of the Chinese edition, in zh/) for a graded session, in build/student/: no outputs, and setup(solutions=False), so
# `.solution()` says solutions are off (tools/make_student.py; the answers are still in course_lib's source).
student: install
	$(BIN)/python tools/make_student.py build/student

# Two commands do everything on a fresh machine:
#   make lab    install into .venv and open the course in JupyterLab
#   make test   install into .venv and run every check (unit tests + every notebook)
SHELL   := /bin/bash
PYTHON  ?= python3
VENV    ?= .venv
PORT    ?= 8888
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; CI containers run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test unit notebooks browser browser-deps bench strip clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab,test]'
	touch $(STAMP)

lab: install
	@echo "Starting JupyterLab on port $(PORT); open the http://127.0.0.1:$(PORT)/lab?token=… URL it prints below (Ctrl-C to stop)"
	$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) --ip=127.0.0.1 $(ROOT_FLAG)

test: install browser-deps
	$(BIN)/python -m pytest -q tests
	$(BIN)/python -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env notebooks
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/browser

# The browser test drives Debian's Chromium (Playwright's own browser download is never used), and a
# CJK font makes the notebooks' Chinese terms legible in its screenshots.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy; then \
		echo "installing Debian packages for the browser test: chromium fonts-wqy-microhei"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

unit: install
	$(BIN)/python -m pytest -q tests

notebooks: install
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env notebooks

browser: install browser-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/browser

bench: install
	$(BIN)/python benchmarks/bench_epoch.py
	$(BIN)/python benchmarks/bench_conv.py
	$(BIN)/python benchmarks/bench_rnn.py
	$(BIN)/python benchmarks/bench_letters.py
	$(BIN)/python benchmarks/bench_playground.py

clean:
	rm -rf $(VENV) data/*.npz data/*.sha256 .pytest_cache

strip: install
	$(BIN)/python tools/strip_outputs.py notebooks/*.ipynb

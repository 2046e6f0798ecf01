# The two set-up commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install demo serve test test-sqlite test-postgres chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

demo: install
	$(BIN)/govproj migrate --verbosity 0
	$(BIN)/govproj demo_setup
	@echo "打开 http://$(HOST)/ 使用上面的演示账户登录（Ctrl+C 停止）。"
	$(BIN)/govproj runserver $(HOST) --noreload

# End-to-end tests drive Debian's chromium (never a downloaded browser), with a Chinese font so the
# screenshots show the pages as people read them.
chromium:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

test: install chromium
	bin/run-tests

test-postgres: install chromium
	bin/with-postgres bin/run-tests

clean:
	rm -rf $(VENV) node_modules staticfiles

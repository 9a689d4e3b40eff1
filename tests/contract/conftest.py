"""Where the contracts live and how the contract tests read them.

The contracts are data (contracts/README.md), so the tests are parametrized over the files
themselves: adding a schema, an example or an API document adds its tests without touching any
test code. Each test gets a `ContractFile` and reads it only when it runs, so one broken file
fails its own tests instead of stopping the collection of all the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
EVENTS = CONTRACTS / "events"
EXAMPLES = EVENTS / "examples"
OPENAPI = CONTRACTS / "openapi"
ASYNCAPI = CONTRACTS / "asyncapi.yaml"

SCHEMA_SUFFIX = ".schema.json"


@dataclass(frozen=True)
class ContractFile:
    path: Path

    @cached_property
    def document(self):
        text = self.path.read_text(encoding="utf-8")
        return json.loads(text) if self.path.suffix == ".json" else yaml.safe_load(text)

    @property
    def stem(self) -> str:
        """The file name without its suffix: `catalog.product_created.v1` for a schema file."""
        return self.path.name.removesuffix(SCHEMA_SUFFIX).removesuffix(".openapi.yaml")

    def follow(self, ref: str):
        """The node a `$ref` points at, read relative to this file like any JSON Reference.

        Raises FileNotFoundError or LookupError when the reference does not resolve.
        """
        location, _, pointer = ref.partition("#")
        target = ContractFile((self.path.parent / location).resolve()) if location else self
        node = target.document
        for token in filter(None, pointer.split("/")):
            token = unquote(token).replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                raise LookupError(f"{ref}: no {token!r} in {target.path.name}")
        return node


@dataclass(frozen=True)
class EventSchema(ContractFile):
    """`events/<type>.v<N>.schema.json`, with its examples beside it in `examples/<type>.v<N>/`."""

    @property
    def event_type(self) -> str:
        return self.stem.rsplit(".v", 1)[0]

    @property
    def version(self) -> int:
        return int(self.stem.rsplit(".v", 1)[1])

    def examples(self, verdict: str) -> list[Example]:
        return [Example(path) for path in sorted((EXAMPLES / self.stem / verdict).glob("*.json"))]


@dataclass(frozen=True)
class Example(ContractFile):
    """`examples/<type>.v<N>/<pass|fail>/<case>.json`: the folder names the schema it is checked against."""

    @property
    def schema_file(self) -> EventSchema:
        return EventSchema(EVENTS / f"{self.path.parent.parent.name}{SCHEMA_SUFFIX}")


HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations(document):
    """(method, path, operation, parameters of the path and the operation) for every operation."""
    for path, path_item in document["paths"].items():
        for method, operation in path_item.items():
            if method in HTTP_METHODS:
                parameters = path_item.get("parameters", []) + operation.get("parameters", [])
                yield method.upper(), path, operation, parameters


def resolved(contract_file, node):
    while isinstance(node, dict) and "$ref" in node:
        node = contract_file.follow(node["$ref"])
    return node


def event_schema_files() -> list[EventSchema]:
    return [EventSchema(path) for path in sorted(EVENTS.glob(f"*.v*{SCHEMA_SUFFIX}"))]


def examples(verdict: str) -> list[Example]:
    return [Example(path) for path in sorted(EXAMPLES.glob(f"*/{verdict}/*.json"))]


def openapi_files() -> list[ContractFile]:
    return [ContractFile(path) for path in sorted(OPENAPI.glob("*.openapi.yaml"))]


def _test_id(contract_file: ContractFile) -> str:
    # Examples of different types share case names (missing-quantity.json), so their id keeps the type.
    if isinstance(contract_file, Example):
        return f"{contract_file.path.parent.parent.name}/{contract_file.path.name}"
    return contract_file.path.name


PARAMETRIZED_BY_FILE = {
    "event_schema": event_schema_files,
    "pass_example": lambda: examples("pass"),
    "fail_example": lambda: examples("fail"),
    "openapi_document": openapi_files,
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for argument, files in PARAMETRIZED_BY_FILE.items():
        if argument in metafunc.fixturenames:
            found = files()
            metafunc.parametrize(argument, found, ids=[_test_id(f) for f in found])


@pytest.fixture
def all_event_schemas() -> list[EventSchema]:
    return event_schema_files()


@pytest.fixture
def example_folders() -> list[Path]:
    return sorted(folder for folder in EXAMPLES.iterdir() if folder.is_dir())


@pytest.fixture
def all_openapi_documents() -> list[ContractFile]:
    return openapi_files()


@pytest.fixture
def asyncapi() -> ContractFile:
    return ContractFile(ASYNCAPI)


@dataclass
class Tally:
    examples: int = 0
    failures: int = 0


@dataclass
class FuzzFigures:
    """How much the fuzzing tried, per endpoint: printed at the end of the run, quoted in the README."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)

    def endpoint(self, service: str, endpoint: str) -> Tally:
        return self.tallies.setdefault((service, endpoint), Tally())

    def lines(self) -> list[str]:
        services = sorted({service for service, _ in self.tallies})
        rows = [(service, [t for (s, _), t in self.tallies.items() if s == service]) for service in services]
        rows.append(("total", list(self.tallies.values())))
        return [
            f"{name:<10} {len(tallies):>3} endpoints {sum(t.examples for t in tallies):>6} examples generated"
            f"   failures: {sum(t.failures for t in tallies)}"
            for name, tallies in rows
        ]


_FUZZ_FIGURES = pytest.StashKey[FuzzFigures]()


@pytest.fixture(scope="session")
def fuzz_figures(request: pytest.FixtureRequest) -> FuzzFigures:
    return request.config.stash.setdefault(_FUZZ_FIGURES, FuzzFigures())


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    figures = config.stash.get(_FUZZ_FIGURES, None)
    if figures is not None and figures.tallies:
        terminalreporter.write_sep("-", "contract fuzzing: every endpoint of every service, in process (schemathesis)")
        for line in figures.lines():
            terminalreporter.write_line(line)

"""The event storming wall and the context map must stay true to the system they describe.

The diagrams are Mermaid text in README.md; these tests read them as data and hold them against the
event contracts, the service folders and the broker's bindings.
"""

import json
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
EVENT_TYPE = re.compile(r"\b(catalog|purchase|sales|stock)\.[a-z_]+\b")
EDGE = re.compile(r'^\s*(\w+(?:\s*&\s*\w+)*)\s*--\s*"([^"]+)"\s*-->\s*(\w+)\s*$', re.MULTILINE)
NODE = re.compile(r'^\s*(\w+)\["', re.MULTILINE)


def diagrams() -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", (HERE / "README.md").read_text(), re.DOTALL)


@pytest.fixture(scope="module")
def wall() -> str:
    return diagrams()[0]


@pytest.fixture(scope="module")
def context_map() -> str:
    return diagrams()[1]


def contract_event_types() -> set[str]:
    names = (path.name for path in (ROOT / "contracts" / "events").glob("*.schema.json"))
    return {re.sub(r"\.v\d+\.schema\.json$", "", name) for name in names}


def event_types_in(diagram: str) -> set[str]:
    return {match.group(0) for match in EVENT_TYPE.finditer(diagram)}


def test_the_readme_has_the_wall_and_the_map_as_mermaid_flowcharts():
    assert [diagram.split()[0] for diagram in diagrams()] == ["flowchart", "flowchart"]


def test_the_wall_shows_every_event_that_has_a_contract_and_no_other(wall):
    assert event_types_in(wall) == contract_event_types()


def test_every_bounded_context_on_the_map_is_a_service_folder_and_every_service_is_on_the_map(context_map):
    services = {path.name for path in (ROOT / "services").iterdir() if (path / "Dockerfile").exists()}
    assert set(NODE.findall(context_map)) == services


def test_every_arrow_into_a_context_carries_exactly_what_its_queue_is_bound_to(context_map):
    topology = json.loads((ROOT / "infrastructure" / "rabbitmq" / "topology.json").read_text())["consumers"]
    drawn: dict[str, set[str]] = {}
    for producers, label, consumer in EDGE.findall(context_map):
        drawn.setdefault(consumer, set()).update(event_types_in(label) or {label})
        for event_type in event_types_in(label):
            assert event_type.split(".")[0] in re.split(r"\s*&\s*", producers), f"{event_type} drawn from {producers}"
    for consumer, bindings in topology.items():
        expected = {"every event"} if bindings == ["#"] else set(bindings)
        assert drawn.get(consumer) == expected, f"the arrows into {consumer} do not match its queue's bindings"
    assert event_types_in(context_map) == contract_event_types()


def test_the_chapter_maps_diagram_is_this_context_map(context_map):
    """The chapter map shows the context map at a glance: the same diagram, never a second version of it."""
    chapter_map = ROOT / "README.md"
    assert context_map in re.findall(r"```mermaid\n(.*?)```", chapter_map.read_text(), re.DOTALL)

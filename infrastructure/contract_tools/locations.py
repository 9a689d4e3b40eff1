"""Where the contracts live in a checkout; every tool takes another folder too, so tests can use a copy."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository root
CONTRACTS = ROOT / "contracts"
DOCS = ROOT / "docs" / "contracts"


def events_folder(contracts: Path) -> Path:
    return contracts / "events"


def openapi_document(contracts: Path, service: str) -> Path:
    return contracts / "openapi" / f"{service}.openapi.yaml"

"""The AsyncAPI and OpenAPI documents rendered as Markdown pages a reader can follow, in docs/contracts.

The pages are generated and committed, so they can be read on any forge without tools; a test renders
them again and fails while the committed ones are out of date.

    python -m contract_tools.rendering            # write docs/contracts (make contract-docs)
    python -m contract_tools.rendering --check    # exit 1 and name the pages that are out of date
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from contract_tools.asyncapi_page import AsyncApiPage
from contract_tools.locations import CONTRACTS, DOCS
from contract_tools.openapi_page import OpenApiPage, Operation


@dataclass(frozen=True)
class ApiLink:
    service: str
    file: str
    operations: list[Operation]


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,  # Markdown, not HTML: the documents' text is shown as written
    )


def render_all(contracts: Path = CONTRACTS) -> dict[str, str]:
    """Every page, by file name, as the contracts in `contracts` make it."""
    environment = _environment()
    events = AsyncApiPage(contracts / "asyncapi.yaml")
    event_types = events.event_types()
    pages = {
        "events.md": environment.get_template("asyncapi.md.j2").render(
            info=events.document["info"],
            event_types=event_types,
            queues=events.queues(),
            messages=events.messages(),
            dead_letter_headers=events.dead_letter_headers(),
        )
    }
    apis = []
    for path in sorted((contracts / "openapi").glob("*.openapi.yaml")):
        api = OpenApiPage(path)
        file = f"{api.service}-api.md"
        operations = api.operations()
        pages[file] = environment.get_template("openapi.md.j2").render(
            service=api.service,
            source=path.relative_to(contracts.parent).as_posix(),
            info=api.document["info"],
            servers=api.document.get("servers", []),
            operations=operations,
            schemas=api.schemas(),
        )
        apis.append(ApiLink(api.service, file, operations))
    pages["README.md"] = environment.get_template("index.md.j2").render(event_types=event_types, apis=apis)
    return {name: _tidy(text) for name, text in pages.items()}


def _tidy(text: str) -> str:
    """No trailing spaces and no runs of blank lines, whatever the templates' loops left behind."""
    lines = [line.rstrip() for line in text.splitlines()]
    tidy = [line for i, line in enumerate(lines) if line or (i > 0 and lines[i - 1])]
    return "\n".join(tidy).strip() + "\n"


def out_of_date(docs: Path = DOCS, contracts: Path = CONTRACTS) -> list[str]:
    """The pages in `docs` that differ from a fresh rendering, are missing, or no longer belong."""
    fresh = render_all(contracts)
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in docs.glob("*.md")} if docs.exists() else {}
    return sorted(name for name in set(fresh) | set(on_disk) if fresh.get(name) != on_disk.get(name))


def write(docs: Path = DOCS, contracts: Path = CONTRACTS) -> list[str]:
    docs.mkdir(parents=True, exist_ok=True)
    pages = render_all(contracts)
    for stale in set(path.name for path in docs.glob("*.md")) - set(pages):
        (docs / stale).unlink()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    return sorted(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_tools.rendering", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only say which pages are out of date")
    parser.add_argument("--docs", type=Path, default=DOCS, help="where the pages go (default: %(default)s)")
    arguments = parser.parse_args(argv)
    if arguments.check:
        stale = out_of_date(arguments.docs)
        print(f"out of date: {', '.join(stale)}; run make contract-docs" if stale else "docs/contracts is up to date")
        return 1 if stale else 0
    print(f"wrote {', '.join(write(arguments.docs))} to {arguments.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""docs/contracts shows the AsyncAPI and OpenAPI documents to a reader, and shows them as they are now.

The pages are generated (`make contract-docs`, contract_tools.rendering) and committed; these tests
render them again from contracts/ and fail while a committed page differs, and check that every link
on them leads somewhere.
"""

import re

import pytest

from contract_tools.locations import DOCS
from contract_tools.rendering import out_of_date, render_all

LINK = re.compile(r"\]\(([^)\s]+)\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def test_the_committed_contract_pages_match_the_contracts():
    assert out_of_date() == [], "docs/contracts is out of date: run `make contract-docs` and commit the pages"


def test_there_is_a_page_for_the_events_and_one_for_each_http_api():
    assert set(render_all()) == {
        "README.md",
        "events.md",
        "catalog-api.md",
        "purchase-api.md",
        "sales-api.md",
        "stock-api.md",
        "dashboard-api.md",
    }


def leads_somewhere(target: str, page: str, pages: dict[str, str]) -> bool:
    file, _, anchor = target.partition("#")
    text = pages.get(file or page)
    if text is None:
        return not anchor and (DOCS / file).resolve().exists()
    return not anchor or anchor in ANCHOR.findall(text)


@pytest.mark.parametrize("page", sorted(render_all()))
def test_every_link_on_a_page_leads_to_a_file_or_heading_that_exists(page):
    pages = render_all()
    assert [target for target in LINK.findall(pages[page]) if not leads_somewhere(target, page, pages)] == []

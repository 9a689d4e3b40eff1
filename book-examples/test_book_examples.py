"""What every example promises the reader, checked across all of them, and the links of the chapter map.

An example is a folder with a README, one command to run it (run.sh; a document-only topic has none)
and a test beside it. Every relative link in those READMEs and in the README's chapter map must lead to a
file that exists, so the map cannot point at something that has moved.
"""

import os
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The chapter map is written in docs/ and merged into the top-level README; it is checked wherever it is.
CHAPTER_MAP = ROOT / "README.md"  # the chapter map is a section of the main README
EXAMPLES = sorted(path for path in HERE.iterdir() if path.is_dir() and not path.name.startswith(("_", ".")))
DOCUMENTS = {"event-storming"}  # topics told as a document with diagrams: nothing to run
MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def documents() -> list[Path]:
    return [CHAPTER_MAP, HERE / "README.md", *sorted(HERE.glob("**/README.md"))]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_has_a_readme_a_test_and_a_command_to_run_it(example):
    assert (example / "README.md").exists(), f"{example.name} has no README"
    assert list(example.glob("test_*.py")), f"{example.name} has no test beside it"
    if example.name not in DOCUMENTS:
        scripts = list(example.glob("**/run*.sh"))
        assert scripts, f"{example.name} has no run.sh"
        for script in scripts:
            assert os.access(script, os.X_OK), f"{script.relative_to(HERE)} is not executable"
            text = script.read_text()
            assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text, script


@pytest.mark.parametrize("document", documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_that_exists(document):
    for target in MARKDOWN_LINK.findall(document.read_text()):
        if not re.match(r"[a-z]+:", target):
            assert (document.parent / target).exists(), f"{document.relative_to(ROOT)} links to {target}: not found"


def test_the_chapter_map_leads_to_every_example():
    chapter_map = CHAPTER_MAP.read_text()
    for example in EXAMPLES:
        assert f"book-examples/{example.name}" in chapter_map, f"the chapter map does not mention {example.name}"

"""Every relative link of the README and docs/ resolves: the file exists, and an anchor names a heading in it
(GitHub's heading ids). Links are read by markdown-it-py, as a Markdown renderer reads them."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.conftest import ROOT

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
MARKDOWN = MarkdownIt("commonmark").enable("table")


def _tokens(page: Path) -> list[Token]:
    tokens = MARKDOWN.parse(page.read_text(encoding="utf-8"))
    return [child for token in tokens for child in [token, *(token.children or [])]]


def _github_id(heading: str) -> str:
    """The id GitHub gives a heading: lowercase, punctuation other than `-` and `_` dropped, spaces to `-`."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@cache
def _anchors(page: Path) -> frozenset[str]:
    tokens = MARKDOWN.parse(page.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    ids = set()
    for opening, inline in pairwise(tokens):
        if opening.type == "heading_open":
            text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
            base = _github_id(text)
            count = seen.get(base, 0)
            seen[base] = count + 1
            ids.add(base if count == 0 else f"{base}-{count}")
    return frozenset(ids)


def _links(page: Path) -> list[str]:
    found = []
    for token in _tokens(page):
        if token.type == "link_open":
            found.append(str(token.attrs["href"]))
        elif token.type == "image":
            found.append(str(token.attrs["src"]))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for link in _links(page):
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.exists():
            broken.append(f"{link}: no such file")
        elif parts.fragment and target.suffix == ".md" and parts.fragment not in _anchors(target):
            broken.append(f"{link}: no heading with that id in {target.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_checker_finds_a_broken_file_and_a_broken_anchor(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# A title: with `code`\n\n[ok](#a-title-with-code) [bad](#nowhere) [gone](missing.md)\n")
    assert _anchors(page) == {"a-title-with-code"}
    assert _links(page) == ["#a-title-with-code", "#nowhere", "missing.md"]


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {(ROOT / urlsplit(link).path).resolve() for link in _links(ROOT / "README.md") if link.startswith("docs/")}
    pages = {page.resolve() for page in (ROOT / "docs").glob("*.md")}
    assert pages - linked == set()

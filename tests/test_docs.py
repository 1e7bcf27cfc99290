"""The README and docs/: every relative link reaches a file (and its heading),
every file named exists, every docs page is linked from the README, and the
configuration table names exactly the variables the settings read."""

import importlib
import os
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# [text](target) and [text]: target, outside code; images too.
LINK = re.compile(
    r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|^\[[^\]]+\]:\s*(\S+)", re.M
)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
CODE = re.compile(r"`[^`\n]*`")


def prose(page: Path) -> str:
    """The page without its code blocks and code spans, where a bracket is
    not a link."""
    return CODE.sub("", FENCE.sub("", page.read_text()))


def anchors(page: Path) -> set[str]:
    """GitHub's ids for a page's headings: lower case, punctuation dropped,
    spaces to hyphens, -1, -2 ... for repeats."""
    ids, seen = set(), {}
    for heading in re.findall(
        r"^#{1,6}\s+(.+?)\s*#*$", FENCE.sub("", page.read_text()), re.M
    ):
        text = re.sub(r"[`*_]|<[^>]+>", "", heading)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        ids.add(slug if count == 0 else f"{slug}-{count}")
    return ids


def relative_links(page: Path) -> list[str]:
    targets = [a or b for a, b in LINK.findall(prose(page))]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_reaches_a_file_and_its_heading(page):
    broken = []
    for target in relative_links(page):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no such heading in {file.name}")
    assert not broken, f"{page.name}: " + "; ".join(broken)


def test_every_docs_page_is_linked_from_the_readme():
    linked = {
        (REPO / target.partition("#")[0]).resolve()
        for target in relative_links(REPO / "README.md")
    }
    unlinked = [p.name for p in PAGES[1:] if p.resolve() not in linked]
    assert not unlinked


def test_the_readme_stays_a_front_door():
    assert len((REPO / "README.md").read_text().splitlines()) < 200


def variables_read(path: Path) -> set[str]:
    """Names passed to os.getenv or to the settings' env* readers."""
    return set(
        re.findall(
            r"\b(?:getenv|env[a-z]*)\(\s*\"([A-Z][A-Z0-9_]+)\"", path.read_text()
        )
    )


def test_the_configuration_table_names_every_variable_the_settings_read():
    module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    settings_file = Path(module.__file__)
    read = variables_read(settings_file) | variables_read(REPO / "gunicorn.conf.py")
    table = (REPO / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", table, re.M))
    assert {"DATABASE_URL", "DATABASE_TRANSACTION_POOLING", "BIND"} <= read
    assert sorted(read - documented) == []  # read but not in the table
    assert sorted(documented - read) == []  # in the table but read nowhere


def named_paths(page: Path) -> list[str]:
    """Paths in code spans that start at one of the checkout's folders
    (`web/replicas.py`), leaving out patterns (`<slug>`, `vN.sql`) and
    migrations named by app and number (`providers/0011`)."""
    folders = {p.name for p in REPO.iterdir() if p.is_dir()}
    spans = re.findall(r"`([a-z_]+/[\w./-]*)`", FENCE.sub("", page.read_text()))
    return [
        path
        for path in spans
        if path.split("/")[0] in folders and not re.search(r"<|vN|^\w+/\d{4}$", path)
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_file_and_folder_named_exists(page):
    missing = [path for path in named_paths(page) if not (REPO / path).exists()]
    assert not missing

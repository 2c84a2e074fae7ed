"""Read statement files into metadata plus text blocks, one reader per format.

Markdown and text carry YAML front matter; HTML, PDF and DOCX take theirs from a sidecar file
named like the document plus ``.yaml`` (``statement.pdf.yaml``), or, for HTML, from <meta> tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .boilerplate import is_chrome, strip_chrome
from .documents import DocumentError

SUPPORTED = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph" | "footnote" | "heading"
    text: str


_FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$", re.DOTALL)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")  # an image (its alt text is not statement wording)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_TXT_FOOTNOTE = re.compile(r"^(\*+|†|‡|¹|²|³)\s+(.+)$", re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?:;)\]’”\"']$")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # -sig: a byte-order mark (Windows editors) is not text
    except UnicodeDecodeError as exc:
        raise DocumentError(path, f"unreadable: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise DocumentError(path, f"unreadable: {exc.strerror or exc}") from exc


def _split_blocks(text: str) -> list[str]:
    """Blank-line separated blocks with their lines joined by single spaces."""
    blocks = []
    for raw in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in raw.strip().splitlines() if line.strip())
        if joined:
            blocks.append(joined)
    return blocks


def _looks_like_heading(text: str) -> bool:
    """A short line with no closing punctuation is a title or heading, not policy wording."""
    return len(text.split()) <= 8 and not _SENTENCE_END.search(text.rstrip(" *"))


def _markdown_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    for text in _split_blocks(strip_chrome(_MD_COMMENT.sub("", body))):
        if text.startswith("#"):
            blocks.append(Block("heading", text.lstrip("#").strip()))
            continue
        fn = _FOOTNOTE_DEF.match(text)
        kind = "paragraph"
        if fn:
            kind, text = "footnote", fn.group(2)
        text = _FOOTNOTE_REF.sub("", text)
        text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_EM.sub(lambda m: m.group(1) or m.group(2), text)
        if re.search(r"\w", text):  # markup alone ("**", "---") is not wording
            blocks.append(Block(kind, text.strip()))
    return blocks


def _plain_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    for text in _split_blocks(strip_chrome(body)):
        fn = _TXT_FOOTNOTE.match(text)
        if fn:
            blocks.append(Block("footnote", fn.group(2).strip()))
        elif _looks_like_heading(text):
            blocks.append(Block("heading", text))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """The parser's problem and its line in the file ("mapping values are not allowed here (line 3)").

    Front matter reaches the parser with its opening "---" line, so mark lines match file lines.
    """
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} (line {mark.line + 1})" if mark is not None else str(problem)


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    raw = _read_text(path)
    try:
        post = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        raise DocumentError(path, f"invalid front matter: {_yaml_problem(exc)}") from exc
    if not post.metadata:
        raise DocumentError(path, _no_metadata_problem(raw, post.content))
    return dict(post.metadata), post.content


_FIELDS = "title, issuer, issued, url, status"


def _no_metadata_problem(raw: str, content: str) -> str:
    """Why no fields were found: none given, a block never closed, or a block that is not key: value pairs."""
    if not re.match(r"-{3,}[ \t]*\r?$", raw.split("\n", 1)[0]):
        return f"missing metadata: no YAML front matter ({_FIELDS})"
    if content.strip() == raw.strip():  # the parser found no closing line and kept everything as body
        return "invalid front matter: the opening '---' line has no closing '---' line"
    return f"invalid front matter: expected key: value fields ({_FIELDS})"


def _sidecar(path: Path) -> dict[str, Any]:
    side = path.with_name(path.name + ".yaml")
    if not side.exists():
        return {}
    try:
        data = yaml.safe_load(_read_text(side))
    except yaml.YAMLError as exc:
        raise DocumentError(path, f"invalid metadata in {side.name}: {_yaml_problem(exc)}") from exc
    if not isinstance(data, dict):
        raise DocumentError(path, f"invalid metadata in {side.name}: expected a mapping of fields")
    return data


def _load_markdown(path: Path) -> tuple[dict[str, Any], list[Block]]:
    meta, body = _front_matter(path)
    return meta, _markdown_blocks(body)


def _load_text(path: Path) -> tuple[dict[str, Any], list[Block]]:
    meta, body = _front_matter(path)
    return meta, _plain_blocks(body)


_BR = "\u2028"  # stands in for <br> while HTML text is gathered
_HTML_TEXT_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "dt", "dd", "caption",
                               "figcaption", "pre"})
_HTML_CONTAINERS = frozenset({"html", "body", "main", "article", "section", "div", "center", "ul", "ol", "dl",
                              "table", "thead", "tbody", "tfoot", "tr", "td", "th", "figure", "details", "hr"})


def _clean_inline(raw: str) -> str:
    """One paragraph of inline HTML text: <br>-separated lines that are chrome dropped, spaces collapsed."""
    lines = [" ".join(part.split()) for part in raw.split(_BR)]
    return " ".join(line for line in lines if line and not is_chrome(line))


def _html_blocks(root: Any) -> list[Block]:
    """Blocks in document order: text elements (<p>, <li>, headings) and text written straight into
    containers (<div>Text<br><br>More</div>, as website builders do), which would otherwise be lost."""
    from bs4 import NavigableString, Tag

    blocks: list[Block] = []

    def classes(el: Tag) -> str:
        own = " ".join(el.get("class") or [])
        return (own + " " + " ".join(c for p in el.parents for c in (p.get("class") or []) if isinstance(c, str))).lower()

    def add(text: str, el: Tag, heading: bool) -> None:
        if not text:
            return
        if heading:
            blocks.append(Block("heading", text))
        elif "footnote" in classes(el):
            blocks.append(Block("footnote", _TXT_FOOTNOTE.sub(r"\2", text)))
        else:
            blocks.append(Block("paragraph", text))

    def flush(run: list[str], container: Tag) -> None:
        # No separator between inline pieces: "<em>year</em>." stays "year." so quotes stay verbatim.
        for part in re.split(rf"{_BR}\s*{_BR}", "".join(run)):
            text = _clean_inline(part)
            add(text, container, heading=_looks_like_heading(text))
        run.clear()

    def walk(container: Tag) -> None:
        run: list[str] = []
        for child in container.children:
            if isinstance(child, Tag) and child.name in _HTML_TEXT_BLOCKS:
                flush(run, container)
                add(_clean_inline(child.get_text()), child, heading=child.name[0] == "h" and child.name[1:].isdigit())
            elif isinstance(child, Tag) and child.name in _HTML_CONTAINERS:
                flush(run, container)
                walk(child)
            elif isinstance(child, Tag):
                run.append(child.get_text())  # inline markup: <a>, <em>, <span>, ...
            elif type(child) is NavigableString:  # not comments, doctypes or CDATA
                run.append(str(child))
        flush(run, container)

    walk(root)
    return blocks


def _load_html(path: Path) -> tuple[dict[str, Any], list[Block]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "lxml")
    meta: dict[str, Any] = {}
    for tag in soup.find_all("meta"):
        name, content = tag.get("name") or tag.get("property"), tag.get("content")
        if name and content:
            meta[str(name).removeprefix("og:").removeprefix("dc.")] = content
    if soup.title and soup.title.string and "title" not in meta:
        meta["title"] = soup.title.string.strip()
    meta.update(_sidecar(path))
    for junk in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "head"]):
        junk.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BR)
    return meta, _html_blocks(soup.body or soup)


def _load_pdf(path: Path) -> tuple[dict[str, Any], list[Block]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        # Layout mode keeps the vertical gaps between paragraphs as blank lines; plain mode runs
        # every paragraph of a page into one block.
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise DocumentError(path, f"unreadable: not a valid PDF ({exc})") from exc
    meta: dict[str, Any] = {"title": str(title)} if title else {}
    meta.update(_sidecar(path))
    return meta, _join_pages([_plain_blocks(text) for text in _drop_page_furniture(pages)])


_PAGE_NUMBER = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)


def _drop_page_furniture(pages: list[str]) -> list[str]:
    """Remove page numbers and running headers/footers: short lines repeated on several pages
    (digits ignored, so "Page 1" and "Page 2" count as the same line)."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split())).lower()

    seen_on: dict[str, int] = {}
    for text in pages:
        for k in {key(line) for line in text.splitlines() if 0 < len(line.split()) <= 12}:
            seen_on[k] = seen_on.get(k, 0) + 1
    repeated = {k for k, n in seen_on.items() if n >= 2}
    return [
        "\n".join(line for line in text.splitlines()
                  if not _PAGE_NUMBER.match(line.strip()) and key(line) not in repeated)
        for text in pages
    ]


def _join_pages(pages: list[list[Block]]) -> list[Block]:
    """One block list; a paragraph cut by a page break (no closing punctuation) continues on the next page."""
    blocks: list[Block] = []
    for page in pages:
        if (page and blocks and blocks[-1].kind == "paragraph" and page[0].kind != "footnote"
                and not _SENTENCE_END.search(blocks[-1].text)):
            blocks[-1] = Block("paragraph", f"{blocks[-1].text} {page[0].text}")
            page = page[1:]
        blocks.extend(page)
    return blocks


def _docx_paragraphs(container: Any) -> Iterator[Any]:
    """Body paragraphs in order, including those inside tables (document.paragraphs skips them)."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            seen: dict[int, Any] = {}  # holds the elements, so their ids are not reused while we look
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                        seen[id(cell._tc)] = cell._tc
                        yield from _docx_paragraphs(cell)
        else:
            yield item


def _load_docx(path: Path) -> tuple[dict[str, Any], list[Block]]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(path, f"unreadable: not a valid .docx ({exc})") from exc
    meta = {k: v for k, v in {"title": document.core_properties.title}.items() if v}
    meta.update(_sidecar(path))
    blocks: list[Block] = []
    for para in _docx_paragraphs(document):
        text = " ".join(para.text.split())
        if not text or not strip_chrome(text).strip():
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith(("heading", "title")):
            blocks.append(Block("heading", text))
        elif "footnote" in style or _TXT_FOOTNOTE.match(text):
            blocks.append(Block("footnote", _TXT_FOOTNOTE.sub(r"\2", text)))
        else:
            blocks.append(Block("paragraph", text))
    return meta, blocks


_READERS: dict[str, Callable[[Path], tuple[dict[str, Any], list[Block]]]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}


def read_file(path: Path) -> tuple[dict[str, Any], list[Block]]:
    """Metadata and blocks of one file; raises DocumentError naming the file on any problem."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(path, f"unsupported file type {path.suffix!r}; use one of {', '.join(SUPPORTED)}")
    return reader(path)

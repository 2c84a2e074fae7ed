"""Every supported format read from real files; chrome stripped; bad files give one clear error.

One mixed corpus (Markdown, the raw website text, HTML, PDF, DOCX and a set of broken files) is
built into a real index once for the module, and each test checks one promise against it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.boilerplate import is_chrome, strip_chrome
from assistant.corpus import load_corpus, load_document
from assistant.documents import DocumentError
from assistant.indexer import IndexReport, build_dir, build_index, read_manifest
from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings
from assistant.text import content_stems
from conftest import CORPUS_DIR, SEED_CHROME_LINES, SEED_CHROME_PHRASES

META_YAML = "issuer: Test Accreditation Board\nissued: 2022-03\nurl: https://example.org/statements/{slug}/\nstatus: current\n"

HTML_PARAS = [
    "The Board supports placements in community clinics where a qualified practitioner is present for every list.",
    "The Board will not approve placements that rely on tele-sonography for trainees in their first year.",
]
HTML_FOOTNOTE = "Tele-sonography definition: the remote supervision of a trainee by a practitioner watching a live video link."
PDF_PARAS = [
    "Assessment of clinical competence must take place in the workplace, observed by an assessor who holds a "
    "recognised qualification and who has not acted as the trainee's mentor during the placement period.",
    "Providers must keep a record of each assessment for at least six years after the award is made.",
]
PDF_FOOTNOTE = "Assessor means a practitioner approved by the provider to judge competence."
DOCX_PARAS = [
    "Programmes that teach focused skills must state the scope of practice on every certificate they issue.",
    "A focused award does not qualify the holder to report examinations outside that scope.",
]
DOCX_FOOTNOTE = "Focused award: a qualification in one area of ultrasound practice."


def write_html(folder: Path) -> Path:
    path = folder / "remote-supervision.html"
    path.write_text(
        f"""<!doctype html>
<html><head><title>Remote Supervision</title>
<meta name="issuer" content="Test Accreditation Board"><meta name="issued" content="2022-03">
<meta name="url" content="https://example.org/statements/remote-supervision/"><meta name="status" content="current">
<script>var banner = "Subscribe to our newsletter";</script><style>p {{ color: #333 }}</style></head>
<body>
<header><div class="logo">The Board</div><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About the Board</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
<main><h1>Remote Supervision</h1>
<p>{HTML_PARAS[0]}</p>
<p>The Board will not approve placements that rely on <a href="#fn1">tele-sonography</a> for trainees in their <em>first year</em>.</p>
<div class="footnotes"><p>* {HTML_FOOTNOTE}</p></div>
</main>
<footer><p>Header photographs supplied courtesy of Example Imaging Ltd.</p><p>Created with IONOS WebsiteBuilder</p>
<p>Print | Sitemap</p></footer>
<script>console.log("analytics loaded")</script>
</body></html>""",
        encoding="utf-8",
    )
    return path


def write_pdf(folder: Path, slug: str = "workplace-assessment") -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Workplace Assessment")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 8, "Workplace Assessment", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", size=11)
    for text in [*PDF_PARAS, "Contact us", f"* {PDF_FOOTNOTE}"]:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    path = folder / f"{slug}.pdf"
    pdf.output(str(path))
    (folder / f"{slug}.pdf.yaml").write_text(META_YAML.format(slug=slug), encoding="utf-8")
    return path


def write_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Focused Awards"
    document.add_heading("Focused Awards", level=1)
    document.add_paragraph(DOCX_PARAS[0])
    document.add_paragraph("Contact us")
    document.add_paragraph(DOCX_PARAS[1])
    document.add_paragraph(f"* {DOCX_FOOTNOTE}")
    path = folder / "focused-awards.docx"
    document.save(str(path))
    (folder / "focused-awards.docx.yaml").write_text(META_YAML.format(slug="focused-awards"), encoding="utf-8")
    return path


def write_seed_txt(folder: Path, seed_raw: str) -> Path:
    front = (
        "---\ntitle: Social Scanning (as copied from the website)\nissuer: CASE\nissued: 2021-05\n"
        "url: https://www.case-uk.org/information/position-statements/social-scanning/\nstatus: current\n---\n"
    )
    path = folder / "seed-copy.txt"
    path.write_text(front + seed_raw, encoding="utf-8")
    return path


GOOD_FRONT = "---\ntitle: T\nissuer: I\nissued: 2020-01\nurl: https://example.org/t/\nstatus: current\n---\n"

# file name -> (bytes or text, the words the error must contain)
BROKEN: dict[str, tuple[bytes | str, str]] = {
    "no-front-matter.md": ("A statement body with no metadata at all.\n", "missing metadata"),
    "missing-fields.md": ("---\ntitle: Only a title\n---\nSome body text here.\n", "missing metadata: issuer, issued, url"),
    "bad-date.md": (GOOD_FRONT.replace("2020-01", "May 2021") + "Body text.\n", "invalid metadata: issued"),
    "bad-url.md": (GOOD_FRONT.replace("https://example.org/t/", "not a url") + "Body text.\n", "invalid metadata: url"),
    "bad-status.md": (GOOD_FRONT.replace("current", "draft") + "Body text.\n", "invalid metadata: status"),
    "bad-yaml.md": ("---\ntitle: [unclosed\nissuer: x\n---\nBody text.\n", "invalid front matter"),
    "bad-utf8.txt": (GOOD_FRONT.encode() + b"Caf\xe9 au lait \xff\xfe is not UTF-8.\n", "not UTF-8"),
    "corrupt.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without an end", "not a valid PDF"),
    "corrupt.docx": (b"PK\x03\x04 this is not really a zip archive", "not a valid .docx"),
    "no-body.md": (GOOD_FRONT + "\n# Only a heading\n", "no paragraphs of text"),
}


def write_broken(folder: Path) -> None:
    for name, (content, _) in BROKEN.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        if path.suffix in {".pdf", ".docx"}:  # metadata is fine: the content is the problem
            (folder / f"{name}.yaml").write_text(META_YAML.format(slug=path.stem), encoding="utf-8")
    # a readable PDF whose sidecar metadata is not YAML
    write_pdf(folder, "bad-sidecar")
    (folder / "bad-sidecar.pdf.yaml").write_text("issuer: [unclosed\nissued: 2022-01\n", encoding="utf-8")


@dataclass
class Mixed:
    settings: Settings
    report: IndexReport
    kb: KnowledgeBase


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, seed_raw: str, settings_for) -> Mixed:
    root = tmp_path_factory.mktemp("mixed")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS_DIR / "social-scanning-2021.md", corpus)
    write_seed_txt(corpus, seed_raw)
    write_html(corpus)
    write_pdf(corpus)
    write_docx(corpus)
    write_broken(corpus)
    settings = settings_for(corpus, root / "index")
    report = build_index(settings, progress=False)
    return Mixed(settings, report, KnowledgeBase(settings))


def _texts(kb: KnowledgeBase, slug: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in kb.passages.values() if p.doc == slug]


@pytest.mark.slow
def test_markdown_passages(mixed: Mixed) -> None:
    texts = _texts(mixed.kb, "social-scanning-2021")
    assert [k for k, _ in texts] == ["paragraph"] * 4 + ["footnote"]
    assert texts[0][1].startswith("Issues around ‘social scanning’ have been raised")
    assert "[^1]" not in " ".join(t for _, t in texts)


@pytest.mark.slow
def test_raw_website_text_gives_the_same_passages_as_the_clean_markdown(mixed: Mixed) -> None:
    assert _texts(mixed.kb, "seed-copy") == _texts(mixed.kb, "social-scanning-2021")
    assert mixed.kb.documents["seed-copy"].title == "Social Scanning (as copied from the website)"


@pytest.mark.slow
def test_html_passages_keep_the_content_and_drop_the_chrome(mixed: Mixed) -> None:
    texts = _texts(mixed.kb, "remote-supervision")
    assert texts == [("paragraph", HTML_PARAS[0]), ("paragraph", HTML_PARAS[1]), ("footnote", HTML_FOOTNOTE)]
    info = mixed.kb.documents["remote-supervision"]
    assert (info.title, info.issued, info.url) == (
        "Remote Supervision", "2022-03", "https://example.org/statements/remote-supervision/")


@pytest.mark.slow
def test_pdf_passages_are_the_paragraphs(mixed: Mixed) -> None:
    assert _texts(mixed.kb, "workplace-assessment") == [
        ("paragraph", PDF_PARAS[0]), ("paragraph", PDF_PARAS[1]), ("footnote", PDF_FOOTNOTE)]
    assert mixed.kb.documents["workplace-assessment"].title == "Workplace Assessment"


@pytest.mark.slow
def test_docx_passages_are_the_paragraphs(mixed: Mixed) -> None:
    assert _texts(mixed.kb, "focused-awards") == [
        ("paragraph", DOCX_PARAS[0]), ("paragraph", DOCX_PARAS[1]), ("footnote", DOCX_FOOTNOTE)]
    assert mixed.kb.documents["focused-awards"].title == "Focused Awards"


CHROME_IN_FIXTURES = (*SEED_CHROME_PHRASES, "Example Imaging", "About the Board", "Subscribe to our newsletter",
                      "analytics loaded", "Home")


@pytest.mark.slow
def test_chrome_never_reaches_passages_jsonl(mixed: Mixed) -> None:
    raw = (build_dir(mixed.settings, mixed.report.build_id) / "passages.jsonl").read_text(encoding="utf-8").lower()
    rows = [json.loads(line) for line in raw.splitlines()]
    assert len(rows) == len(mixed.kb.passages) == 5 + 5 + 3 + 3 + 3
    for phrase in CHROME_IN_FIXTURES:
        assert phrase.lower() not in raw, phrase


@pytest.mark.slow
def test_chrome_never_reaches_the_chroma_collection(mixed: Mixed) -> None:
    """Every stored vector was made from an indexed text (the collection keeps no text of its own)."""
    got = mixed.kb.collection.get(include=[])
    assert sorted(got["ids"]) == sorted(mixed.kb.passages)
    everything = "\n".join(mixed.kb.indexed_text[pid] for pid in got["ids"]).lower()
    for phrase in CHROME_IN_FIXTURES:
        assert phrase.lower() not in everything, phrase


@pytest.mark.slow
def test_chrome_never_reaches_the_lexical_index(mixed: Mixed) -> None:
    wording = " ".join(p.text for p in mixed.kb.passages.values())
    chrome_stems = set(content_stems(" ".join(CHROME_IN_FIXTURES))) - set(content_stems(wording))
    assert set(content_stems("Healthcare IONOS WebsiteBuilder Sitemap photographs")) <= chrome_stems
    assert not chrome_stems & set(mixed.kb.lexical.df), chrome_stems & set(mixed.kb.lexical.df)
    assert not mixed.kb.lexical.search(sorted(chrome_stems), k=5)


@pytest.mark.slow
def test_each_bad_file_gets_one_clear_error_and_the_rest_still_index(mixed: Mixed) -> None:
    errors = mixed.report.errors
    expected = {**{name: problem for name, (_, problem) in BROKEN.items()}, "bad-sidecar.pdf": "invalid metadata in bad-sidecar.pdf.yaml"}
    for name, problem in expected.items():
        mine = [e for e in errors if f"/{name}:" in e]
        assert len(mine) == 1, (name, errors)
        assert problem in mine[0], mine[0]
        assert "\n" not in mine[0] and "Traceback" not in mine[0]
    assert len(errors) == len(expected)
    assert sorted(mixed.kb.documents) == [
        "focused-awards", "remote-supervision", "seed-copy", "social-scanning-2021", "workplace-assessment"]
    assert mixed.report.documents == 5
    # the summary the CLI prints names every failure
    for name in expected:
        assert name in mixed.report.summary()


def test_invalid_yaml_error_says_what_and_where(tmp_path: Path) -> None:
    path = tmp_path / "colon.md"
    path.write_text("---\ntitle: ok\nissuer: Board: Ultrasound\nissued: 2020-01\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value) == f"{path}: invalid front matter: mapping values are not allowed in this context (line 3)"


@pytest.mark.slow
def test_failed_files_do_not_make_the_index_stale(mixed: Mixed) -> None:
    from assistant.indexer import is_stale

    assert not is_stale(mixed.settings)
    manifest = read_manifest(mixed.settings)
    assert set(Path(p).name for p in manifest["failed"]) == set(BROKEN) | {"bad-sidecar.pdf"}


def test_unsupported_extension_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.rtf"
    path.write_text("{\\rtf1 hello}", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"notes\.rtf: unsupported file type '\.rtf'"):
        load_document(path)


def test_load_corpus_never_raises_on_a_folder_of_broken_files(tmp_path: Path) -> None:
    write_broken(tmp_path)
    loaded = load_corpus(tmp_path)
    assert loaded.documents == []
    assert len(loaded.errors) == len(BROKEN) + 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "missing metadata: no YAML front matter"),
        ("---\n- title\n- issuer\n---\nBody text.\n", "invalid front matter: expected key: value fields"),
        ("---\ntitle: T\nissuer: I\nBody text but the block never closes.\n",
         "invalid front matter: the opening '---' line has no closing '---' line"),
        ("---\ntitle: 12\nissuer: I\nissued: 2021-05\nurl: https://example.org/\n---\nBody text.\n", "invalid metadata: title"),
    ],
)
def test_front_matter_problems_are_named(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "statement.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert str(caught.value).startswith(f"{path}: {problem}")


def test_a_byte_order_mark_does_not_hide_the_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "saved-by-notepad.md"
    path.write_bytes(b"\xef\xbb\xbf" + (GOOD_FRONT + "\nBody text saved with a byte-order mark.\n").encode())
    doc = load_document(path)
    assert doc.meta.title == "T"
    assert [p.text for p in doc.passages] == ["Body text saved with a byte-order mark."]


@pytest.mark.parametrize(
    "line",
    [
        *SEED_CHROME_LINES,
        "Photo by Jane Smith",
        "Images courtesy of Example Imaging Ltd",
        "© 2024 The Board. All rights reserved.",
        "Copyright 2023 Example Trust",
        "Cookie policy | Privacy",
        "Follow us on LinkedIn",
        "Created with Wix",
        "Home | About | Contact",
    ],
)
def test_chrome_lines_are_recognised(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Photographs provided by patients, such as souvenir images from earlier scans, must never be used as teaching "
        "material unless the patient has given written consent for that purpose.",
        "Photos by patients must not be used in teaching.",
        "Copyright in teaching materials stays with the provider.",
        "Providers must publish a cookie policy for any online learning platform that records trainees' activity.",
        "Home visits by trainees are not part of an accredited placement.",
        "Contact us before you apply if your course is focused.",
    ],
)
def test_statement_wording_that_mentions_chrome_words_is_kept(line: str) -> None:
    assert not is_chrome(line)
    assert strip_chrome(f"Contact us\n{line}\nPrint | Sitemap") == line


def test_html_text_outside_paragraph_tags_is_kept_in_order(tmp_path: Path) -> None:
    """Site builders write text straight into <div>s and separate paragraphs with <br><br>."""
    path = tmp_path / "site-builder.html"
    path.write_text(
        """<html><head><title>Site Builder Page</title><meta name="issuer" content="Test Accreditation Board">
<meta name="issued" content="2020-07"><meta name="url" content="https://example.org/s/"></head><body>
<div class="module-text"><div>Issued July 2020</div><div>The first paragraph sits straight inside a div, as the
site builder wrote it.<br><br>The second paragraph follows a double line break and has <strong>bold</strong> words.</div>
<!-- a comment that is not text -->
<p>A real paragraph tag comes third.<br>Contact us<br></p>
<div>Text before a list.<ul><li>List item one is a rule of its own.</li><li>List item two is another.</li></ul>Text after the list.</div>
<table><tr><td>A table cell holds the last paragraph of the statement.</td></tr></table>
<div class="footnotes">* Builder definition: a tool that writes web pages without code.</div></div>
<p>Print | Sitemap<br>Header photographs supplied courtesy of GE Healthcare.</p>
</body></html>""",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert [(p.kind, p.text) for p in doc.passages] == [
        ("paragraph", "The first paragraph sits straight inside a div, as the site builder wrote it."),
        ("paragraph", "The second paragraph follows a double line break and has bold words."),
        ("paragraph", "A real paragraph tag comes third."),
        ("paragraph", "Text before a list."),
        ("paragraph", "List item one is a rule of its own."),
        ("paragraph", "List item two is another."),
        ("paragraph", "Text after the list."),
        ("paragraph", "A table cell holds the last paragraph of the statement."),
        ("footnote", "Builder definition: a tool that writes web pages without code."),
    ]


def test_docx_tables_are_read_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The paragraph before the table sets the scene for the rules below.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Rule one sits in the first cell of the table."
    table.cell(0, 1).text = "Rule two sits in the second cell."
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "A merged cell holds rule three, once."
    document.add_paragraph("The paragraph after the table closes the statement.")
    path = tmp_path / "tabled.docx"
    document.save(str(path))
    (tmp_path / "tabled.docx.yaml").write_text("title: Tabled\n" + META_YAML.format(slug="tabled"), encoding="utf-8")
    assert [p.text for p in load_document(path).passages] == [
        "The paragraph before the table sets the scene for the rules below.",
        "Rule one sits in the first cell of the table.",
        "Rule two sits in the second cell.",
        "A merged cell holds rule three, once.",
        "The paragraph after the table closes the statement.",
    ]


def test_two_files_with_the_same_id_one_clear_error(tmp_path: Path, write_statement) -> None:
    write_statement(tmp_path, "remote-supervision", ["The Markdown version of the statement is here."])
    write_html(tmp_path)  # remote-supervision.html: the same document id
    loaded = load_corpus(tmp_path)
    assert [d.path.name for d in loaded.documents] == ["remote-supervision.html"]
    assert [str(e) for e in loaded.errors] == [
        f"{tmp_path / 'remote-supervision.md'}: duplicate document id 'remote-supervision' (also remote-supervision.html)"]


def test_markdown_markup_is_removed_and_words_kept(tmp_path: Path, write_statement) -> None:
    path = write_statement(tmp_path, "markup", [
        "<!-- copied from the website in 2021; check against the PDF -->",
        "![Header photograph of a scanner](header.jpg)",
        "Trainees *must* be supervised, _always_, by a **qualified** practitioner (see the [guidance](https://example.org/g)).",
        "Record snake_case_ids and 2 * 3 = 6 exactly as written.",
    ])
    assert [p.text for p in load_document(path).passages] == [
        "Trainees must be supervised, always, by a qualified practitioner (see the guidance).",
        "Record snake_case_ids and 2 * 3 = 6 exactly as written.",
    ]


def test_pdf_paragraph_across_a_page_break_is_one_passage(tmp_path: Path) -> None:
    from fpdf import FPDF

    class Numbered(FPDF):
        def footer(self) -> None:  # page furniture: a running title and a page number on every page
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Workplace Assessment    Page {self.page_no()}", align="C")

    long_para = " ".join(f"Sentence {i} of the long paragraph explains one more duty of the assessor." for i in range(60))
    pdf = Numbered()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, PDF_PARAS[1], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 6, long_para, new_x="LMARGIN", new_y="NEXT")  # runs onto page 2
    pdf.ln(6)
    pdf.multi_cell(0, 6, PDF_PARAS[0], new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "two-pages.pdf"
    pdf.output(str(path))
    (tmp_path / "two-pages.pdf.yaml").write_text("title: Two Pages\n" + META_YAML.format(slug="two-pages"), encoding="utf-8")

    from pypdf import PdfReader

    assert len(PdfReader(str(path)).pages) == 2
    assert [p.text for p in load_document(path).passages] == [PDF_PARAS[1], long_para, PDF_PARAS[0]]

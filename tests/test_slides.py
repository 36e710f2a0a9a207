"""Tests of the slide decks: build_tools/make_slides.py and build_tools/slides_link.py."""

import base64
import importlib.util
import io
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import nbformat
import pytest
import yaml
from docutils import nodes
from docutils.core import publish_doctree

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "build_tools"
sys.path.insert(0, str(TOOLS))  # make_slides imports slides_link as Sphinx does


def _load(name):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slides_link = _load("slides_link")
make_slides = _load("make_slides")
check_offline = _load("check_offline")

CHAPTERS = slides_link.read_chapter_pages(ROOT)


def _png():
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _glue_output(name, value):
    return nbformat.v4.new_output(
        "display_data", data={"application/papermill.record/text/plain": repr(value)},
        metadata={"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}})


def small_chapter():
    """An executed chapter in miniature: objectives, a math cell and a figure, tagged."""
    cells = [
        nbformat.v4.new_markdown_cell(
            "(ch-small)=\n# A small chapter\n\nIntro.\n\n:::{admonition} Objectives\n"
            ":class: tip\n- Compute the {term}`prevalence`.\n- Read a figure.\n:::\n\n"
            "## Scores\n\nUntagged text."),
        nbformat.v4.new_markdown_cell(
            "The share is {glue:text}`share:.1%` {footcite:p}`elkan_2001`:\n\n"
            "$$\nF_1 = \\frac{2\\,TP}{2\\,TP + FP + FN}\n$$",
            metadata={"tags": ["slide"]}),
        nbformat.v4.new_code_cell("glue('share', 0.25, display=False)",
                                  outputs=[_glue_output("share", 0.25)]),
        nbformat.v4.new_code_cell(
            "plt.plot()", metadata={"tags": ["hide-input", "slide"], "mystnb": {
                "figure": {"caption": "A line, as {numref}`fig-x` shows.", "name": "fig-x"},
                "image": {"alt": "A rising straight line."}}},
            outputs=[nbformat.v4.new_output("display_data", data={"image/png": _png()})]),
        nbformat.v4.new_markdown_cell(
            "## Key takeaways\n\n- One.\n- Two, on\n  two lines.\n- Three.\n- Four.\n\n"
            "## Exercises\n\n- Not a takeaway."),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def test_chapters_come_from_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    assert CHAPTERS == slides_link.chapter_pages(toc)
    assert len(CHAPTERS) >= 8
    assert all(page.startswith("chapters/") for page in CHAPTERS)
    assert "book/teaching_guide" not in CHAPTERS


def test_chapter_pages_rejects_what_is_not_a_toc():
    with pytest.raises(TypeError, match="toc"):
        slides_link.chapter_pages(["chapters/01_accuracy_trap"])


def test_every_chapter_tags_a_figure_for_its_deck():
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    for page in CHAPTERS:
        notebook = read_myst_markdown_notebook((ROOT / f"{page}.md").read_text(),
                                               config=MdParserConfig(), path=page)
        tagged = [cell for cell in notebook.cells
                  if make_slides.SLIDE_TAG in cell.metadata.get("tags", [])]
        assert any(cell.cell_type == "code" and "figure" in cell.metadata.get("mystnb", {})
                   for cell in tagged), f"{page} tags no figure cell for its deck"


def test_deck_holds_title_objectives_math_figure_and_takeaways(tmp_path):
    markdown, shown = make_slides.deck_markdown(small_chapter(), "09_small", tmp_path, {})
    assert shown == 2
    assert markdown.startswith("---\norphan: true\n---\n\n# A small chapter\n")
    assert "- Compute the prevalence." in markdown
    assert "The share is 25.0%:" in markdown  # glued and formatted; citation dropped
    assert "$$\nF_1 = " in markdown
    assert "## Scores" in markdown  # the tagged cell's section heading
    assert ":alt: A rising straight line." in markdown
    assert "A line, as the figure shows." in markdown
    assert (tmp_path / "09_small" / "cell3_0.png").is_file()
    assert "## Key takeaways (1 of 2)" in markdown and "- Two, on two lines." in markdown
    assert "Not a takeaway" not in markdown
    assert "{" not in markdown.replace("{figure}", "").replace("{container}", "").replace(
        "\\frac{2\\,TP}{2\\,TP + FP + FN}", "")


def test_a_tagged_code_cell_without_a_figure_is_an_error(tmp_path):
    notebook = small_chapter()
    notebook.cells[3].outputs = []
    with pytest.raises(ValueError, match="displayed no figure"):
        make_slides.deck_markdown(notebook, "09_small", tmp_path, {})


def test_a_missing_glued_value_is_an_error():
    with pytest.raises(KeyError, match="absent"):
        make_slides.plain_roles("{glue:text}`absent:.2f`", {})


@pytest.fixture(scope="module")
def small_deck(tmp_path_factory):
    """A deck rendered by reveal.js from the small chapter, and the site around it."""
    source = tmp_path_factory.mktemp("source")
    output = tmp_path_factory.mktemp("site") / "slides"
    markdown, _ = make_slides.deck_markdown(small_chapter(), "09_small", source, {})
    (source / "09_small.md").write_text(markdown)
    (source / "index.md").write_text(make_slides.index_markdown("Course", [("09_small", "A")]))
    make_slides.write_conf(source, "Course")
    # In a process of its own: a Sphinx build with myst-nb earlier in this process (the
    # quiz tests) leaves ".md" mapped to a parser the decks' build does not load.
    doctrees = tmp_path_factory.mktemp("doctrees")
    render = (f"import sys; sys.path.insert(0, {str(TOOLS)!r}); import make_slides; "
              f"sys.exit(make_slides.render({str(source)!r}, {str(output)!r}, {str(doctrees)!r}))")
    done = subprocess.run([sys.executable, "-c", render], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return output


def test_rendered_deck_has_math_a_figure_and_its_slides(small_deck):
    html = (small_deck / "09_small.html").read_text()
    assert html.count("<section") >= 5  # title, math, figure, two takeaway slides
    assert 'class="math' in html and "F_1" in html
    assert "_static/mathjax/tex-chtml.js" in html
    assert (small_deck / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert '<img alt="A rising straight line."' in html
    assert "reveal.js" in html and (small_deck / "_static" / "revealjs" / "dist").is_dir()
    assert re.search(r'<html\s+lang="en"', html)


def test_rendered_decks_load_nothing_from_outside(small_deck):
    (small_deck.parent / "index.html").write_text("<html></html>")
    site = small_deck.parent
    problems = [p for page in small_deck.glob("*.html")
                for p in check_offline.page_problems(page, site)]
    problems += [p for sheet in small_deck.rglob("*.css")
                 for p in check_offline.stylesheet_problems(sheet, site)]
    assert problems == []


def test_deck_uri_is_relative_to_the_chapter_page():
    assert slides_link.deck_uri("chapters/01_accuracy_trap") == "../slides/01_accuracy_trap.html"


def _read(docname, chapters, text="Title\n=====\n\nA paragraph.\n"):
    doctree = publish_doctree(text)
    app = SimpleNamespace(env=SimpleNamespace(docname=docname, slides_chapters=set(chapters)))
    slides_link.add_slides_link(app, doctree)
    return doctree


def test_link_extension_puts_the_link_under_a_chapter_title():
    doctree = _read("chapters/01_accuracy_trap", CHAPTERS,
                    "Title\n=====\n\nA paragraph.\n\nSection\n-------\n\nMore.\n")
    section = doctree.next_node(nodes.section)
    link = section[1]
    assert "slides-link" in link["classes"]
    reference = link.next_node(nodes.reference)
    assert reference["refuri"] == "../slides/01_accuracy_trap.html"
    assert reference.astext() == slides_link.LINK_TEXT
    assert len(list(doctree.findall(nodes.reference))) == 1


def test_link_extension_leaves_other_pages_alone():
    doctree = _read("book/teaching_guide", CHAPTERS)
    assert not list(doctree.findall(nodes.reference))


def test_link_extension_is_configured():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "slides_link" in config["sphinx"]["local_extensions"]


def test_a_deck_page_has_one_top_level_main_landmark():
    page = '<body>\n<div class="reveal">\n<div class="slides" role="main">x</div></div>\n</body>'
    marked = make_slides.with_landmark(page)
    assert 'role="main"' not in marked
    assert marked.count("<main>") == 1 and marked.index("<main>") < marked.index('class="reveal"')
    assert marked.index("</main>") < marked.index("</body>")

"""Sphinx extension: a "Slides" link at the top of each chapter page.

Every chapter of ``_toc.yml`` (a page of a part whose file is in ``chapters/``) has a
reveal.js deck, built by ``build_tools/make_slides.py`` into the site's ``slides/``
folder under the chapter's own name. This extension puts a link to that deck under
the chapter's title, so a new chapter gets its link with no list to edit.
"""

from pathlib import Path, PurePosixPath

import yaml
from docutils import nodes

#: The folder of the built site that holds the decks.
SLIDES_FOLDER = "slides"
#: The text of the link on each chapter page.
LINK_TEXT = "Slides for this chapter"


def chapter_pages(toc):
    """Return the chapters of a table of contents, in reading order.

    Parameters
    ----------
    toc : dict
        A Jupyter Book ``_toc.yml``, as loaded by ``yaml.safe_load``.

    Returns
    -------
    list of str
        The docnames (``chapters/01_accuracy_trap``) of the parts' entries whose
        file is in the ``chapters/`` folder; their sections (exercises) are not
        chapters.

    Raises
    ------
    TypeError
        If ``toc`` is not a mapping.
    """
    if not isinstance(toc, dict):
        raise TypeError(f"toc must be a mapping (a loaded _toc.yml), not {type(toc).__name__}")
    entries = [entry for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    entries += toc.get("chapters", [])
    pages = []
    for entry in entries:
        name = str(PurePosixPath(entry.get("file", "")).with_suffix(""))
        if name.startswith("chapters/"):
            pages.append(name)
    return pages


def read_chapter_pages(root):
    """The chapters of the ``_toc.yml`` in ``root`` (see :func:`chapter_pages`).

    Parameters
    ----------
    root : str or pathlib.Path
        The folder holding ``_toc.yml``.

    Returns
    -------
    list of str
        The chapters' docnames, in reading order.

    Raises
    ------
    FileNotFoundError
        If ``root`` holds no ``_toc.yml``.
    """
    toc_path = Path(root) / "_toc.yml"
    if not toc_path.is_file():
        raise FileNotFoundError(f"root has no _toc.yml: {toc_path}")
    return chapter_pages(yaml.safe_load(toc_path.read_text(encoding="utf8")))


def deck_uri(docname):
    """The address of a chapter's deck, relative to the chapter's own page.

    Parameters
    ----------
    docname : str
        The chapter's docname, e.g. ``chapters/01_accuracy_trap``.

    Returns
    -------
    str
        For instance ``../slides/01_accuracy_trap.html``.
    """
    depth = docname.count("/")
    return "../" * depth + f"{SLIDES_FOLDER}/{PurePosixPath(docname).name}.html"


def add_slides_link(app, doctree):
    """Put the link to the deck under the title of a chapter page.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.
    doctree : docutils.nodes.document
        The page just read.
    """
    docname = app.env.docname
    if docname not in app.env.slides_chapters:
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    link = nodes.reference("", LINK_TEXT, refuri=deck_uri(docname))
    paragraph = nodes.paragraph("", "", link, classes=["slides-link"])
    title = section.next_node(nodes.title)
    position = section.index(title) + 1 if title is not None and title.parent is section else 0
    section.insert(position, paragraph)


def find_chapters(app, env, docnames):
    """Read the chapters from ``_toc.yml`` once per build."""
    env.slides_chapters = set(read_chapter_pages(app.srcdir))


def setup(app):
    """Register the handlers with Sphinx.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.

    Returns
    -------
    dict
        The extension's metadata.
    """
    app.connect("env-before-read-docs", find_chapters)
    app.connect("doctree-read", add_slides_link)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

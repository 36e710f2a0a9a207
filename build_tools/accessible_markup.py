"""Sphinx extension: give the theme's and myst-nb's controls the names a screen reader needs.

Five pieces of markup that the course does not write and no option changes fail axe-core's
rules; each written page is mended once the build has finished, in both editions:

- the sidebar's expand/collapse toggles (pydata-sphinx-theme) have no accessible name:
  each gets a visually hidden "Sections of <page>" (axe: summary-name);
- the colour-mode button is named "Color mode" but holds icons titled "Light", "Dark"
  and "System Settings": the icons become decorative, so the name is the button's own
  (axe: label-content-name-mismatch);
- a hidden cell's toggle (myst-nb) is named "Toggle hidden content" but reads "Show code
  cell source": the visible words become its name (label-content-name-mismatch);
- pandas writes the corner of a table (above the row labels) as an empty header cell:
  it becomes an ordinary empty cell (axe: empty-table-header);
- a table of results scrolls sideways on a narrow screen: it takes the keyboard's focus,
  so that it can be scrolled without a mouse (axe: scrollable-region-focusable).
"""

import html
import re
from pathlib import Path

# A sidebar entry: the page's link, then the <details> whose <summary> is the toggle.
SIDEBAR_TOGGLE = re.compile(
    r'(<a class="(?:current )?reference internal" href="[^"]*">(?P<title>(?:(?!<a\b|</a>).)*)</a>'
    r'\s*<details[^>]*>\s*)'
    r'<summary>(\s*<span class="toctree-toggle")',
    flags=re.DOTALL,
)
# A section heading of the sidebar (a caption in the summary) already names its toggle.
THEME_ICON_TITLE = re.compile(r'(<i class="theme-switch [^"]*" data-mode="\w+")\s+title="[^"]*"')
HIDDEN_CELL_LABEL = ' aria-label="Toggle hidden content"'
EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")
# A table of results scrolls sideways on a narrow screen (course.css): a keyboard reaches it.
RESULTS_TABLE = re.compile(r'<table(?![^>]*tabindex)([^>]*class="dataframe[^"]*")')


def _plain(markup):
    """The text of a link's markup, tags removed and entities kept escaped."""
    return html.escape(html.unescape(re.sub(r"<[^>]+>", "", markup)).strip(), quote=False)


def mend(page):
    """Return the HTML ``page`` with the five pieces of markup mended.

    Parameters
    ----------
    page : str
        One written HTML page.

    Returns
    -------
    str
        The page, unchanged elsewhere.
    """
    if not isinstance(page, str):
        raise TypeError(f"page must be a string of HTML, got {type(page).__name__}")
    page = SIDEBAR_TOGGLE.sub(
        lambda m: f'{m[1]}<summary><span class="visually-hidden">Sections of '
        f"{_plain(m['title'])}</span>{m[3]}",
        page,
    )
    page = THEME_ICON_TITLE.sub(r'\1 aria-hidden="true"', page)
    page = page.replace(HIDDEN_CELL_LABEL, "")
    page = RESULTS_TABLE.sub(r'<table tabindex="0"\1', page)
    return EMPTY_HEADER.sub(lambda m: f"<td{m[1] or ''}></td>", page)


def _mend_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        mended = mend(text)
        if mended != text:
            path.write_text(mended, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _mend_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Check that a built edition of the book can be read with no network.

Usage: python build_tools/check_offline.py HTML_DIR

A page read offline must load every script, stylesheet, font and image from the
site itself. This check fails if

* an HTML page loads a resource from outside the site: ``<script src>``, a
  ``<link href>`` other than a navigation link (stylesheet, preload, icon...),
  ``<img>``, ``<iframe>``, ``<source>``, ``<video>``, ``<audio>``, ``<embed>``,
  ``<object data>``, or ``url()`` / ``@import`` in a ``<style>`` block or a
  ``style`` attribute;
* a CSS file of the site imports or refers to anything outside the site
  (``@import``, ``url()``), comments aside;
* a page loads a script or stylesheet of the site that is missing (MathJax, for
  instance, must be bundled under ``_static``, not only named).

"Outside" is any ``http:``, ``https:`` or protocol-relative (``//host``) address.
Links a reader follows (``<a href>``) are not loads and are not checked. Scripts
that a script fetches later are beyond a static reading: ``make a11y`` opens every
page in a browser that may reach the local server only and reports any other
request.

The pages are the HTML files outside ``_static`` (which holds the theme's template
fragments); the stylesheets are every CSS file of the site.
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

NAVIGATION_RELS = {
    "alternate", "author", "bookmark", "canonical", "contents", "copyright", "first",
    "glossary", "help", "index", "last", "license", "me", "next", "prev", "previous",
    "search", "start", "top", "up",
}
SOURCE_ATTRIBUTES = {
    "script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
    "audio": "src", "track": "src", "embed": "src", "object": "data", "input": "src",
}
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?P<q>['"]?)(?P<url>.*?)(?P=q)\s*\)"""
    r"""|@import\s+(?P<q2>['"])(?P<url2>.*?)(?P=q2)""",
    re.IGNORECASE | re.DOTALL,
)


def is_external(url):
    """Tell whether a URL points outside the site.

    Parameters
    ----------
    url : str
        A URL as written in an attribute or in CSS.

    Returns
    -------
    bool
        True for ``http:``, ``https:`` and protocol-relative (``//host/...``) URLs.
    """
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme.lower() in ("http", "https")


def css_references(css):
    """Return every URL a piece of CSS imports or refers to.

    Parameters
    ----------
    css : str
        A stylesheet, a ``<style>`` block or a ``style`` attribute.

    Returns
    -------
    list of str
        The URLs of ``url()`` and ``@import "..."``, comments excluded.
    """
    css = CSS_COMMENT.sub("", css)
    return [m["url"] if m["url"] is not None else m["url2"] for m in CSS_REFERENCE.finditer(css)]


class _PageLoads(HTMLParser):
    """Collect what a page loads: (kind, url, whether it must exist in the site)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "link" and attrs.get("href"):
            rels = set(attrs.get("rel", "").lower().split())
            if not rels or not rels <= NAVIGATION_RELS:
                must_exist = bool(rels & {"stylesheet", "preload", "modulepreload"})
                self.loads.append((f"<link rel={' '.join(sorted(rels))}>", attrs["href"],
                                   must_exist))
        name = SOURCE_ATTRIBUTES.get(tag)
        if name and attrs.get(name):
            self.loads.append((f"<{tag}>", attrs[name], tag == "script"))
        for candidate in attrs.get("srcset", "").split(","):
            if candidate.strip():
                self.loads.append((f"<{tag} srcset>", candidate.split()[0], False))
        for url in css_references(attrs.get("style", "")):
            self.loads.append((f"<{tag} style>", url, False))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.loads.extend(("<style>", url, False) for url in css_references(data))


def page_problems(path, site):
    """List the offline problems of one HTML page.

    Parameters
    ----------
    path : pathlib.Path
        The page.
    site : pathlib.Path
        The root of the built site.

    Returns
    -------
    list of str
        One message per external load or missing local script or stylesheet.
    """
    parser = _PageLoads()
    parser.feed(path.read_text(errors="replace"))
    problems = []
    where = path.relative_to(site)
    for kind, url, must_exist in parser.loads:
        if is_external(url):
            problems.append(f"{where}: {kind} loads {url} from outside")
        elif must_exist and not url.startswith(("data:", "blob:", "#")):
            target = (path.parent / unquote(urlsplit(url).path)).resolve()
            if not target.is_file():
                problems.append(f"{where}: {kind} loads {url}, which is not in the site")
    return problems


def stylesheet_problems(path, site):
    """List the external references of one CSS file.

    Parameters
    ----------
    path : pathlib.Path
        The stylesheet.
    site : pathlib.Path
        The root of the built site.

    Returns
    -------
    list of str
        One message per ``url()`` or ``@import`` that points outside.
    """
    where = path.relative_to(site)
    return [f"{where}: CSS refers to {url} outside the site"
            for url in css_references(path.read_text(errors="replace")) if is_external(url)]


def main(site):
    """Check a built site and print what would need the network.

    Parameters
    ----------
    site : str or pathlib.Path
        The folder holding the built HTML (with an ``index.html``).

    Returns
    -------
    int
        0 if the site is self-contained, 1 otherwise.
    """
    site = Path(site).resolve()
    if not (site / "index.html").is_file():
        print(f"no built site at {site}")
        return 1
    # HTML files under _static are the theme's template fragments, not pages.
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    stylesheets = sorted(site.rglob("*.css"))
    problems = [p for page in pages for p in page_problems(page, site)]
    problems += [p for sheet in stylesheets for p in stylesheet_problems(sheet, site)]
    for problem in problems:
        print(problem)
    verdict = "FAILED" if problems else "passed"
    print(f"offline check {verdict}: {len(pages)} pages and {len(stylesheets)} stylesheets "
          f"in {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))

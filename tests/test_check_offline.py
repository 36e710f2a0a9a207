"""Tests of build_tools/check_offline.py on small hand-written sites."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "build_tools" / "check_offline.py"
_spec = importlib.util.spec_from_file_location("check_offline", SCRIPT)
check_offline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_offline)

CLEAN_HEAD = """
<link rel="stylesheet" href="_static/theme.css?digest=1" />
<link rel="preload" as="script" href="_static/mathjax/tex-chtml.js" />
<link rel="next" title="Next" href="https://example.org/elsewhere.html" />
<link rel="index" href="genindex.html" />
<script src="_static/mathjax/tex-chtml.js"></script>
<script>window.MathJax = {"loader": {"paths": {"x": "https://cdn.example.org/x.js"}}}</script>
<style>body { background: url("_static/bg.png"); }</style>
"""
CLEAN_BODY = """
<p>A reference: <a href="https://doi.org/10.1000/1">the paper</a>.</p>
<img src="_images/figure.png" alt="A figure" srcset="_images/figure.png 1x" />
<div style="background-image: url(_images/figure.png)"></div>
"""
CLEAN_CSS = """
@import "basic.css";
/* Fonts used to come from @import url("https://fonts.example.org/css"); */
@font-face { font-family: X; src: url(../fonts/x.woff2) format("woff2"); }
.icon { background: url("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>"); }
"""


def make_site(root, head=CLEAN_HEAD, body=CLEAN_BODY, css=CLEAN_CSS):
    """Write a small site: index.html, a page in a folder, a stylesheet, a script."""
    (root / "_static" / "mathjax").mkdir(parents=True)
    (root / "_static" / "theme.css").write_text(css)
    (root / "_static" / "mathjax" / "tex-chtml.js").write_text("// MathJax")
    (root / "_static" / "macros.html").write_text('<link rel="stylesheet" href="{{ x }}">')
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    (root / "index.html").write_text(page)
    (root / "chapters").mkdir()
    (root / "chapters" / "one.html").write_text(page.replace('"_static/', '"../_static/'))
    return root


def run(site, capsys):
    code = check_offline.main(site)
    return code, capsys.readouterr().out


def test_clean_site_passes(tmp_path, capsys):
    code, out = run(make_site(tmp_path), capsys)
    assert code == 0, out
    assert "offline check passed: 2 pages and 1 stylesheets" in out


def test_missing_site_fails(tmp_path, capsys):
    code, out = run(tmp_path / "nowhere", capsys)
    assert code == 1
    assert "no built site" in out


@pytest.mark.parametrize(
    "tag",
    [
        '<script defer src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>',
        '<script src="http://example.org/a.js"></script>',
        '<script src="//cdn.example.org/a.js"></script>',
        '<script src=" HTTPS://cdn.example.org/a.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Lato" />',
        '<link rel="preload" as="font" href="https://cdn.example.org/f.woff2" crossorigin />',
        '<link rel="modulepreload" href="//cdn.example.org/m.mjs" />',
        '<link rel="icon" href="https://example.org/favicon.ico" />',
        '<link rel="preconnect" href="https://fonts.gstatic.com" />',
        '<link href="https://cdn.example.org/no-rel.css" />',
        "<style>@import url(https://fonts.example.org/css);</style>",
        "<style>@font-face { src: url('//fonts.example.org/f.woff2'); }</style>",
    ],
)
def test_external_load_in_head_fails(tmp_path, capsys, tag):
    code, out = run(make_site(tmp_path, head=CLEAN_HEAD + tag), capsys)
    assert code == 1
    assert "from outside" in out
    assert "index.html" in out and "chapters/one.html" in out


@pytest.mark.parametrize(
    "tag",
    [
        '<img src="https://example.org/figure.png" alt="x" />',
        '<img src="a.png" srcset="a.png 1x, https://example.org/a2.png 2x" alt="x" />',
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<video><source src="https://example.org/v.mp4" /></video>',
        '<object data="https://example.org/o.svg"></object>',
        '<div style="background: url(&quot;https://example.org/bg.png&quot;)"></div>',
    ],
)
def test_external_load_in_body_fails(tmp_path, capsys, tag):
    code, out = run(make_site(tmp_path, body=CLEAN_BODY + tag), capsys)
    assert code == 1
    assert "from outside" in out


@pytest.mark.parametrize(
    "rule",
    [
        '@import "https://fonts.example.org/css2?family=Inter";',
        "@import url(//fonts.example.org/css);",
        '@font-face { font-family: Y; src: url("https://example.org/y.woff2"); }',
        ".x { background: URL( http://example.org/x.png ); }",
    ],
)
def test_external_reference_in_stylesheet_fails(tmp_path, capsys, rule):
    code, out = run(make_site(tmp_path, css=CLEAN_CSS + rule), capsys)
    assert code == 1
    assert "_static/theme.css: CSS refers to" in out


def test_missing_local_script_fails(tmp_path, capsys):
    site = make_site(tmp_path)
    (site / "_static" / "mathjax" / "tex-chtml.js").unlink()
    code, out = run(site, capsys)
    assert code == 1
    assert "tex-chtml.js, which is not in the site" in out


def test_missing_local_stylesheet_fails(tmp_path, capsys):
    site = make_site(tmp_path)
    (site / "_static" / "theme.css").unlink()
    code, out = run(site, capsys)
    assert code == 1
    assert "theme.css?digest=1, which is not in the site" in out


def test_template_fragments_under_static_are_not_pages(tmp_path, capsys):
    site = make_site(tmp_path)
    code, out = run(site, capsys)
    assert code == 0
    assert "macros.html" not in out


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("https://cdn.example.org/a.js", True),
        ("http://cdn.example.org/a.js", True),
        ("//cdn.example.org/a.js", True),
        ("  HTTPS://cdn.example.org/a.js", True),
        ("_static/a.js", False),
        ("../_static/a.js?v=1", False),
        ("/_static/a.js", False),
        ("data:font/woff2;base64,AAAA", False),
        ("#section", False),
    ],
)
def test_is_external(url, external):
    assert check_offline.is_external(url) is external


def test_css_references_ignore_comments():
    css = '/* url("https://a.example/x.css") */ a { background: url(b.png) } @import "c.css";'
    assert check_offline.css_references(css) == ["b.png", "c.css"]

"""The theme's and myst-nb's controls get accessible names once a page is written."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "build_tools"))
from accessible_markup import mend  # noqa: E402

SIDEBAR = (
    '<li class="toctree-l1 has-children"><a class="reference internal" '
    'href="chapters/01.html">1. The <em>accuracy</em> trap &amp; more</a><details>'
    '<summary><span class="toctree-toggle" role="presentation">'
    '<i class="fa-solid fa-chevron-down"></i></span></summary><ul></ul></details></li>'
)
THEME_BUTTON = (
    '<button class="theme-switch-button" aria-label="Color mode">'
    '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'
    '<i class="theme-switch fa-solid fa-moon  fa-lg" data-mode="dark"  title="Dark"></i></button>'
)
HIDDEN_CELL = (
    '<details class="hide above-input"><summary aria-label="Toggle hidden content">'
    '<p class="collapsed admonition-title">Show code cell source</p></summary></details>'
)
TABLE = '<table class="dataframe"><thead><tr><th></th><th>recall</th></tr></thead></table>'


def test_sidebar_toggle_is_named_after_its_page():
    mended = mend(SIDEBAR)
    assert (
        '<summary><span class="visually-hidden">Sections of 1. The accuracy trap &amp; more'
        "</span><span class=\"toctree-toggle\"" in mended
    )


def test_a_toggle_is_named_after_its_own_page_only():
    before = '<li><a class="reference internal" href="x.html">Exercise 8.1</a></li>'
    mended = mend(before + SIDEBAR)
    assert "Sections of 1. The accuracy trap &amp; more</span>" in mended
    assert "Sections of Exercise" not in mended


def test_the_current_pages_toggle_is_named_too():
    current = SIDEBAR.replace('class="reference internal" href="chapters/01.html"',
                              'class="current reference internal" href="#"')
    assert '<span class="visually-hidden">Sections of 1. The accuracy trap' in mend(current)


def test_theme_icons_become_decorative():
    mended = mend(THEME_BUTTON)
    assert "title=" not in mended and mended.count('aria-hidden="true"') == 2
    assert 'aria-label="Color mode"' in mended


def test_hidden_cell_toggle_is_named_by_its_visible_words():
    assert "Toggle hidden content" not in mend(HIDDEN_CELL)
    assert "Show code cell source" in mend(HIDDEN_CELL)


def test_empty_corner_header_becomes_a_cell():
    assert "<td></td><th>recall</th>" in mend(TABLE)


def test_results_table_takes_the_keyboard_focus_once():
    assert mend(TABLE).startswith('<table tabindex="0" class="dataframe">')
    assert mend(mend(TABLE)) == mend(TABLE)


def test_other_markup_is_left_alone():
    page = "<p>Nothing to mend <th>x</th></p>"
    assert mend(page) == page
    assert mend(mend(SIDEBAR)) == mend(SIDEBAR)


def test_mend_names_its_parameter():
    with pytest.raises(TypeError, match="page"):
        mend(None)

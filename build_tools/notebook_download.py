"""Sphinx extension: offer each notebook page as an executed ``.ipynb`` download.

sphinx-book-theme 1.3 puts a ``.ipynb`` entry in its download menu when the page
context holds ``ipynb_source``, but it sets that for text notebooks only while a
launch button (Binder, JupyterHub, Colab...) is configured, and then copies the
notebook into ``_sources/`` even when ``html_copy_source`` is false. Here the
notebook MyST-NB executed for the page is copied to ``_sources/<page>.ipynb`` and
announced to the theme, with no launch button, and only when the edition ships its
page sources and shows the download button: the student edition, which sets
``html_copy_source`` and ``use_download_button`` to false, gets no notebook.
"""

import shutil
from pathlib import Path

from pydata_sphinx_theme.utils import get_theme_options_dict
from sphinx_book_theme.header_buttons import as_bool


def offer_notebook(app, pagename, templatename, context, doctree):
    """Copy the page's executed notebook next to its source and link it.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.
    pagename : str
        The page being written, e.g. ``chapters/01_accuracy_trap``.
    templatename : str
        The page's template (unused).
    context : dict
        The template context; ``ipynb_source`` is set in it for the theme.
    doctree : docutils.nodes.document or None
        The page's doctree (unused).
    """
    if app.builder.format != "html" or not app.config.html_copy_source:
        return
    if not as_bool(get_theme_options_dict(app).get("use_download_button", True)):
        return  # the same test the theme makes before drawing the download menu
    if "kernelspec" not in app.env.metadata.get(pagename, {}):
        return  # a plain Markdown page, not a notebook
    executed = Path(app.env.mystnb_config.output_folder, pagename + ".ipynb")
    if not executed.is_file():
        return
    target = Path(app.outdir, "_sources", pagename + ".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, target)
    context["ipynb_source"] = pagename + ".ipynb"


def setup(app):
    """Register the handler with Sphinx.

    Parameters
    ----------
    app : sphinx.application.Sphinx
        The application.

    Returns
    -------
    dict
        The extension's metadata.
    """
    app.setup_extension("myst_nb")
    # before sphinx-book-theme builds its header buttons (priority 501)
    app.connect("html-page-context", offer_notebook, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

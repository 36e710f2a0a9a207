"""Sphinx extension: the course's addresses, shown only when ``_config.yml`` sets them.

Two settings hold them, both empty until the course is published: the site's address
(``html.baseurl``) and the repository's (``repository.url``). The Pages workflow fills
both from GitHub's own context when it publishes (``build_tools/set_addresses.py``).
Pages write ``{{ get_the_course }}`` where a reader needs the course on their machine;
it becomes a ``git clone`` of the repository when its address is set, and a sentence
with no address otherwise, so that no page shows an address that does not exist.
"""

from sphinx.util import logging

logger = logging.getLogger(__name__)

WITHOUT_ADDRESS = (
    "Get a copy of the course's repository (your teacher gives its address, or a zip of "
    "it) and open a terminal in its folder:\n\n"
    "```bash\nmake lab\n```\n"
)
WITH_ADDRESS = "```bash\ngit clone {url} imbalanced-course\ncd imbalanced-course\nmake lab\n```\n"


def get_the_course(repository_url):
    """Markdown that tells a learner how to get the course onto their machine.

    Parameters
    ----------
    repository_url : str
        The repository's address, or ``""`` when it is not published.

    Returns
    -------
    str
        A fenced shell block (with ``git clone`` when the address is known).
    """
    if not isinstance(repository_url, str):
        raise TypeError(f"repository_url must be a string, got {type(repository_url).__name__}")
    url = repository_url.strip()
    return WITH_ADDRESS.format(url=url) if url else WITHOUT_ADDRESS


def site_line(site_url):
    """One sentence naming the published site, or ``""`` when it has no address."""
    url = (site_url or "").strip()
    return f"The course's site: <{url}>." if url else ""


def _add_substitutions(app, config):
    theme = config.html_theme_options or {}
    repository = str(theme.get("repository_url") or "")
    substitutions = dict(config.myst_substitutions or {})
    substitutions.setdefault("get_the_course", get_the_course(repository))
    substitutions.setdefault("course_site", site_line(str(config.html_baseurl or "")))
    config.myst_substitutions = substitutions


def setup(app):
    app.connect("config-inited", _add_substitutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

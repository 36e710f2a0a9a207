"""The book's notebooks are executed ahead under the cache key the book build looks up."""

import sys
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from myst_nb.core.read import myst_nb_reader_plugin
from myst_parser.config.main import MdParserConfig

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_tools"))
import execute_parallel  # noqa: E402

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def test_the_notebook_pages_of_the_toc_and_no_other_page():
    notebooks = execute_parallel.book_notebooks(TOC, [])
    names = {str(path.relative_to(ROOT)) for path in notebooks}
    assert {"book/teaching_guide.md", "chapters/01_accuracy_trap.md",
            "solutions/01_accuracy_trap_ex1.md"} <= names
    assert "book/intro.md" not in names  # a page without notebook top matter
    assert not any(name.startswith("exercises/") for name in names)  # not in the toc
    kept = execute_parallel.book_notebooks(TOC, ["solutions/*"])
    assert kept == [path for path in notebooks if path.parent.name != "solutions"]


def test_executed_and_built_notebooks_share_their_cache_key(tmp_path):
    # The executor reads a notebook with myst-nb's plugin; the book build with the
    # book's Markdown settings. Only equal keys let the build take the executed one.
    cache = get_cache(tmp_path)
    extensions = set(CONFIG["parse"]["myst_enable_extensions"])
    md_config = MdParserConfig(enable_extensions=extensions)
    for path in execute_parallel.book_notebooks(TOC, []):
        _, executed = cache.create_hashed_notebook(myst_nb_reader_plugin(str(path)))
        _, built = cache.create_hashed_notebook(execute_parallel.read_as_sphinx(path, md_config))
        assert executed == built, path

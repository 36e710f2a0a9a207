"""Write the student edition's Jupyter Book config, derived from the full edition's.

``jupyter-book build --config`` replaces ``_config.yml`` rather than merging with it,
so the student config is generated from it: same book, solutions hidden (see
``hide_solutions.py``), no page sources and no download button (both would carry the
solutions), and the full edition's execution cache reused.

Usage: python build_tools/student_config.py _config.yml _build/_config_student.yml
"""

import sys
from pathlib import Path

import yaml

# What the student edition says where the full edition points to its solutions.
STUDENT_SOLUTIONS = (
    "This edition leaves the worked solutions out: the self-check at the end of each "
    "exercise tells you whether your answer is right, and your teacher has the solutions."
)


def student_config(config):
    config = dict(config)
    config["title"] = f"{config['title']} (student edition)"
    execute = dict(config.get("execute", {}))
    execute["cache"] = str(Path("_build/.jupyter_cache").resolve())
    config["execute"] = execute
    config["bibtex_bibfiles"] = [str(Path(p).resolve()) for p in config["bibtex_bibfiles"]]
    config["launch_buttons"] = {}
    parse = dict(config.get("parse", {}))
    parse["myst_substitutions"] = {
        **parse.get("myst_substitutions", {}),
        "where_the_solutions_are": STUDENT_SOLUTIONS,
    }
    config["parse"] = parse
    sphinx = dict(config.get("sphinx", {}))
    # Relative paths in a config are read from the config's folder, not the book's.
    sphinx["local_extensions"] = {
        name: str(Path(path).resolve()) for name, path in sphinx.get("local_extensions", {}).items()
    }
    settings = dict(sphinx.get("config", {}))
    settings["hide_solutions"] = True
    settings["html_copy_source"] = False
    settings["html_show_sourcelink"] = False
    theme = dict(settings.get("html_theme_options", {}))
    theme["use_download_button"] = False
    settings["html_theme_options"] = theme
    sphinx["config"] = settings
    sphinx["recursive_update"] = True
    config["sphinx"] = sphinx
    return config


def main(source, target):
    config = yaml.safe_load(Path(source).read_text())
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(yaml.safe_dump(student_config(config), sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

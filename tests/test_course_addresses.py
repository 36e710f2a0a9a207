"""The course's addresses (shown only when set), and the maintainers' entry points."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_tools"))
from course_addresses import get_the_course, site_line  # noqa: E402
from set_addresses import main as set_addresses  # noqa: E402
from student_config import STUDENT_SOLUTIONS, student_config  # noqa: E402


def test_addresses_are_empty_until_published():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"] == ""
    assert config["html"]["baseurl"] == ""


def test_without_an_address_no_clone_line_is_shown():
    text = get_the_course("")
    assert "git clone" not in text and "make lab" in text
    assert site_line("") == ""


def test_with_an_address_the_clone_line_uses_it():
    text = get_the_course("https://github.com/owner/course")
    assert "git clone https://github.com/owner/course imbalanced-course" in text
    assert "<https://owner.github.io/course/>" in site_line("https://owner.github.io/course/")


def test_get_the_course_names_its_parameter():
    with pytest.raises(TypeError, match="repository_url"):
        get_the_course(None)


def test_no_page_invents_an_address():
    pages = [*ROOT.glob("book/*.md"), *ROOT.glob("chapters/*.md"), ROOT / "README.md"]
    for page in pages:
        text = page.read_text()
        assert "<the course repository>" not in text, page
        assert not re.search(r"git clone https?://", text), page


def test_set_addresses_fills_both_settings_and_keeps_comments(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text((ROOT / "_config.yml").read_text())
    site, repository = "https://owner.github.io/course/", "https://github.com/owner/course"
    args = ["--site", site, "--repository", repository, "--config", str(config)]
    assert set_addresses(args) == 0
    written = yaml.safe_load(config.read_text())
    assert written["html"]["baseurl"] == site
    assert written["repository"]["url"] == repository
    assert config.read_text().count("#") == (ROOT / "_config.yml").read_text().count("#")


def test_set_addresses_refuses_a_non_address(tmp_path, capsys):
    config = tmp_path / "_config.yml"
    config.write_text((ROOT / "_config.yml").read_text())
    args = ["--site", "owner.github.io", "--repository", "https://github.com/o/c"]
    assert set_addresses([*args, "--config", str(config)]) == 1
    assert "--site must be an http(s) address" in capsys.readouterr().err


def test_student_edition_does_not_promise_collapsed_solutions():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    full = config["parse"]["myst_substitutions"]["where_the_solutions_are"]
    student = student_config(config)["parse"]["myst_substitutions"]["where_the_solutions_are"]
    assert "collapsed under each exercise" in full
    assert student == STUDENT_SOLUTIONS and "collapsed" not in student


def test_make_help_lists_every_phony_target():
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)[1].split()
    shown = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    missing = [t for t in phony if not re.search(rf"^make {re.escape(t)}\b", shown, re.M)]
    assert missing == []

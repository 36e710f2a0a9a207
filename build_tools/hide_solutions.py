"""Sphinx extension: drop gated solutions when ``hide_solutions`` is true.

sphinx-exercise 1.2.1 cannot hide gated solutions (``solution-start`` /
``solution-end``): with ``hide_solutions`` set it crashes on the orphaned end node
and would leave the content between the two markers in the page. Here
``solution-start`` emits a marker instead, and a transform that runs before
sphinx-exercise merges gated directives removes everything from the marker to the
matching ``solution-end``.

A self-check's output is an answer too ("Correct: the threshold is 0.2100."), and
the check cell (tagged ``check``) runs after the solution, outside it. In the
student edition its output is dropped and its call kept; in the full edition the
whole cell moves to the end of its gated solution, so that the verdict shows only
once the solution is opened. Both act on the page, not on the notebook: the
execution cache stays shared by the two editions.
"""

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import exercise_node, solution_end_node, solution_node

logger = logging.getLogger(__name__)


class hidden_solution_marker(nodes.Element):  # noqa: N801 (docutils node naming)
    """Where a hidden gated solution starts; removed before writing."""


class HidingSolutionStartDirective(SolutionStartDirective):
    """``solution-start`` that leaves a marker when solutions are hidden."""

    def run(self):
        result = super().run()  # keeps sphinx-exercise's bookkeeping of gated pairs
        if self.env.app.config.hide_solutions:
            return [hidden_solution_marker()]
        return result


class RemoveHiddenSolutions(SphinxTransform):
    """Remove each marker and its siblings up to and including the end node."""

    default_priority = 5  # before sphinx-exercise's MergeGatedSolutions (10)

    def apply(self):
        for marker in list(self.document.findall(hidden_solution_marker)):
            parent = marker.parent
            start = parent.index(marker)
            end = next(
                i
                for i in range(start, len(parent.children))
                if isinstance(parent.children[i], solution_end_node)
            )
            for child in parent.children[start : end + 1]:
                parent.remove(child)


def is_check_cell(node):
    """Whether ``node`` is a notebook code cell tagged ``check``."""
    return (
        isinstance(node, nodes.container)
        and node.get("nb_element") == "cell_code"
        and "check" in node.get("cell_metadata", {}).get("tags", [])
    )


class PlaceCheckCells(SphinxTransform):
    """Drop check cells' output (solutions hidden), or move them into the solution."""

    default_priority = 6  # after RemoveHiddenSolutions, before the merge (10)

    def apply(self):
        for cell in list(self.document.findall(is_check_cell)):
            if self.config.hide_solutions:
                for output in [child for child in cell.children
                               if child.get("nb_element") == "cell_code_output"]:
                    cell.remove(output)
                continue
            parent = cell.parent
            ends = [child for child in parent.children[: parent.index(cell)]
                    if isinstance(child, solution_end_node)]
            if not ends:
                logger.warning("a check cell follows no gated solution: its output "
                               "would be visible", location=cell)
                continue
            parent.remove(cell)
            parent.insert(parent.index(ends[-1]), cell)


#: An exercise's own number at the start of its title: "6.1: The cost-optimal threshold".
EXERCISE_NUMBER = re.compile(r"\d+\.\d+\b")


def number_in_title(title):
    """Turn "Exercise (6.1: Title)" into "Exercise 6.1: Title" in a resolved title node.

    Exercises are numbered by chapter (their titles start with "6.1: "), so they are
    unnumbered for sphinx-exercise, which then wraps the title in parentheses after
    the word "Exercise", in the exercise's box and in its solution's title alike.
    Returns whether the title was changed.
    """
    texts = list(title.findall(nodes.Text))
    for before, opening, first in zip(texts, texts[1:], texts[2:], strict=False):
        if (str(before).rstrip().endswith("Exercise") and str(opening) == " ("
                and EXERCISE_NUMBER.match(str(first)) and str(texts[-1]) == ")"):
            opening.parent.replace(opening, nodes.Text(" "))
            texts[-1].parent.remove(texts[-1])
            return True
    return False


class NumberedExerciseTitles(SphinxPostTransform):
    """Exercise and solution titles read "Exercise 6.1: ...", as the page's title does."""

    default_priority = 30  # after sphinx-exercise resolves the titles (priority 20)

    def run(self, **kwargs):
        for node in self.document.findall(lambda n: isinstance(n, (exercise_node,
                                                                     solution_node))):
            if node.children and isinstance(node.children[0], nodes.title):
                number_in_title(node.children[0])


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_node(hidden_solution_marker)
    app.add_directive("solution-start", HidingSolutionStartDirective, override=True)
    app.add_transform(RemoveHiddenSolutions)
    app.add_transform(PlaceCheckCells)
    app.add_post_transform(NumberedExerciseTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

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

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node

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


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_node(hidden_solution_marker)
    app.add_directive("solution-start", HidingSolutionStartDirective, override=True)
    app.add_transform(RemoveHiddenSolutions)
    app.add_transform(PlaceCheckCells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

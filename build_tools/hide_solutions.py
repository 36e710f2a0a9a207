"""Sphinx extension: drop gated solutions when ``hide_solutions`` is true.

sphinx-exercise 1.2.1 cannot hide gated solutions (``solution-start`` /
``solution-end``): with ``hide_solutions`` set it crashes on the orphaned end node
and would leave the content between the two markers in the page. Here
``solution-start`` emits a marker instead, and a transform that runs before
sphinx-exercise merges gated directives removes everything from the marker to the
matching ``solution-end``.
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx_exercise.directive import SolutionStartDirective
from sphinx_exercise.nodes import solution_end_node


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


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.add_node(hidden_solution_marker)
    app.add_directive("solution-start", HidingSolutionStartDirective, override=True)
    app.add_transform(RemoveHiddenSolutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

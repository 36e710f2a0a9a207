"""Sphinx extension: the ``quiz`` directive shows a chapter's end-of-chapter quiz.

Usage in a chapter, under its "Quiz" heading::

    ```{quiz} 01_accuracy_trap
    ```

The argument names the quiz file in ``utils/checks/quizzes/`` (without ``.yml``);
without it, the page's own name is used. A new chapter adds its quiz file and the
directive, nothing else.

The quiz is plain HTML, the same in both editions: no script and no server. Each
option is a disclosure (``<details>``): a reader picks an option by opening it, and
reads whether it is right and why. A ``<summary>`` is a button for the keyboard and
for screen readers, and the verdict is written out in words beside its colour. The
feedback sits in a block of class ``public-feedback``, the one block the
student-edition check (``check_site.py``) lets show a verdict: a quiz's feedback is
meant for every reader, unlike an exercise's solution.
"""

import html
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from utils.checks.quiz import LETTERS, QUIZ_DIR, load_quiz, quiz_path

#: The class of the feedback blocks, exempted by the student-edition check.
PUBLIC_FEEDBACK = "public-feedback"
INLINE_CODE = re.compile(r"`([^`]+)`")


def _inline(text):
    """Escape ``text`` for HTML, with `code` spans as ``<code>``."""
    return INLINE_CODE.sub(r"<code>\1</code>", html.escape(" ".join(str(text).split())))


def quiz_html(quiz, name):
    """Return a quiz as HTML that works with no script.

    Parameters
    ----------
    quiz : dict
        A validated quiz (:func:`utils.checks.quiz.load_quiz`).
    name : str
        Its chapter's name, for the elements' ids.

    Returns
    -------
    str
        A ``div`` of class ``quiz``: per question its prompt and a list of options,
        each a ``details`` element whose ``summary`` is the option and whose feedback
        block (class ``public-feedback``) says whether it is right, and why.
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name)
    parts = [
        f'<div class="quiz" id="quiz-{slug}">',
        '<p class="quiz-instructions">Choose an answer, then open it: it says whether it is '
        "right and why. You can open the other answers afterwards to see what each "
        "mistake is.</p>",
        '<ol class="quiz-questions">',
    ]
    for number, question in enumerate(quiz["questions"], 1):
        qid = f"quiz-{slug}-q{number}"
        numeric = "tolerance" in question
        parts.append(f'<li class="quiz-question" id="{qid}">')
        parts.append(f'<p class="quiz-prompt" id="{qid}-prompt">{_inline(question["prompt"])}'
                     "</p>")
        if numeric:
            parts.append('<p class="quiz-kind">Work out the number first, then open the '
                         "answer closest to yours.</p>")
        parts.append(f'<ul class="quiz-options" role="list" aria-labelledby="{qid}-prompt">')
        for letter, option in zip(LETTERS, question["options"], strict=False):
            right = bool(option.get("right"))
            shown = (f"about {option['value']:g}" if numeric else _inline(option["text"]))
            verdict = "Right." if right else "Not right."
            mark = "&#10003;" if right else "&#10007;"
            kind = "quiz-right" if right else "quiz-wrong"
            parts.append(
                '<li><details class="quiz-option">'
                f'<summary><span class="quiz-letter">{letter}.</span> {shown}</summary>'
                f'<div class="{PUBLIC_FEEDBACK} quiz-feedback {kind}">'
                f'<p><span class="quiz-mark" aria-hidden="true">{mark}</span> '
                f'<strong class="quiz-verdict">{verdict}</strong> {_inline(option["why"])}</p>'
                "</div></details></li>"
            )
        parts.append("</ul></li>")
    parts.append("</ol></div>")
    return "\n".join(parts)


class QuizDirective(SphinxDirective):
    """``quiz``: a chapter's quiz, read from ``utils/checks/quizzes/NAME.yml``."""

    optional_arguments = 1
    option_spec = {"folder": directives.unchanged}
    has_content = False

    def run(self):
        name = self.arguments[0] if self.arguments else Path(self.env.docname).name
        folder = self.options.get("folder") or self.config.quiz_folder or QUIZ_DIR
        try:
            path = quiz_path(name, folder)
            quiz = load_quiz(name, folder)
        except (TypeError, ValueError) as error:
            raise self.error(f"quiz {name!r}: {error}") from None
        self.env.note_dependency(str(path))
        return [nodes.raw("", quiz_html(quiz, path.stem), format="html")]


def setup(app):
    app.add_config_value("quiz_folder", "", "env")
    app.add_directive("quiz", QuizDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

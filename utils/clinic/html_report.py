"""The report as one self-contained HTML page that opens offline.

Same sections as the text report (:func:`utils.clinic.report.sections`), plus the
figures, embedded as base64 PNG with alt text. The page loads nothing: no script, no
stylesheet or font from elsewhere (the system's sans-serif font), no link out.
"""

import base64
import html
import io

from utils.clinic import figures
from utils.clinic.report import render_text
from utils.versions import library_versions

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1a1a1a; background: #fff; line-height: 1.45; margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #bbb; margin-top: 2rem; }
p { margin: 0.3rem 0; }
p.sub { margin-left: 1.5rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: right; }
th[scope=row], thead th { text-align: left; background: #f2f2f2; }
ul.flags { padding-left: 1.2rem; }
ul.flags li { margin-bottom: 0.6rem; }
ul.flags .where { color: #444; }
.warning { color: #8a3a00; font-weight: bold; }
figure { margin: 1.2rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.9rem; color: #333; }
footer { margin-top: 2.5rem; font-size: 0.85rem; color: #444; }
pre { white-space: pre-wrap; font-size: 0.8rem; }
"""


def _png(fig):
    """Return the figure as a data URI (base64 PNG), and its size in pixels."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
    width, height = (round(v * 110) for v in fig.get_size_inches())
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"), \
        width, height


def _table(frame, caption):
    out = [f"<table><caption>{html.escape(caption)}</caption><thead><tr>"
           '<th scope="col"></th>']
    out += [f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns]
    out.append("</tr></thead><tbody>")
    for index, row in frame.iterrows():
        out.append(f'<tr><th scope="row">{html.escape(str(index))}</th>')
        out += [f"<td>{html.escape(str(v))}</td>" for v in row]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _lines(lines):
    out = []
    for line in lines:
        css = ' class="sub"' if line.startswith("   ") else ""
        css = ' class="warning"' if line.startswith("WARNING") else css
        out.append(f"<p{css}>{html.escape(line.strip())}</p>")
    return "\n".join(out)


def _flags(exam):
    if not exam.flags:
        return "<p>None: no test of the checklist found a symptom.</p>"
    items = [f"<li><strong>{html.escape(flag.text)}</strong><br>"
             f'<span class="where">{html.escape(flag.advice)}; {html.escape(flag.where)}'
             "</span></li>" for flag in exam.flags]
    return '<ul class="flags">' + "".join(items) + "</ul>"


def _figures(exam):
    target = exam.target
    threshold = exam.costs["threshold"] if exam.costs is not None else None
    drawn = [
        figures.precision_recall(exam.y_test, exam.proba_test, target.positive_name),
        figures.reliability(exam.y_test, exam.proba_test, target.positive_name),
        figures.score_histograms(exam.y_test, exam.proba_test, target.positive_name,
                                 target.negative_name, threshold),
    ]
    out = []
    for number, (fig, alt) in enumerate(drawn, start=1):
        uri, width, height = _png(fig)
        caption = fig.axes[0].get_title()
        out.append(f'<figure><img src="{uri}" alt="{html.escape(alt)}" width="{width}" '
                   f'height="{height}"><figcaption>Figure {number}. {html.escape(caption)}. '
                   f"{html.escape(alt)}</figcaption></figure>")
    return "\n".join(out)


def render_html(exam, parts):
    """Return the page: the report's sections, the figures and the flags.

    Parameters
    ----------
    exam : Examination
        What the clinic measured.
    parts : list of Section
        :func:`utils.clinic.report.sections` of ``exam``.

    Returns
    -------
    str
        A complete HTML document.
    """
    body = [f"<h1>Clinic report: {html.escape(exam.data.name)}</h1>"]
    for section in parts:
        if section.key == "flags":
            continue
        if section.key != "header":
            body.append(f"<h2>{html.escape(section.title)}</h2>")
        body.append(_lines(section.lines))
        if section.table is not None:
            body.append(_table(section.table, section.title))
        body.append(_lines(section.after))
        if section.key == "header":  # on a page, the flags come first: they say where to look
            body.append(f"<h2>Flags ({len(exam.flags)})</h2>")
            body.append(_flags(exam))
        if section.key == "scores":
            body.append("<h2>Figures</h2>")
            body.append(_figures(exam))
    versions = ", ".join(f"{name} {version}" for name, version in library_versions().items())
    body.append(f"<footer><p>Made by <code>python -m utils.clinic</code> (the course "
                f"<em>Imbalanced classification, honestly measured</em>; the checklist is "
                f"book/clinic_checklist.md). {html.escape(versions)}.</p>"
                "<details><summary>The report as text</summary><pre>"
                f"{html.escape(render_text(parts))}</pre></details></footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>Clinic report: {html.escape(exam.data.name)}</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body)
            + "\n</main>\n</body>\n</html>\n")

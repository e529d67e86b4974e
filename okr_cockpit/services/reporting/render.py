"""The report's formats: Markdown, HTML and PDF, each a Jinja2 template over the same `Document`.

Templates live in `templates/` (package data). Database text is escaped by each format's own rule:
HTML by Jinja2's autoescape, Markdown by `md`, Typst by `typstr` (every text a Typst string literal,
so nothing in a unit's name can become markup or code).
"""

import re
import tempfile
from functools import cache
from pathlib import Path

from okr_cockpit.services.reporting.facts import Report
from okr_cockpit.services.reporting.rows import SECTIONS, Document, build_document

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("md", "html", "pdf")
# Characters that would turn database text into Markdown structure (or HTML in most renderers).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(value: object) -> str:
    """Database text shown literally: Markdown characters escaped, line breaks folded."""
    text = " ".join(("" if value is None else str(value)).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def typstr(value: object) -> str:
    """A Typst string literal: `#"…"` in markup shows the text as it is."""
    text = " ".join(("" if value is None else str(value)).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@cache
def environment(kind: str):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=kind == "html",
        trim_blocks=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md
    env.filters["typstr"] = typstr
    return env


def document(report: Report, *, audience: str = "leadership", sections=SECTIONS) -> Document:
    return build_document(report, audience=audience, sections=tuple(sections))


def render_markdown(report: Report, *, audience: str = "leadership", sections=SECTIONS) -> str:
    doc = document(report, audience=audience, sections=sections)
    text = environment("md").get_template("report.md.j2").render(doc=doc)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(report: Report, *, audience: str = "leadership", sections=SECTIONS) -> str:
    from okr_cockpit.services.reporting.charts import draw_charts

    doc = document(report, audience=audience, sections=sections)
    return environment("html").get_template("report.html.j2").render(doc=doc, charts=draw_charts(doc.charts))


def typst_source(doc: Document, charts: dict[str, str]) -> str:
    return environment("typ").get_template("report.typ.j2").render(doc=doc, charts=charts)


def render_pdf(report: Report, *, audience: str = "leadership", sections=SECTIONS) -> bytes:
    """A4 PDF via Typst (the `typst` wheel: no system packages); the charts are the HTML's SVGs."""
    return compile_typst(report, audience=audience, sections=sections, fmt="pdf")


def compile_typst(report: Report, *, audience: str, sections, fmt: str, ppi: int | None = None):
    import typst

    from okr_cockpit.services.reporting.charts import draw_charts

    doc = document(report, audience=audience, sections=sections)
    charts = draw_charts(doc.charts)
    with tempfile.TemporaryDirectory(prefix="okr-report-") as folder:
        root = Path(folder)
        for chart_id, svg in charts.items():
            (root / f"{chart_id}.svg").write_text(svg, encoding="utf-8")
        (root / "report.typ").write_text(typst_source(doc, charts), encoding="utf-8")
        return typst.compile(str(root / "report.typ"), root=str(root), format=fmt, ppi=ppi)


def render(report: Report, *, fmt: str, audience: str = "leadership", sections=SECTIONS) -> str | bytes:
    renderers = {"md": render_markdown, "html": render_html, "pdf": render_pdf}
    return renderers[fmt](report, audience=audience, sections=sections)

"""The monthly report's charts, drawn on the server as SVG by pygal: alerts per week by
code (stacked bars), alerts per venue (bars) and time to acknowledge (a histogram as bars).
The page shows them with <img> and gives the same numbers in tables; an SVG holds no
script (pygal's own config script is taken out) and is served with a policy that allows
only its inline style (bot/dashboard/report_page.py)."""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

# pygal writes one inline <script> with its settings even with js=[]; an <img> never runs
# it and the SVG's policy forbids it, so it is left out. Text in an SVG is XML-escaped, so
# "</script>" cannot occur inside it.
_SCRIPT = re.compile(rb"<script\b[^>]*>.*?</script>", re.DOTALL)
FONTS = ('system-ui, "Noto Sans", "Noto Sans Khmer", "Noto Sans Lao", "Noto Sans Myanmar", '
         '"Noto Sans Thai", sans-serif')
# Colours that keep AA contrast on white and stay apart for the common colour blindnesses
# (Okabe-Ito); the tables beside the charts carry the numbers as text anyway.
STYLE = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#1a1a1a",
    foreground_strong="#1a1a1a", foreground_subtle="#4a4a4a", opacity="1",
    opacity_hover="1", font_family=FONTS, title_font_size=20, label_font_size=15,
    major_label_font_size=15, legend_font_size=16, value_font_size=15,
    no_data_font_size=24,  # pygal's 64 px runs a sentence off the chart in any script
    colors=("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
            "#f0e442"))


def _config(title: str, no_data: str, x_title: str | None = None,
            y_title: str | None = None) -> dict:
    return {"title": title, "style": STYLE, "js": [], "disable_xml_declaration": False,
            "no_data_text": no_data, "x_title": x_title, "y_title": y_title,
            "print_values": False, "show_legend": True, "legend_at_bottom": True,
            "min_scale": 1, "max_scale": 10, "width": 640, "height": 420,
            "value_formatter": lambda value: f"{value:.0f}", "truncate_label": -1,
            "truncate_legend": -1}


def _svg(chart: pygal.graph.graph.Graph) -> bytes:
    return _SCRIPT.sub(b"", chart.render())


def _has_data(series: list[tuple[str, list[int]]]) -> bool:
    return any(any(values) for _, values in series)


def stacked_bars(title: str, labels: list[str], series: list[tuple[str, list[int]]],
                 no_data: str, y_title: str | None = None) -> bytes:
    """One bar per label, stacked by series (alerts per week, one series per code)."""
    chart = pygal.StackedBar(**_config(title, no_data, y_title=y_title))
    chart.x_labels = labels
    if _has_data(series):
        for name, values in series:
            chart.add(name, values)
    return _svg(chart)


def bars(title: str, labels: list[str], values: list[int], name: str, no_data: str,
         x_title: str | None = None, y_title: str | None = None) -> bytes:
    """One bar per label, one series (alerts per venue; alerts per waiting time)."""
    config = _config(title, no_data, x_title=x_title, y_title=y_title)
    config["show_legend"] = False
    chart = pygal.Bar(**config)
    chart.x_labels = labels
    if any(values):
        chart.add(name, values)
    return _svg(chart)

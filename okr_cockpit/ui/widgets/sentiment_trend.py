"""The sentiment of a stakeholder's recent interactions as one glyph line, signs under it, and its trend.

Sentiment runs −2…+2, so a plain sparkline would hide the sign: the bar's height says how warm,
the sign line says which side of neutral, and the trend says it in words (never colour alone).
"""

from rich.text import Text
from textual.widgets import Static

from okr_cockpit.i18n import N_, _, format_day, format_number
from okr_cockpit.services.stakeholders.interactions import SentimentSeries

SENTIMENT_BARS = {-2: "▁", -1: "▂", 0: "▄", 1: "▆", 2: "█"}
SENTIMENT_SIGNS = {-2: "−", -1: "−", 0: "0", 1: "+", 2: "+"}
SENTIMENT_STYLES = {-2: "bold red", -1: "red", 0: "", 1: "green", 2: "bold green"}
TREND_WORDS = {
    "cooling": N_("↘ cooling"),
    "warming": N_("↗ warming"),
    "steady": N_("→ steady"),
    "unknown": N_("· too few to tell"),
}
CAPTION = N_("sentiment")


def signed(value: float | int) -> str:
    """`+1.3`, `−0.7`, `0` — a real minus sign, lined up with the sign glyphs."""
    if isinstance(value, float) and not value.is_integer():
        text = format_number(round(abs(value), 1))  # 0.7, in German 0,7
    else:
        text = str(abs(int(value)))
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def sentiment_cell(value: int) -> Text:
    return Text(f"{SENTIMENT_BARS.get(value, '?')} {signed(value)}", style=SENTIMENT_STYLES.get(value, ""))


def trend_text(series: SentimentSeries | None) -> Text:
    caption = _(CAPTION) + " "
    text = Text(caption, style="dim")
    if series is None or not series.points:
        text.append(_("no interactions yet"))
        return text
    values = [value for _, value in series.points]
    for value in values:
        text.append(SENTIMENT_BARS.get(value, "?"), style=SENTIMENT_STYLES.get(value, ""))
    text.append("  ")
    text.append(_(TREND_WORDS[series.trend]), style="bold" if series.trend == "cooling" else "")
    if series.recent_mean is not None and series.earlier_mean is not None:
        text.append(
            _("  last 3 avg {signed}").format(signed=signed(round(series.recent_mean, 1))), style="dim"
        )
        text.append(_(" · before {signed}").format(signed=signed(round(series.earlier_mean, 1))), style="dim")
    text.append(f"\n{' ' * len(caption)}")
    text.append("".join(SENTIMENT_SIGNS.get(value, "?") for value in values), style="dim")
    text.append(f"  {format_day(series.points[0][0])} → {format_day(series.points[-1][0])}", style="dim")
    return text


class SentimentTrend(Static):
    DEFAULT_CSS = """
    SentimentTrend { height: 2; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.series: SentimentSeries | None = None

    def show_series(self, series: SentimentSeries | None) -> None:
        self.series = series
        self.update(trend_text(series))

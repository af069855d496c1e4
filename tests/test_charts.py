"""Charts: legends off the data, distinguishable board lines, no bare whiskers, the ethnic-category
chart, alt text that says what a chart shows, and each chart's data as a table."""
import re

import matplotlib
import matplotlib.pyplot
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.colors import to_hex

from helpers import REPO
from wreslib.report import breakdowns, plots
from wreslib.publish.pipeline import report_results

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def results():
    return report_results(REPO / "data" / "demo", 2024)


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _legends_outside(fig) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    assert legends, "expected a legend"
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            assert not _overlaps(box, ax.get_window_extent(renderer)), "legend covers the plot area"


def test_board_and_survey_legends_are_outside_the_axes(results):
    _legends_outside(plots.plot_board(results))
    _legends_outside(plots.plot_survey_trend(results, 5))


def test_board_lines_differ_in_colour_and_in_style(results):
    fig = plots.plot_board(results)
    lines = [line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")]
    assert len(lines) == 4
    colours = [to_hex(line.get_color()) for line in lines]
    styles = [(line.get_linestyle(), line.get_marker()) for line in lines]
    assert len(set(colours)) == len(colours), colours
    assert len({s[0] for s in styles}) == len(styles) and len({s[1] for s in styles}) == len(styles), styles


def _people(counts: dict[tuple[str, str], int]) -> pd.DataFrame:
    rows = [(cluster, group) for (cluster, group), n in counts.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["cluster", "broad"])


def test_hidden_bars_get_no_whiskers():
    people = _people({("Clinical", "White"): 60, ("Clinical", "Asian or Asian British"): 40,
                      ("Clinical", "Black or Black British"): 3, ("Non-clinical", "White"): 50,
                      ("Non-clinical", "Asian or Asian British"): 45, ("Non-clinical", "Black or Black British"): 30})
    table = breakdowns.composition(people, by=["cluster"], level="broad")
    shown, sentence = breakdowns.safe_for_plot(table, 7)
    assert sentence and len(shown) < len(table)  # some bars hidden
    fig, _ = breakdowns.plot_composition(table, threshold=7)
    whiskers = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert len(whiskers) == len(shown)  # one per bar drawn, none for a hidden one
    # A hidden or missing bar gets no whisker even when its interval is known.
    fig, ax = matplotlib.pyplot.subplots()
    data = pd.DataFrame({"cluster": ["A"] * 3, "group": ["White", "Mixed", "Asian or Asian British"],
                         "percent": [50.0, np.nan, 30.0], "ci_low": [45.0, 1.0, 25.0], "ci_high": [55.0, 9.0, 35.0],
                         "suppressed": [False, False, True]})
    breakdowns._error_bars(ax, data, "cluster", ["A"], list(data["group"]))
    assert len([c for c in ax.containers if isinstance(c, ErrorbarContainer)]) == 1


def test_a_hidden_year_gets_no_interval(results):
    rows = results.copy()
    pick = (rows["indicator"] == 2) & (rows["metric"] == "relative_likelihood") & (rows["year"] == 2022)
    rows.loc[pick, "value"] = np.nan  # hidden: the interval may still be there
    rows.loc[pick, "suppressed"] = True
    fig = plots.plot_likelihood_trend(rows, 2)
    ax = fig.axes[0]
    xs = [seg[0][0] for c in ax.containers if isinstance(c, ErrorbarContainer)
          for seg in c.lines[2][0].get_segments()]
    assert xs and 2022 not in xs
    assert "1 year not shown" in fig.left_out
    assert "2022" not in plots.likelihood_alt(rows, 2)


def test_ethnic_category_chart_is_sorted_horizontal_bars_in_six_colours_at_most(results):
    table = breakdowns.from_results(results, 2024, 1)
    fig, _ = breakdowns.plot_composition(table, threshold=7)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_width() > 0]
    assert len(bars) >= 10
    widths = [p.get_width() for p in sorted(bars, key=lambda p: p.get_y())]
    assert widths == sorted(widths, reverse=True) or widths == sorted(widths), "bars sorted by size"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == table.loc[table["percent"].idxmax(), "group"]  # largest at the top
    assert len({to_hex(p.get_facecolor()) for p in bars}) <= 6
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(legend) <= set(breakdowns.groups("broad")) and "White" in legend
    assert any(isinstance(c, ErrorbarContainer) for c in ax.containers)
    _legends_outside(fig)


def test_alt_text_states_first_last_and_direction(results):
    board = pd.DataFrame([
        dict(year=y, indicator=9, breakdown="All", metric=m, value=v, ci_low=np.nan, ci_high=np.nan, suppressed=False)
        for y, b, w in [(2020, 12.5, 58.0), (2022, 20.0, 59.0), (2024, 25.0, 60.1)]
        for m, v in (("board_bme_percent", b), ("workforce_bme_percent", w))])
    assert plots.board_alt(board).startswith(
        "Line chart: BME percentage of the board rose from 12.5% in 2020 to 25.0% in 2024, against 60.1% of the "
        "workforce")
    text = plots.likelihood_alt(results, 2)
    assert re.search(r"fell from 1\.55 in 2020 to 1\.32 in 2024", text), text
    assert re.search(r"(rose|fell) from [\d.]+% in \d{4} to [\d.]+% in \d{4}", plots.survey_alt(results, 7))
    assert "lowest to highest band" in plots.band_bme_alt(results, 2024)
    assert "White British" in breakdowns.composition_alt(breakdowns.from_results(results, 2024, 1), 7, 2024)
    assert plots.trend_words(3.0, 3.0, 2020, 2024) == "stayed at 3.0% from 2020 to 2024"


def test_show_puts_the_data_in_a_collapsed_table_after_the_image(results):
    markup = plots.show(plots.plot_likelihood_trend(results, 3), alt=plots.likelihood_alt(results, 3),
                        data=plots.likelihood_data(results, 3)).data
    assert markup.index("<img") < markup.index("<details><summary>Data for this chart</summary>")
    assert "<caption>" in markup and "<th>Relative likelihood</th>" in markup
    for year in range(2020, 2025):
        assert f"<td>{year}</td>" in markup
    assert "<details>" not in plots.show(plots.plot_board(results), alt="x").data


def test_chart_data_hides_what_the_chart_hides(results):
    rows = results.copy()
    pick = (rows["indicator"] == 9) & (rows["metric"] == "board_bme_percent") & (rows["year"] == 2021)
    rows.loc[pick, "value"] = np.nan
    rows.loc[pick, "suppressed"] = True
    data = plots.board_data(rows)
    assert (data.loc[data["Year"] == "2021"].iloc[0, 1:4] == "*").all()

"""Server-side SVG bar charts: geometry here, markup in ``meetings/_bar_chart.html``.

No JavaScript and nothing from a CDN: the chart is part of the page, prints, and each bar is a
link to the commitment list it counts.
"""

from collections.abc import Iterable

ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_WIDTH = 170
BAR_AREA = 190
WIDTH = LABEL_WIDTH + BAR_AREA + 50


def bar_chart(rows: Iterable[dict], *, title: str) -> dict:
    """Horizontal bars for ``rows`` (each with ``label``, ``count``, ``query``)."""
    rows = list(rows)
    biggest = max((row["count"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT
        length = round(BAR_AREA * row["count"] / biggest) if row["count"] else 0
        bars.append(
            {
                **row,
                "y": y,
                "bar_y": y + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                "text_y": y + ROW_HEIGHT // 2 + 5,
                "length": max(length, 2) if row["count"] else 0,
                "value_x": LABEL_WIDTH + max(length, 2) + 6,
            }
        )
    return {
        "title": title,
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "total": sum(row["count"] for row in rows),
    }

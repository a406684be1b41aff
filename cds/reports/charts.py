"""Report charts rendered server-side as PNG bytes (design rule: "report charts as PNG
rendered server-side" — no CDN, no JavaScript, nothing fetched at run time), ready for
:meth:`cds.reports.nd30.Nd30Document.image` or an ``<img src="data:…">``.

* matplotlib through :class:`matplotlib.figure.Figure` + ``FigureCanvasAgg`` directly:
  no pyplot, so no global figure registry to leak into and no GUI backend; the Agg backend
  is also selected for anyone who does import pyplot in this process.  matplotlib is not
  thread-safe (shared font caches and rcParams), and Django serves requests in threads, so
  every chart is built and rendered under one module lock — a chart takes ~50–150 ms.
* ``MPLCONFIGDIR``: when unset, a per-user folder under the system temp dir, so matplotlib
  never writes into ``$HOME`` (read-only or absent for a service account) and keeps its font
  cache between processes instead of rebuilding it at every start.
* Fonts: Times New Roman (as in the NĐ 30 document) or its metric twin Liberation Serif
  where installed, else DejaVu Sans, which ships inside matplotlib — each kept only if
  all its styles really have the Vietnamese letters (checked in the cmap of each file,
  see :func:`font_families`), and DejaVu Sans always last in the family list so
  matplotlib's per-glyph fallback can never show an empty box.  Text is
  NFC-normalised: decomposed tone marks would render as detached accents.
* Numbers Vietnamese style ("1.250", "98,5") via :func:`cds.reports.nd30.format_number`.
* Size: 15 cm wide at 150 dpi (≈ 886 px) — the A4 text area is 16,5 cm, so the image is
  embedded at its natural size or slightly scaled; heights depend on the chart.
* Empty data renders a chart saying "Không có dữ liệu" rather than raising, so a report on
  a unit with nothing to show still builds.

Typical use::

    png = quadrant_chart([("CSDL đất đai", 80, 72), ("Cổng DVC", 35, 60)])
    doc.image(png, width_cm=15, caption="Hình 1. Phân loại hệ thống theo mô hình TIME")
"""
from __future__ import annotations

import io
import math
import os
import tempfile
import textwrap
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

if not os.environ.get("MPLCONFIGDIR"):
    _uid = os.getuid() if hasattr(os, "getuid") else "user"
    _cfg = os.path.join(tempfile.gettempdir(), f"cds-matplotlib-{_uid}")
    try:
        os.makedirs(_cfg, mode=0o700, exist_ok=True)
        if os.access(_cfg, os.W_OK):
            os.environ["MPLCONFIGDIR"] = _cfg
    except OSError:  # matplotlib then picks a fresh temp dir itself
        pass

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .nd30 import format_number  # noqa: E402

__all__ = ["EMPTY_TEXT", "PNG_CONTENT_TYPE", "QUADRANT_COLORS", "bar_chart", "font_families", "line_chart",
           "pie_chart", "quadrant_chart", "stacked_bar_chart", "time_quadrant", "vn_number"]

PNG_CONTENT_TYPE = "image/png"
EMPTY_TEXT = "Không có dữ liệu"
DPI = 150
CM = 1 / 2.54  # inches per cm
WIDTH_CM = 15
PRIMARY = "#143d6b"
TEXT_COLOR = "#222222"
GRID_COLOR = "#d0d4da"
# Distinct, print-friendly colours; the first three read as đã nộp / nộp muộn / chưa nộp.
PALETTE = ("#2e7d32", "#f9a825", "#c62828", "#143d6b", "#6a1b9a", "#00838f", "#8d6e63",
           "#9e9e9e", "#ef6c00", "#5c6bc0")

# Letters a font must have to be used: every vowel with the five tone marks comes from the
# same Unicode blocks, so a sample from each block is enough.
_VIETNAMESE = "ĂÂĐÊÔƠƯăâđêôơưÀÁẢÃẠàáảãạẤẦẨẪẬấầẩẫậỆệỐồỖộỚờỞỡỢợỨừỬữỰựỲỳỶỷỸỹỴỵ"
_FONT_CANDIDATES = ("Times New Roman", "Liberation Serif", "DejaVu Sans")
_LOCK = threading.RLock()


# ----------------------------------------------------------------------------- helpers


# The styles the charts use (regular, bold titles and quadrant names, italic "no data").
_STYLES = (("normal", "normal"), ("bold", "normal"), ("normal", "italic"))


def _font_file(family: str, weight: str = "normal", style: str = "normal") -> str:
    """The file matplotlib renders ``family`` in that weight/style with (raises if the
    family is not installed)."""
    return font_manager.findfont(font_manager.FontProperties(family=family, weight=weight, style=style),
                                 fallback_to_default=False)


def has_vietnamese(path: str) -> bool:
    """Whether the font file has every Vietnamese letter (precomposed, as NFC text uses)."""
    try:
        cmap = FT2Font(path).get_charmap()
    except Exception:  # unreadable
        return False
    return all(ord(ch) in cmap for ch in _VIETNAMESE)


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """The font family list every chart uses: the first candidate of
    :data:`_FONT_CANDIDATES` whose regular, bold and italic files (as matplotlib resolves
    them) all have the Vietnamese letters, then DejaVu Sans (bundled with matplotlib) as
    the per-glyph fallback for anything else.

    Every style is checked because one family name can map to several installs: Debian's
    fonts-liberation (1.07, no Vietnamese letters beyond Latin-1 and "Đ") and
    fonts-liberation2 are both "Liberation Serif", and matplotlib may take the regular from
    one and the bold from the other — the per-glyph fallback would then silently print the
    tone-marked letters of bold text in DejaVu Sans, in the middle of serif words."""
    for name in _FONT_CANDIDATES:
        try:
            files = {_font_file(name, w, st) for w, st in _STYLES}
        except Exception:  # not installed
            continue
        if all(has_vietnamese(f) for f in files):
            return (name,) if name == "DejaVu Sans" else (name, "DejaVu Sans")
    return ("DejaVu Sans",)


def _t(text) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def _num(value) -> float:
    """A value as a float; None, NaN and non-numbers count as 0."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(v) else v


def vn_number(value, decimals: int | None = None) -> str:
    """Vietnamese style: 1250 → "1.250", 98.5 → "98,5".  ``decimals`` None shows whole
    numbers without decimals and others with at most 2 (trailing zeros dropped)."""
    v = _num(value)
    if decimals is not None:
        return format_number(v, decimals)
    if float(v).is_integer():
        return format_number(int(v), 0)
    text = format_number(v, 2)
    return text.rstrip("0").rstrip(",")


def _formatter(value_format) -> Callable[[float], str]:
    """``value_format``: None (automatic), an int (number of decimals), a str template where
    "{}" is the Vietnamese-formatted number ("{} tỷ", "{} %"), or any callable."""
    if value_format is None:
        return vn_number
    if callable(value_format):
        return lambda v: _t(value_format(v))
    if isinstance(value_format, int):
        return lambda v: vn_number(v, value_format)
    if isinstance(value_format, str):
        return lambda v: _t(value_format.replace("{}", vn_number(v)))
    raise TypeError("value_format: None, số chữ số thập phân, mẫu chuỗi có '{}' hoặc hàm")


def _wrap(text, width: int, max_lines: int = 3) -> str:
    lines = textwrap.wrap(_t(text), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return "\n".join(lines)


def _short(text, limit: int) -> str:
    text = " ".join(_t(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _new_figure(height_cm: float, width_cm: float = WIDTH_CM) -> Figure:
    fig = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI, layout="constrained",
                 facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _font(size: float = 9, **kw) -> dict:
    return {"family": list(font_families()), "size": size, **kw}


def _style_axes(ax, grid_axis: str | None = "y") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#888888")
    ax.tick_params(colors=TEXT_COLOR, labelsize=8.5)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontfamily(list(font_families()))
    if grid_axis:
        ax.grid(axis=grid_axis, color=GRID_COLOR, linewidth=0.6)
        ax.set_axisbelow(True)


def _set_tick_fonts(ax) -> None:
    """Tick labels are created lazily: set their font after the ticks are final."""
    for axis in (ax.xaxis, ax.yaxis):
        for tick in axis.get_major_ticks():
            tick.label1.set_fontfamily(list(font_families()))


def _title(fig: Figure, title: str) -> None:
    if title:
        fig.suptitle(_wrap(title, 80, 2), color=TEXT_COLOR, **_font(11, weight="bold"))


def _render(fig: Figure) -> bytes:
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    finally:
        fig.clear()  # drop artists now rather than at the next garbage collection
    return buf.getvalue()


def _empty(fig: Figure, title: str = "") -> bytes:
    _title(fig, title)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False,
                           edgecolor=GRID_COLOR, linewidth=1))
    ax.text(0.5, 0.5, EMPTY_TEXT, transform=ax.transAxes, ha="center", va="center",
            color="#777777", **_font(12, style="italic"))
    return _render(fig)


# ------------------------------------------------------------------------------ charts


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "",
              ylabel: str = "", value_format=None, horizontal: bool = False,
              color: str = PRIMARY) -> bytes:
    """One series of bars with its value written at the end of each bar ("1.250",
    "98,5"; see :func:`_formatter` for ``value_format``).  ``horizontal`` suits long
    category names (đơn vị, dự án): the image then grows with the number of bars.
    ``ylabel`` names the value axis whichever way the bars run."""
    with _LOCK:
        labels = [_t(x) for x in labels]
        vals = [_num(v) for v in values]
        n = min(len(labels), len(vals))
        labels, vals = labels[:n], vals[:n]
        if horizontal:
            fig = _new_figure(min(max(5.5, 2.8 + 0.75 * n), 22))
        else:
            fig = _new_figure(9)
        if n == 0:
            return _empty(fig, title)
        fmt = _formatter(value_format)
        _title(fig, title)
        ax = fig.add_subplot()
        pos = list(range(n))
        if horizontal:
            width = 40 if n <= 8 else 32
            bars = ax.barh(pos, vals, color=color, height=0.62)
            ax.set_yticks(pos, [_wrap(x, width) for x in labels])
            ax.invert_yaxis()  # first label on top, as in a table
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: vn_number(v)))
            ax.xaxis.set_major_locator(MaxNLocator(6))
            _style_axes(ax, "x")
            if ylabel:
                ax.set_xlabel(_t(ylabel), **_font(9), color=TEXT_COLOR)
        else:
            width = 16 if n <= 5 else 12 if n <= 8 else 9
            bars = ax.bar(pos, vals, color=color, width=0.62)
            ax.set_xticks(pos, [_wrap(x, width) for x in labels])
            if n > 12:
                ax.tick_params(axis="x", labelrotation=60)
                for lbl in ax.get_xticklabels():
                    lbl.set_ha("right")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: vn_number(v)))
            ax.yaxis.set_major_locator(MaxNLocator(6))
            _style_axes(ax, "y")
            if ylabel:
                ax.set_ylabel(_t(ylabel), **_font(9), color=TEXT_COLOR)
        texts = ax.bar_label(bars, labels=[fmt(v) for v in vals], padding=2,
                             color=TEXT_COLOR, **_font(8.5 if n <= 12 else 7))
        for text in texts:
            text.set_fontfamily(list(font_families()))
        ax.margins(**({"x": 0.12} if horizontal else {"y": 0.12}))
        lo, hi = min(vals + [0]), max(vals + [0])
        if lo == hi == 0:  # all zeros: keep a sensible axis rather than [-0.05, 0.05]
            (ax.set_xlim if horizontal else ax.set_ylim)(0, 1)
        _set_tick_fonts(ax)
        return _render(fig)


def stacked_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float]], *,
                      title: str = "", colors: Sequence[str] | Mapping[str, str] | None = None,
                      horizontal: bool = True, value_label: str = "") -> bytes:
    """Bars split into parts, e.g. per đơn vị: {"Đã nộp": […], "Nộp muộn": […], "Chưa
    nộp": […]}.  Each part shows its count when it is wide enough, the total stands at the
    end of the bar, the legend sits under the chart.  ``colors``: a list in series order or
    a {series: colour} mapping; default :data:`PALETTE` (green, amber, red, …).
    Horizontal by default because unit names are long."""
    with _LOCK:
        labels = [_t(x) for x in labels]
        names = [_t(k) for k in series]
        data = [[_num(v) for v in list(vals)[: len(labels)]] for vals in series.values()]
        data = [row + [0.0] * (len(labels) - len(row)) for row in data]
        n = len(labels)
        if horizontal:
            fig = _new_figure(min(max(6.5, 3.8 + 0.75 * n), 22))
        else:
            fig = _new_figure(10)
        if n == 0 or not data or not any(v for row in data for v in row):
            return _empty(fig, title)
        if isinstance(colors, Mapping):
            cols = [colors.get(k, PALETTE[i % len(PALETTE)]) for i, k in enumerate(series)]
        else:
            seq = list(colors or PALETTE)
            cols = [seq[i % len(seq)] for i in range(len(names))]
        _title(fig, title)
        ax = fig.add_subplot()
        pos = list(range(n))
        totals = [sum(row[i] for row in data) for i in range(n)]
        span = max(totals) or 1
        base = [0.0] * n
        for name, row, col in zip(names, data, cols):
            if horizontal:
                bars = ax.barh(pos, row, left=base, color=col, height=0.62, label=name)
            else:
                bars = ax.bar(pos, row, bottom=base, color=col, width=0.62, label=name)
            shown = [vn_number(v) if v and v / span >= 0.05 else "" for v in row]
            light = _is_dark(col)
            for t in ax.bar_label(bars, labels=shown, label_type="center",
                                  color="white" if light else TEXT_COLOR, **_font(8)):
                t.set_fontfamily(list(font_families()))
            base = [b + v for b, v in zip(base, row)]
        if horizontal:
            for i, total in enumerate(totals):
                ax.text(total + span * 0.01, i, vn_number(total), va="center", ha="left",
                        color=TEXT_COLOR, **_font(8.5, weight="bold"))
            ax.set_yticks(pos, [_wrap(x, 40 if n <= 8 else 32) for x in labels])
            ax.invert_yaxis()
            ax.set_xlim(0, span * 1.1)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: vn_number(v)))
            ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
            _style_axes(ax, "x")
            if value_label:
                ax.set_xlabel(_t(value_label), **_font(9), color=TEXT_COLOR)
        else:
            for i, total in enumerate(totals):
                ax.text(i, total + span * 0.01, vn_number(total), va="bottom", ha="center",
                        color=TEXT_COLOR, **_font(8.5, weight="bold"))
            ax.set_xticks(pos, [_wrap(x, 16 if n <= 5 else 12 if n <= 8 else 9) for x in labels])
            if n > 12:
                ax.tick_params(axis="x", labelrotation=60)
                for lbl in ax.get_xticklabels():
                    lbl.set_ha("right")
            ax.set_ylim(0, span * 1.1)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: vn_number(v)))
            ax.yaxis.set_major_locator(MaxNLocator(6, integer=True))
            _style_axes(ax, "y")
            if value_label:
                ax.set_ylabel(_t(value_label), **_font(9), color=TEXT_COLOR)
        fig.legend(loc="outside lower center", ncols=min(len(names), 4), frameon=False,
                   prop=font_manager.FontProperties(**_font(8.5)))
        _set_tick_fonts(ax)
        return _render(fig)


def line_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
               value_label: str = "", dashed: Sequence[str] = (), colors: Sequence[str] | None = None) -> bytes:
    """Lines over the same categories (months, quarters), e.g. a cumulative figure against its
    target: ``series`` {name: values}, a None value leaves a gap (a month not reached yet).
    The series named in ``dashed`` are drawn dashed (a projection); the legend sits under."""
    with _LOCK:
        labels = [_t(x) for x in labels]
        n = len(labels)
        fig = _new_figure(9)
        rows = {_t(k): [None if v is None else _num(v) for v in list(vals)[:n]] for k, vals in series.items()}
        if n == 0 or not any(v for row in rows.values() for v in row if v is not None):
            return _empty(fig, title)
        seq = list(colors or (PRIMARY, "#ef6c00", "#2e7d32", *PALETTE))
        dashed = {_t(d) for d in dashed}
        _title(fig, title)
        ax = fig.add_subplot()
        pos = list(range(n))
        for i, (name, row) in enumerate(rows.items()):
            values = [math.nan if v is None else v for v in row] + [math.nan] * (n - len(row))
            ax.plot(pos, values, color=seq[i % len(seq)], linewidth=1.8, marker="o", markersize=3,
                    linestyle="--" if name in dashed else "-", label=name)
        ax.set_xticks(pos, labels)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: vn_number(v)))
        ax.yaxis.set_major_locator(MaxNLocator(6))
        _style_axes(ax, "y")
        if value_label:
            ax.set_ylabel(_t(value_label), **_font(9), color=TEXT_COLOR)
        fig.legend(loc="outside lower center", ncols=min(len(rows), 4), frameon=False,
                   prop=font_manager.FontProperties(**_font(8.5)))
        _set_tick_fonts(ax)
        return _render(fig)


def _is_dark(color: str) -> bool:
    r, g, b = matplotlib.colors.to_rgb(color)
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.55


# TIME quadrant colours (light fill, point, quadrant name).
QUADRANT_COLORS = {"invest": "#2e7d32", "tolerate": "#1565c0", "migrate": "#ef6c00",
                   "eliminate": "#c62828"}


def time_quadrant(x: float, y: float, x_threshold: float = 50, y_threshold: float = 50) -> str:
    """The TIME quadrant of a system with technical fitness ``x`` and business value ``y``:
    "invest" (both high), "tolerate" (high fitness, low value), "migrate" (high value, low
    fitness) or "eliminate" (both low).  A value equal to its threshold counts as high."""
    fit, val = _num(x) >= _num(x_threshold), _num(y) >= _num(y_threshold)
    if val:
        return "invest" if fit else "migrate"
    return "tolerate" if fit else "eliminate"


def quadrant_chart(points: Sequence[tuple[str, float, float]], *,
                   x_label: str = "Phù hợp kỹ thuật", y_label: str = "Giá trị mang lại",
                   x_threshold: float = 50, y_threshold: float = 50,
                   quadrant_labels: Sequence[str] = ("Đầu tư thêm", "Duy trì",
                                                     "Chuyển đổi/nâng cấp", "Loại bỏ/dừng"),
                   title: str = "", label_chars: int = 22) -> bytes:
    """Gartner TIME 2×2 chart of systems/projects: ``points`` are (tên, x, y) with x = mức
    phù hợp kỹ thuật (technical fitness) and y = giá trị mang lại (business value), both on
    0–100 (values outside are clipped onto the frame).  The thresholds split the square
    into four lightly shaded quadrants, named in their outer corners:

    ====================  ============================  ================================
    quadrant              meaning                       ``quadrant_labels`` index/default
    ====================  ============================  ================================
    top right             high value, high fitness      [0] "Đầu tư thêm" (Invest)
    bottom right          low value, high fitness       [1] "Duy trì" (Tolerate)
    top left              high value, low fitness       [2] "Chuyển đổi/nâng cấp" (Migrate)
    bottom left           low value, low fitness        [3] "Loại bỏ/dừng" (Eliminate)
    ====================  ============================  ================================

    A point exactly on a threshold counts as high (:func:`time_quadrant`), and is coloured
    like its quadrant.  Each point is labelled with its name
    cut to ``label_chars`` characters; a label is moved around its point (right, left,
    above, below, diagonals) to the first place where it overlaps no label already placed
    and stays inside the frame — with many close points some overlap remains."""
    with _LOCK:
        fig = _new_figure(13.5)
        if not points:
            return _empty(fig, title)
        invest, tolerate, migrate, eliminate = (list(quadrant_labels) + [""] * 4)[:4]
        xt = min(max(_num(x_threshold), 0), 100)
        yt = min(max(_num(y_threshold), 0), 100)
        _title(fig, title)
        ax = fig.add_subplot()
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 100)
        ax.set_xticks(range(0, 101, 10))
        ax.set_yticks(range(0, 101, 10))
        ax.tick_params(labelsize=8, colors=TEXT_COLOR)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_color("#888888")
        # (x0, y0, w, h, colour, label, corner text position, ha, va)
        quads = (
            (xt, yt, 100 - xt, 100 - yt, QUADRANT_COLORS["invest"], invest, (98.5, 98.5), "right", "top"),
            (xt, 0, 100 - xt, yt, QUADRANT_COLORS["tolerate"], tolerate, (98.5, 1.5), "right", "bottom"),
            (0, yt, xt, 100 - yt, QUADRANT_COLORS["migrate"], migrate, (1.5, 98.5), "left", "top"),
            (0, 0, xt, yt, QUADRANT_COLORS["eliminate"], eliminate, (1.5, 1.5), "left", "bottom"),
        )
        corner_texts = []
        for x0, y0, w, h, col, text, (tx, ty), ha, va in quads:
            ax.add_patch(Rectangle((x0, y0), w, h, facecolor=col, alpha=0.09, edgecolor="none",
                                   zorder=0))
            if text:
                corner_texts.append(ax.text(tx, ty, _t(text), ha=ha, va=va, color=col, alpha=0.9,
                                            zorder=1, **_font(10.5, weight="bold")))
        ax.axvline(xt, color="#555555", linewidth=1, linestyle="--", zorder=1)
        ax.axhline(yt, color="#555555", linewidth=1, linestyle="--", zorder=1)
        ax.set_xlabel(_t(x_label), color=TEXT_COLOR, **_font(9.5))
        ax.set_ylabel(_t(y_label), color=TEXT_COLOR, **_font(9.5))

        pts = []
        for item in points:
            name, x, y = item[0], _num(item[1]), _num(item[2])
            pts.append((_short(name, label_chars), min(max(x, 0), 100), min(max(y, 0), 100)))
        for _, x, y in pts:
            col = QUADRANT_COLORS[time_quadrant(x, y, xt, yt)]
            ax.scatter([x], [y], s=34, color=col, edgecolors="white", linewidths=0.8,
                       zorder=3, clip_on=False)
        _set_tick_fonts(ax)
        _place_labels(fig, ax, pts, size=7.5 if len(pts) > 15 else 8, obstacles=corner_texts)
        return _render(fig)


# Offsets in points around a marker, tried in order: right, left, above, below, diagonals,
# then further out.
_OFFSETS = [(6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 6, "center", "bottom"),
            (0, -6, "center", "top"), (5, 5, "left", "bottom"), (-5, 5, "right", "bottom"),
            (5, -5, "left", "top"), (-5, -5, "right", "top"), (6, 12, "left", "bottom"),
            (-6, 12, "right", "bottom"), (6, -12, "left", "top"), (-6, -12, "right", "top"),
            (0, 16, "center", "bottom"), (0, -16, "center", "top")]


# A light halo so a label stays legible over the threshold lines and other markers.
_LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}


def _place_labels(fig: Figure, ax, pts, size: float, obstacles=()) -> None:
    """Greedy placement using the real rendered extents of the labels; ``obstacles`` are
    texts already on the axes (the quadrant names) that labels should not cover."""
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()  # settle the constrained layout before measuring
    frame = ax.get_window_extent(renderer)
    placed = [t.get_window_extent(renderer) for t in obstacles]
    markers = [ax.transData.transform((x, y)) for _, x, y in pts]
    pad = 1.5
    for idx, (name, x, y) in enumerate(pts):
        best = None
        for dx, dy, ha, va in _OFFSETS:
            ann = ax.annotate(name, (x, y), xytext=(dx, dy), textcoords="offset points",
                              ha=ha, va=va, color=TEXT_COLOR, zorder=4, annotation_clip=False,
                              bbox=_LABEL_BOX, **_font(size))
            ann.set_in_layout(False)  # placed after the layout: must not move the axes
            bb = ann.get_window_extent(renderer).expanded(1.0, 1.0)
            inside = (bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0
                      and bb.y1 <= frame.y1)
            hits = sum(1 for other in placed if bb.overlaps(other))
            hits += sum(1 for j, (mx, my) in enumerate(markers) if j != idx and
                        bb.x0 - pad <= mx <= bb.x1 + pad and bb.y0 - pad <= my <= bb.y1 + pad)
            score = hits * 10 + (0 if inside else 5)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, ann, bb)
            else:
                ann.remove()
            if score == 0:
                break
        placed.append(best[2])


def pie_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "",
              colors: Sequence[str] | None = None, value_format=None) -> bytes:
    """Shares of a whole, each slice with its percentage ("45,5%") and the legend giving
    name and value.  Zero and negative values are left out (a pie cannot show them)."""
    with _LOCK:
        fig = _new_figure(9)
        items = [(_t(lbl), _num(v)) for lbl, v in zip(labels, values)]
        items = [(lbl, v) for lbl, v in items if v > 0]
        if not items:
            return _empty(fig, title)
        fmt = _formatter(value_format)
        seq = list(colors or PALETTE)
        cols = [seq[i % len(seq)] for i in range(len(items))]
        _title(fig, title)
        ax = fig.add_subplot()
        wedges, _texts, autotexts = ax.pie(
            [v for _, v in items], colors=cols, startangle=90, counterclock=False,
            autopct=lambda p: (vn_number(round(p, 1)) + "%") if p >= 4 else "",
            pctdistance=0.72, wedgeprops={"edgecolor": "white", "linewidth": 1},
            textprops=_font(8.5))
        for t, col in zip(autotexts, cols):
            t.set_color("white" if _is_dark(col) else TEXT_COLOR)
        ax.set_aspect("equal")
        ax.legend(wedges, [f"{_wrap(lbl, 34, 2)} ({fmt(v)})" for lbl, v in items],
                  loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False,
                  prop=font_manager.FontProperties(**_font(8.5)))
        return _render(fig)

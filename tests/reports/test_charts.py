"""Server-side PNG report charts (cds.reports.charts) — no database."""
import datetime as dt
import gc
import io
import os
import struct
import threading
import unicodedata
import warnings
import zipfile

import pytest
from docx import Document
from matplotlib import _pylab_helpers
from matplotlib.figure import Figure
from PIL import Image

from cds.reports import charts
from cds.reports.charts import (
    EMPTY_TEXT,
    bar_chart,
    font_families,
    pie_chart,
    quadrant_chart,
    stacked_bar_chart,
    time_quadrant,
    vn_number,
)
from cds.reports.nd30 import DocumentHeader, Nd30Document

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH_PX = round(15 / 2.54 * 150)  # 15 cm at 150 dpi ≈ 886 px

UNITS = ["Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nông nghiệp và Môi trường",
         "Ủy ban nhân dân huyện Đồng Xuân", "Sở Y tế"]
SYSTEMS = [
    ("Cổng dịch vụ công trực tuyến tỉnh Sơn Lâm", 80, 72),
    ("Cơ sở dữ liệu đất đai", 35, 60),
    ("Hệ thống quản lý văn bản và điều hành", 55, 30),
    ("Phần mềm kế toán cũ", 20, 15),
    ("Trục liên thông LGSP", 82, 75),
    ("Hệ thống thư điện tử công vụ", 78, 70),
]
# Every Vietnamese letter with every tone mark, in upper and lower case.
ALL_LETTERS = "".join(unicodedata.normalize("NFC", base + tone)
                      for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
                      for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")) + "đĐ"


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, which always comes right after the signature."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def all_charts(vn: str = "") -> dict[str, bytes]:
    return {
        "bar": bar_chart([u + vn for u in UNITS], [1250, 980.5, 3_400_000, 12, 0],
                         title="Tổng mức đầu tư theo đơn vị" + vn, ylabel="Triệu đồng"),
        "barh": bar_chart(UNITS, [1250, 980.5, 340, 12, 0], horizontal=True, title="Theo đơn vị",
                          value_format="{} tr.đ"),
        "stacked": stacked_bar_chart(UNITS, {"Đã nộp": [5, 3, 8, 1, 0], "Nộp muộn": [1, 0, 2, 3, 0],
                                             "Chưa nộp" + vn: [0, 2, 1, 4, 0]},
                                     title="Tình hình nộp báo cáo"),
        "quadrant": quadrant_chart([(n + vn, x, y) for n, x, y in SYSTEMS],
                                   title="Phân loại theo mô hình TIME" + vn),
        "pie": pie_chart(["Hạ tầng", "Ứng dụng, phần mềm", "Cơ sở dữ liệu" + vn, "Đào tạo"],
                         [45, 30, 15, 10], title="Cơ cấu vốn"),
    }


# ------------------------------------------------------------------------ PNG and size


@pytest.mark.parametrize("kind,min_h,max_h", [
    ("bar", 480, 580), ("barh", 300, 500), ("stacked", 350, 600), ("quadrant", 740, 860),
    ("pie", 480, 580),
])
def test_charts_are_png_sized_for_a4(kind, min_h, max_h, sample_charts):
    data = sample_charts[kind]
    width, height = png_size(data)
    assert abs(width - WIDTH_PX) <= 2  # 15 cm wide: fits the 16,5-cm A4 text area
    assert min_h <= height <= max_h
    with Image.open(io.BytesIO(data)) as img:  # a complete, decodable image
        img.load()
        assert img.size == (width, height)


@pytest.fixture(scope="module")
def sample_charts():
    return all_charts()


def test_horizontal_bar_chart_grows_with_bars_within_a_page():
    few = png_size(bar_chart(["A", "B"], [1, 2], horizontal=True))[1]
    many = png_size(bar_chart([f"Đơn vị {i}" for i in range(15)], list(range(15)), horizontal=True))[1]
    huge = png_size(bar_chart([f"Đơn vị {i}" for i in range(200)], list(range(200)), horizontal=True))[1]
    assert few < many <= huge <= round(22 / 2.54 * 150) + 2  # never taller than 22 cm


@pytest.mark.parametrize("make", [
    lambda: bar_chart([], []),
    lambda: bar_chart([], [], horizontal=True, title="Trống"),
    lambda: stacked_bar_chart([], {}),
    lambda: stacked_bar_chart(["Sở Y tế"], {"Đã nộp": [0], "Chưa nộp": [0]}),
    lambda: quadrant_chart([]),
    lambda: pie_chart([], []),
    lambda: pie_chart(["Một", "Hai"], [0, 0]),
])
def test_empty_data_renders_a_no_data_chart(make, capture_figures):
    data = make()
    assert data[:8] == PNG_SIGNATURE
    assert any(t == EMPTY_TEXT for t in capture_figures.texts())


def test_odd_values_do_not_raise():
    for data in (
        bar_chart(["Âm", "Không", "None", "NaN"], [-5, 0, None, float("nan")]),
        bar_chart(["Chỉ số không"], [0, 5, 6]),  # more values than labels: extra ignored
        stacked_bar_chart(["A", "B"], {"Đã nộp": [1]}),  # short series padded with 0
        quadrant_chart([("Ngoài khung", -20, 140), ("Trên ngưỡng", 50, 50)]),
        pie_chart(["Âm", "Dương"], [-3, 4]),
    ):
        assert data[:8] == PNG_SIGNATURE


# ------------------------------------------------------------------- Vietnamese text


def test_vietnamese_text_renders_without_missing_glyphs():
    nfd = unicodedata.normalize("NFD", " — Đầu tư thêm, Chuyển đổi/nâng cấp")  # tone marks apart
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        all_charts(" " + ALL_LETTERS)
        all_charts(nfd)
        quadrant_chart([(ALL_LETTERS, 50, 50)], x_label=ALL_LETTERS, y_label=ALL_LETTERS,
                       quadrant_labels=(ALL_LETTERS[:20], ALL_LETTERS[20:40], ALL_LETTERS[40:60], nfd))
    glyphs = [str(w.message) for w in caught if "glyph" in str(w.message).lower()]
    assert not glyphs, glyphs[:3]


def test_font_has_vietnamese_in_every_style_used():
    """The primary family's regular, bold and italic files must each hold the letters
    themselves: else matplotlib's per-glyph fallback prints them in another font."""
    family = font_families()[0]
    assert font_families()[-1] == "DejaVu Sans"
    for weight, style in charts._STYLES:
        path = charts._font_file(family, weight, style)
        assert charts.has_vietnamese(path), (family, weight, style, path)


def test_text_is_nfc_normalised(capture_figures):
    bar_chart([unicodedata.normalize("NFD", "Sở Tài chính")], [1], title=unicodedata.normalize("NFD", "Đầu tư"))
    assert "Sở Tài chính" in capture_figures.tick_labels()
    assert "Đầu tư" in capture_figures.texts()


# ------------------------------------------------------------------------ numbers


def test_vietnamese_number_format():
    assert vn_number(1250) == "1.250"
    assert vn_number(3_400_000) == "3.400.000"
    assert vn_number(98.5) == "98,5"
    assert vn_number(1250000.25) == "1.250.000,25"
    assert vn_number(12.0) == "12"
    assert vn_number(-1250) == "-1.250"
    assert vn_number(2 / 3) == "0,67"
    assert vn_number(98.5, 2) == "98,50"
    assert vn_number(None) == "0"


def test_bar_values_are_labelled_vietnamese_style(capture_figures):
    bar_chart(["A", "B", "C"], [1250, 98.5, 3_400_000])
    texts = capture_figures.texts()
    assert {"1.250", "98,5", "3.400.000"} <= set(texts)
    assert any("." in t and "," not in t for t in capture_figures.tick_labels())  # "1.000.000"-style axis


@pytest.mark.parametrize("value_format,expected", [
    (1, "98,5"), ("{} %", "98,5 %"), (lambda v: f"{v:.0f} dự án", "98 dự án"),
])
def test_value_format(value_format, expected, capture_figures):
    bar_chart(["A"], [98.5], value_format=value_format)
    assert expected in capture_figures.texts()


def test_bad_value_format_is_refused():
    with pytest.raises(TypeError):
        bar_chart(["A"], [1], value_format=3.5)


def test_stacked_bar_shows_parts_and_totals(capture_figures):
    stacked_bar_chart(["Sở Y tế", "Sở Tài chính"], {"Đã nộp": [5, 3], "Nộp muộn": [1, 0], "Chưa nộp": [0, 2]})
    texts = capture_figures.texts()
    assert {"5", "1", "3", "2"} <= set(texts)  # parts
    assert "6" in texts  # total of the first bar
    assert {"Đã nộp", "Nộp muộn", "Chưa nộp"} <= set(capture_figures.legend_texts())


def test_pie_percentages_vietnamese_style(capture_figures):
    pie_chart(["Hạ tầng", "Phần mềm"], [2, 1])
    assert {"66,7%", "33,3%"} <= set(capture_figures.texts())


# ------------------------------------------------------------------------- TIME


@pytest.mark.parametrize("x,y,quadrant", [
    (80, 80, "invest"), (80, 20, "tolerate"), (20, 80, "migrate"), (20, 20, "eliminate"),
    (50, 50, "invest"), (49.9, 50, "migrate"), (50, 49.9, "tolerate"),
])
def test_time_quadrant(x, y, quadrant):
    assert time_quadrant(x, y) == quadrant


def test_quadrant_names_sit_in_the_time_corners(capture_figures):
    """High value & high fitness = Đầu tư thêm (top right), high value & low fitness =
    Chuyển đổi/nâng cấp (top left), low value & high fitness = Duy trì (bottom right), low
    value & low fitness = Loại bỏ/dừng (bottom left); x = fitness, y = value."""
    quadrant_chart([("X", 10, 10)], x_threshold=40, y_threshold=60)
    ax = capture_figures.axes()
    where = {t["text"]: t["position"] for t in ax["texts"]}
    (x, y) = where["Đầu tư thêm"]
    assert x > 40 and y > 60
    (x, y) = where["Chuyển đổi/nâng cấp"]
    assert x < 40 and y > 60
    (x, y) = where["Duy trì"]
    assert x > 40 and y < 60
    (x, y) = where["Loại bỏ/dừng"]
    assert x < 40 and y < 60
    assert ax["xlim"] == (0, 100) and ax["ylim"] == (0, 100)
    assert ax["xlabel"] == "Phù hợp kỹ thuật" and ax["ylabel"] == "Giá trị mang lại"


def test_quadrants_are_shaded_by_their_colour():
    """Pixels inside each quadrant (no point there) carry that quadrant's tint."""
    with Image.open(io.BytesIO(quadrant_chart([("X", 50, 50)]))) as img:
        img = img.convert("RGB")
        w, h = img.size
        top_right = img.getpixel((int(w * 0.75), int(h * 0.3)))
        top_left = img.getpixel((int(w * 0.3), int(h * 0.3)))
        bottom_right = img.getpixel((int(w * 0.75), int(h * 0.7)))
        bottom_left = img.getpixel((int(w * 0.3), int(h * 0.7)))
    r, g, b = top_right
    assert g > r and g > b  # green: đầu tư thêm
    r, g, b = top_left
    assert r > g > b  # orange: chuyển đổi
    r, g, b = bottom_right
    assert b > r and b > g  # blue: duy trì
    r, g, b = bottom_left
    assert r > g and r > b  # red: loại bỏ
    assert top_right != (255, 255, 255)


def test_quadrant_points_are_labelled_short_and_spread(capture_figures):
    long_name = "Hệ thống thông tin quản lý hồ sơ công việc và văn bản điện tử liên thông bốn cấp"
    quadrant_chart([(long_name, 70, 70), ("Trục LGSP", 71, 71), ("Thư điện tử", 70, 69)], label_chars=20)
    ax = capture_figures.axes()
    notes = [t for t in ax["texts"] if t["offset"] is not None]
    assert len(notes) == 3
    cut = notes[0]["text"]
    assert cut.endswith("…") and len(cut) <= 20 and long_name.startswith(cut[:-1].rstrip())
    offsets = {n["offset"] for n in notes}
    assert len(offsets) == 3  # three close points: three different label positions


# ------------------------------------------------------------------ resources, threads


def test_no_figures_leak():
    gc.collect()
    before = sum(isinstance(o, Figure) for o in gc.get_objects())
    for i in range(50):
        bar_chart(["Sở Y tế", "Sở Tài chính", "Sở Xây dựng"], [i, 2 * i, 3])
        assert _pylab_helpers.Gcf.get_num_fig_managers() == 0
    gc.collect()
    after = sum(isinstance(o, Figure) for o in gc.get_objects())
    assert after - before <= 1


def test_concurrent_requests_render_valid_pngs():
    results, errors = [], []

    def work(i):
        try:
            results.append(quadrant_chart([(f"Hệ thống {i}-{k}", 10 * k, 90 - 10 * k) for k in range(6)]))
            results.append(bar_chart(UNITS, list(range(len(UNITS)))))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 8 and all(r[:8] == PNG_SIGNATURE for r in results)


def test_matplotlib_config_dir_is_writable_and_not_home():
    path = os.environ.get("MPLCONFIGDIR")
    assert path and os.path.isdir(path) and os.access(path, os.W_OK)
    import matplotlib
    assert matplotlib.get_backend().lower() == "agg"


# --------------------------------------------------------------------- in a report


def test_quadrant_chart_embeds_in_nd30_document():
    png = quadrant_chart(SYSTEMS, title="Phân loại hệ thống thông tin theo mô hình TIME")
    doc = Nd30Document(DocumentHeader(
        parent_body="UBND tỉnh Sơn Lâm", issuer="Sở Khoa học và Công nghệ", number=5, symbol="BC-SKHCN",
        place="Sơn Lâm", date=dt.date(2026, 1, 5), doc_type_name="Báo cáo",
        subject="Kết quả rà soát, đánh giá hiệu quả các hệ thống thông tin"))
    doc.paragraph("Kết quả phân loại các hệ thống thông tin theo mô hình TIME như sau:")
    doc.image(png, width_cm=15, caption="Hình 1. Phân loại hệ thống thông tin theo mô hình TIME")
    data = doc.to_bytes()

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and media[0].endswith(".png")
        assert zf.read(media[0]) == png
        content_types = zf.read("[Content_Types].xml").decode()
        assert "image/png" in content_types
    reopened = Document(io.BytesIO(data))
    [shape] = reopened.inline_shapes
    assert abs(shape.width.cm - 15) < 0.01
    w, h = png_size(png)
    assert abs(shape.height.cm - 15 * h / w) < 0.05  # aspect ratio kept
    texts = [p.text for p in reopened.paragraphs]
    assert "Hình 1. Phân loại hệ thống thông tin theo mô hình TIME" in texts


# ------------------------------------------------------------------------ fixtures


class _Captured:
    def __init__(self):
        self.figures = []

    def _artists(self):
        assert self.figures, "no chart rendered"
        return self.figures[-1]

    def axes(self):
        return self._artists()["axes"][0]

    def texts(self):
        return self._artists()["texts"]

    def tick_labels(self):
        return self._artists()["ticks"]

    def legend_texts(self):
        return self._artists()["legend"]


@pytest.fixture
def capture_figures(monkeypatch):
    """Records the text of each figure just before it is rendered (and cleared)."""
    captured = _Captured()
    original = charts._render

    def spy(fig):
        fig.draw_without_rendering()
        texts = [t.get_text() for t in fig.texts]  # the suptitle is one of them
        ticks, legend, axes = [], [], []
        for ax in fig.axes:
            texts += [t.get_text() for t in ax.texts]
            ticks += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
            if ax.get_legend():
                legend += [t.get_text() for t in ax.get_legend().get_texts()]
            axes.append({  # fig.clear() empties the axes after rendering: copy what tests read
                "texts": [{"text": t.get_text(), "position": tuple(t.get_position()),
                           "offset": tuple(t.xyann) if hasattr(t, "xyann") else None} for t in ax.texts],
                "xlim": tuple(ax.get_xlim()), "ylim": tuple(ax.get_ylim()),
                "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel()})
        for lg in fig.legends:
            legend += [t.get_text() for t in lg.get_texts()]
        captured.figures.append({"axes": axes, "texts": texts, "ticks": ticks, "legend": legend})
        return original(fig)

    monkeypatch.setattr(charts, "_render", spy)
    return captured

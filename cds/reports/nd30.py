"""Word (.docx) documents laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ
thuật trình bày văn bản hành chính) — the one builder behind every report the system
exports: báo cáo rà soát, đánh giá hiệu quả; báo cáo thẩm định; dự thảo quyết định phê
duyệt; báo cáo theo chỉ đạo.

Why build in code rather than fill a .docx template: the layout rules (cỡ chữ, kẻ dòng, số
0 đứng trước, ô số trống trên dự thảo, trang 1 không đánh số, phụ lục đánh số trang riêng)
are identical for every report and easy to break by hand-editing a template; here they live
in one place and are checked by tests (tests/reports/test_nd30.py).

Choices made inside the ranges NĐ 30 allows (its Phụ lục I gives ranges, not single values):

* A4 dọc, lề trên 20, dưới 20, trái 30, phải 15 mm; số trang cỡ 13 ở giữa lề trên, không
  hiện ở trang 1 ("different first page"); mỗi phụ lục là một section mới, đánh số trang
  lại từ 1 ("số trang của Phụ lục được đánh số riêng theo từng Phụ lục").
* Times New Roman everywhere — on the document defaults, the Normal style *and* every run,
  with ``w:rFonts`` ascii/hAnsi/cs/eastAsia all set.  Word picks the font slot character by
  character (quotes, "…" and some punctuation can come from the East-Asian slot), and the
  stock python-docx template points every slot at theme fonts (Calibri/Cambria): setting
  only the visible font name is how "TNR" documents end up with stray characters in
  another font.
* Cỡ chữ (class :class:`Size`): Quốc hiệu 12, Tiêu ngữ 13, cơ quan chủ quản / ban hành 13
  (12 when that keeps a long name on one line of its 75-mm column), "Số:" 13, địa danh
  và ngày 13 (same size as "Số:" so both sit on one baseline), tên loại và trích yếu 14,
  nội dung 14, bảng 12, "Nơi nhận:" 12, danh sách nơi nhận 11, chức vụ và họ tên người
  ký 14.
* Đường kẻ (dưới Tiêu ngữ, tên cơ quan ban hành, trích yếu) = bottom border of an empty
  1-pt paragraph whose left/right indents make it as long as the rule must be.  Unlike a
  drawn shape it has no anchor to drift, renders identically in Word and LibreOffice, and
  cannot make the text above wrap.  Lengths come from Times New Roman advance widths
  (:func:`text_width_mm`): the Tiêu ngữ rule is as long as the text, the others 40 % of it
  (NĐ 30: 1/3–1/2).
* Text is NFC-normalised: decomposed tone marks (common in text pasted from PDFs or macOS)
  render as detached accents in Times New Roman.

Typical use (see also the module tests)::

    doc = Nd30Document(DocumentHeader(
        parent_body="UBND TỈNH SƠN LÂM", issuer="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        number=5, symbol="BC-SKHCN", place="Sơn Lâm", date=dt.date(2026, 1, 5),
        doc_type_name="BÁO CÁO", subject="Kết quả rà soát …"))
    doc.heading("Kết quả rà soát")              # "I. KẾT QUẢ RÀ SOÁT"
    doc.paragraph("Thực hiện Kế hoạch số …")
    doc.table(["STT", "Dự án", "Tổng mức (đồng)"], [[1, "CSDL đất đai", 1_250_000_000]])
    doc.closing(Signer(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Văn An"),
                recipients=["UBND tỉnh (b/c)"], archive="VT, CĐS")
    doc.appendix("Danh mục dự án", landscape=True)
    doc.table(...)
    data = doc.to_bytes()
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from cds.text.chars import xml_safe
from cds.text.format import cell_text, format_number, format_vnd

__all__ = [
    "DOCX_CONTENT_TYPE", "QUOC_HIEU", "TIEU_NGU", "DocumentHeader", "Nd30Document", "Signer", "Size", "Total",
    "fast_table", "format_date", "format_number", "format_vnd", "number_symbol", "roman", "text_width_mm",
]

FONT = "Times New Roman"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

PAGE_SHORT_MM, PAGE_LONG_MM = 210, 297  # A4
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15
HEADER_DISTANCE_MM = 10  # page number sits inside the 20 mm top margin
FIRST_LINE_INDENT_MM = 12.7  # 1,27 cm
# The two header columns (75 + 90 = 165 mm, the text width): the right one just holds the
# Quốc hiệu at 12 pt (88 mm), the left one "SỞ KHOA HỌC VÀ CÔNG NGHỆ" at 13 pt (70 mm).
HEADER_LEFT_MM, HEADER_RIGHT_MM = 75, 90
BLANK = " " * 6  # stands for the number/day/month a draft does not have yet


class Size:
    """Point sizes of each element (all inside the NĐ 30 ranges)."""

    QUOC_HIEU = 12
    TIEU_NGU = 13
    ORGAN = 13  # cơ quan chủ quản / cơ quan ban hành (12 when that keeps a name on one line)
    NUMBER = 13  # "Số: …"
    DATE = 13
    TITLE = 14  # tên loại, trích yếu, tên phụ lục
    VV = 13  # "V/v …" of a công văn
    BODY = 14
    TABLE = 12
    NOI_NHAN = 12
    RECIPIENTS = 11
    SIGNER = 14
    PAGE_NUMBER = 13
    CAPTION = 13


# ---------------------------------------------------------------------------- formatting


def _nfc(text) -> str:
    """NFC, with any character a .docx cannot hold replaced by "�" (a stored value never stops
    a document)."""
    return xml_safe(unicodedata.normalize("NFC", str(text)))


def format_date(date: dt.date | None, year: int | None = None) -> str:
    """"ngày 05 tháng 01 năm 2026": NĐ 30 puts a 0 before days below 10 and months 1 and 2
    only (so 5 March is "ngày 05 tháng 3").  Without a date (a draft not yet signed) the day
    and month are left blank for the văn thư to fill in; ``year`` may pre-fill the year."""
    if date is None:
        return f"ngày{BLANK}tháng{BLANK}năm {year if year else BLANK}".rstrip()
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {day} tháng {month} năm {date.year}"


def number_symbol(number: int | str | None, symbol: str) -> str:
    """"05/BC-SKHCN": số (0 before numbers below 10) "/" ký hiệu, groups joined by "-"
    without spaces.  The ký hiệu keeps the caller's case: it is upper case except for the
    official mixed-case abbreviations of Phụ lục III (TTr, CTr, QyĐ, TrS), which must stay
    as they are ("10/TTr-SKHCN").  No number (a draft) leaves a blank for the registry
    number."""
    symbol = "".join(_nfc(symbol).split())
    if number is None or str(number).strip() == "":
        num = BLANK
    else:
        num = str(number).strip()
        if num.isdigit() and int(num) < 10:
            num = f"{int(num):02d}"
    return f"{num}/{symbol}"


def roman(n: int) -> str:
    """Roman numeral (I, II, … — used for mục "I." and "Phụ lục I")."""
    if n <= 0:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


# Điểm are lettered in Vietnamese alphabetical order (NĐ 30): a, b, c, d, đ, e, g, h, i, k …
VN_LETTERS = "abcdđeghiklmnopqrstuvxy"

# Advance widths (1/1000 em) of Times New Roman, regular and bold, for the characters that
# occur in names and titles; Vietnamese letters are measured by their base letter.
_W_REGULAR = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-/()&",
    [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
     556, 611, 722, 722, 944, 722, 722, 611,
     444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333,
     389, 278, 500, 500, 722, 500, 500, 444]
    + [500] * 10 + [250, 250, 250, 278, 278, 333, 278, 333, 333, 778]))
_W_BOLD = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-/()&",
    [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
     556, 667, 722, 722, 1000, 722, 722, 667,
     500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
     389, 333, 556, 500, 722, 500, 500, 444]
    + [500] * 10 + [250, 250, 250, 333, 333, 333, 278, 333, 333, 833]))
_HORN = "\u031b"


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Approximate printed width of the longest line of ``text`` in Times New Roman.

    Good to a few per cent, which is all the decorative rules need; it never decides
    whether text fits (Word wraps text itself)."""
    table = _W_BOLD if bold else _W_REGULAR
    widest = 0.0
    for line in _nfc(text).split("\n"):
        units = 0
        for ch in line:
            base = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
            units += table.get(base[0], 500)
            if _HORN in base and base[0] != "O":  # ơ, ư, Ư are wider than o, u, U; Ơ is not
                units += 60 if base[0] == "U" else 40
        widest = max(widest, units)
    return widest / 1000 * size_pt * 25.4 / 72


# ------------------------------------------------------------------ low-level XML helpers

# Schema order of child elements (python-docx does not know all of them); Word rejects a
# file whose properties are out of order.
_SEQ = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
              "w:sectPr", "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
              "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
              "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
              "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
              "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual",
                "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr",
                 "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType",
                 "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                 "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                 "w:sectPrChange"),
}


def _el(tag: str, **attrs) -> OxmlElement:
    """``<w:tag w:attr="…">``; the "w:" prefix may be left out of ``tag``."""
    el = OxmlElement(tag if ":" in tag else f"w:{tag}")
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def _put(parent, child):
    """Put ``child`` into ``parent`` at its schema position, replacing one of the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    prefix = "w:" + parent.tag.rsplit("}", 1)[1]
    seq = _SEQ[prefix]
    name = "w:" + child.tag.rsplit("}", 1)[1]
    parent.insert_element_before(child, *seq[seq.index(name) + 1:])
    return child


def _fonts_el() -> OxmlElement:
    return _el("rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)


def _set_run_fonts(run) -> None:
    _put(run._r.get_or_add_rPr(), _fonts_el())


def _border(tag: str, val: str = "single", sz: int = 4) -> OxmlElement:
    if val in ("nil", "none"):
        return _el(tag, val="nil")
    return _el(tag, val=val, sz=sz, space=0, color="000000")


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def _fmt(p, align="left", *, before=0.0, after=0.0, line=1.0, first_line=None, left=None,
         right=None, keep_next=False):
    """Direct paragraph formatting; every paragraph states its own so nothing depends on
    the style defaults of whatever program opens the file."""
    pf = p.paragraph_format
    pf.alignment = _ALIGN[align]
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if first_line is not None:
        pf.first_line_indent = Mm(first_line)
    if left is not None:
        pf.left_indent = Mm(left)
    if right is not None:
        pf.right_indent = Mm(right)
    if keep_next:
        pf.keep_with_next = True
    return p


def _run(p, text: str, size: float, *, bold=False, italic=False):
    """Add ``text`` to ``p``; "\\n" becomes a line break inside the paragraph."""
    first = None
    for i, line in enumerate(_nfc(text).split("\n")):
        run = p.add_run(line)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
        _set_run_fonts(run)
        if i:
            run._r.insert(0 if run._r.rPr is None else 1, OxmlElement("w:br"))
        first = first or run
    return first


def _mark_size(p, size_pt: float) -> None:
    """Font size of the paragraph mark — the height of an otherwise empty paragraph."""
    rpr = _put(p._p.get_or_add_pPr(), OxmlElement("w:rPr"))
    rpr.append(_fonts_el())
    half = str(max(2, round(size_pt * 2)))
    rpr.append(_el("sz", val=half))
    rpr.append(_el("szCs", val=half))


def _add_parts(p, parts, size, bold=False, italic=False):
    """``parts`` is a string or a sequence of strings and (text, flags) pairs, flags being
    any of "b" (bold) and "i" (italic): ``[("Điều 1. ", "b"), "Phê duyệt …"]``."""
    if isinstance(parts, str):
        parts = [parts]
    for part in parts:
        if isinstance(part, str):
            _run(p, part, size, bold=bold, italic=italic)
        else:
            text, flags = part
            _run(p, text, size, bold=bold or "b" in flags, italic=italic or "i" in flags)
    return p


def _punctuate(items: Iterable[str], sep: str = ";", end: str = ".") -> list[str]:
    """NĐ 30 lists: each line ends with ";" and the last with "." whatever the caller typed."""
    items = [_nfc(i).strip().rstrip(";.,").rstrip() for i in items if _nfc(i).strip()]
    return [i + (end if n == len(items) - 1 else sep) for n, i in enumerate(items)]


# ------------------------------------------------------------------------------ the model


@dataclass
class DocumentHeader:
    """Thể thức of page 1.  ``doc_type_name`` None makes a công văn (no tên loại; the
    trích yếu goes under "Số:" after "V/v").  Upper-case elements are upper-cased here, so
    callers may pass them in any case (not the ký hiệu: see :func:`number_symbol`)."""

    issuer: str  # tên cơ quan ban hành, e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ" ("\n" to break)
    symbol: str  # ký hiệu as written, e.g. "BC-SKHCN", "TTr-SKHCN" (công văn: "SKHCN-CĐS")
    place: str  # địa danh, e.g. "Sơn Lâm"
    date: dt.date | None = None  # None on a draft: "ngày      tháng      năm …"
    number: int | str | None = None  # None on a draft: "Số:      /BC-SKHCN"
    parent_body: str | None = None  # cơ quan chủ quản, e.g. "UBND TỈNH SƠN LÂM"
    doc_type_name: str | None = None  # "BÁO CÁO", "QUYẾT ĐỊNH", "TỜ TRÌNH"…; None = công văn
    subject: str | None = None  # trích yếu
    authority: str | None = None  # QĐ: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LÂM" under trích yếu
    addressees: Sequence[str] = ()  # "Kính gửi:" (báo cáo, tờ trình lên cấp trên; công văn)
    legal_bases: Sequence[str] = ()  # "Căn cứ …" lines, italic; ";" / "." added
    issuer_name: str | None = None  # "Sở Khoa học và Công nghệ", for "(Kèm theo … của …)"
    draft_year: int | None = None  # year shown when ``date`` is None

    @property
    def is_cong_van(self) -> bool:
        return not self.doc_type_name

    @property
    def number_line(self) -> str:
        return f"Số: {number_symbol(self.number, self.symbol)}"

    @property
    def date_line(self) -> str:
        return f"{_nfc(self.place).strip()}, {format_date(self.date, self.draft_year)}"

    @property
    def reference(self) -> str:
        """"(Kèm theo Báo cáo số 05/BC-SKHCN ngày 05 tháng 01 năm 2026 của Sở …)" — the
        line under the title of every appendix."""
        kind = _nfc(self.doc_type_name).capitalize() if self.doc_type_name else "Công văn"
        text = f"Kèm theo {kind} số {number_symbol(self.number, self.symbol)} " \
               f"{format_date(self.date, self.draft_year)}"
        if self.issuer_name:
            text += f" của {_nfc(self.issuer_name).strip()}"
        return f"({text})"


@dataclass
class Signer:
    """Quyền hạn, chức vụ (bold, upper case, one per line: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC";
    or "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), then room for the signature
    (or a PNG of it, blue on transparent per NĐ 30), then the name in bold."""

    title: str | Sequence[str]
    name: str = ""
    signature_png: bytes | None = None
    signature_width_mm: float = 35

    @property
    def title_lines(self) -> list[str]:
        lines = self.title.split("\n") if isinstance(self.title, str) else list(self.title)
        return [_nfc(t).strip().upper() for t in lines if str(t).strip()]


class Nd30Document:
    """Builds one NĐ 30 document: the header is laid out on construction, then body calls
    are appended in reading order — headings, paragraphs, tables, images — then
    :meth:`closing` (nơi nhận + chữ ký), then any :meth:`appendix` with its own content.

    Every method returns the python-docx object it created for a caller that needs a
    special tweak; :attr:`docx` is the whole python-docx document."""

    def __init__(self, header: DocumentHeader, *, body_size: float = Size.BODY,
                 line_spacing: float = 1.15):
        if not 1.0 <= line_spacing <= 1.5:
            raise ValueError("NĐ 30: khoảng cách dòng từ dòng đơn đến 1,5 dòng")
        self.header = header
        self.body_size = body_size
        self.line_spacing = line_spacing
        self.docx = Document()
        self._levels = [0, 0, 0]
        self._articles = 0
        self._appendices = 0
        self._setup_styles()
        self._setup_section(self.docx.sections[0], landscape=False, restart=False)
        self._properties()
        self._render_header()

    # -------------------------------------------------------------------- page and styles

    def _setup_styles(self) -> None:
        styles_el = self.docx.styles.element
        rpr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr_default is not None:
            _put(rpr_default, _fonts_el())
            _put(rpr_default, _el("lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA"))
        ppr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:pPrDefault") + "/" + qn("w:pPr"))
        if ppr_default is not None:
            _put(ppr_default, _el("spacing", before=0, after=0, line=240, lineRule="auto"))
        normal = self.docx.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.body_size)
        rpr = normal.element.get_or_add_rPr()
        _put(rpr, _fonts_el())
        _put(rpr, _el("lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA"))
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0

    def _setup_section(self, section, *, landscape: bool, restart: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(PAGE_LONG_MM), Mm(PAGE_SHORT_MM)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(PAGE_SHORT_MM), Mm(PAGE_LONG_MM)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
        section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)
        section.gutter = Mm(0)
        if restart:
            _put(section._sectPr, _el("pgNumType", start=1))
        # Page 1 of the document (and of each appendix) shows no number: a first-page header
        # that is empty, the other pages a centred PAGE field.  Each section gets its own
        # definitions rather than inheriting them, which LibreOffice handles more reliably.
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False
        _mark_size(_fmt(first.paragraphs[0]), Size.PAGE_NUMBER)
        header = section.header
        header.is_linked_to_previous = False
        _page_field(_fmt(header.paragraphs[0], "center"), Size.PAGE_NUMBER)

    def _properties(self) -> None:
        h = self.header
        props = self.docx.core_properties
        props.title = " ".join(_nfc(h.subject or h.doc_type_name or "").split())[:250]
        props.subject = _nfc(h.doc_type_name or "Công văn")
        props.author = props.last_modified_by = _nfc(h.issuer_name or h.issuer).replace("\n", " ")
        props.language = "vi-VN"
        props.identifier = number_symbol(h.number, h.symbol).strip()
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        props.created = props.modified = now
        props.revision = 1
        props.comments = ""
        props.keywords = ""

    def _avail_mm(self) -> float:
        s = self.docx.sections[-1]
        return (s.page_width - s.left_margin - s.right_margin) / 36000

    # ----------------------------------------------------------------------------- header

    def _rule(self, container, length_mm: float, avail_mm: float, *, after: float = 0):
        """A horizontal rule ``length_mm`` long, centred in ``avail_mm`` (see module doc),
        2 pt below the line above so it clears the dots under Ọ, Ệ…"""
        length_mm = max(5.0, min(length_mm, avail_mm))
        indent = (avail_mm - length_mm) / 2
        p = _fmt(container.add_paragraph(), "center", before=2, after=after, left=indent, right=indent)
        _put(p._p.get_or_add_pPr(), OxmlElement("w:pBdr")).append(
            _el("bottom", val="single", sz=6, space=1, color="000000"))
        _mark_size(p, 1)
        return p

    @staticmethod
    def _layout_table(doc_or_cell, widths_mm: Sequence[float]):
        """Borderless fixed-width table for layout (header, signature block)."""
        t = doc_or_cell.add_table(rows=1, cols=len(widths_mm))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        tblPr = t._tbl.tblPr
        _put(tblPr, _el("tblW", w=round(sum(widths_mm) * 56.6929), type="dxa"))
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_border(f"w:{side}", "nil"))
        _put(tblPr, borders)
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margins.append(_el(side, w=0, type="dxa"))
        _put(tblPr, margins)
        for col, w in zip(t.columns, widths_mm):
            col.width = Mm(w)
        for cell, w in zip(t.rows[0].cells, widths_mm):
            cell.width = Mm(w)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        return t

    def _render_header(self) -> None:
        h = self.header
        left_w, right_w = HEADER_LEFT_MM, HEADER_RIGHT_MM
        t = self._layout_table(self.docx, (left_w, right_w))
        t.add_row()
        for cell, w in zip(t.rows[1].cells, (left_w, right_w)):
            cell.width = Mm(w)
        top_left, top_right = t.rows[0].cells
        bottom_left, bottom_right = t.rows[1].cells

        # Ô 2: cơ quan chủ quản (upright) and cơ quan ban hành (bold) with a short rule.
        p = _fmt(top_left.paragraphs[0], "center")
        issuer = _nfc(h.issuer).strip().upper()
        parent = _nfc(h.parent_body).strip().upper() if h.parent_body else ""
        size = Size.ORGAN
        if max(text_width_mm(issuer, size, True), text_width_mm(parent, size)) > left_w:
            size = 12  # still within NĐ 30's 12–13, and a wrapped name looks worse
        if parent:
            _run(p, parent, size)
            p = _fmt(top_left.add_paragraph(), "center")
        _run(p, issuer, size, bold=True)
        self._rule(top_left, 0.4 * min(text_width_mm(issuer, size, True), left_w), left_w)

        # Ô 1: Quốc hiệu and Tiêu ngữ, a rule as long as the Tiêu ngữ.
        _run(_fmt(top_right.paragraphs[0], "center"), QUOC_HIEU, Size.QUOC_HIEU, bold=True)
        _run(_fmt(top_right.add_paragraph(), "center"), TIEU_NGU, Size.TIEU_NGU, bold=True)
        self._rule(top_right, text_width_mm(TIEU_NGU, Size.TIEU_NGU, True), right_w)

        # Ô 3 and 4 on one line: "Số: …" and "địa danh, ngày …" (italic).
        _run(_fmt(bottom_left.paragraphs[0], "center", before=6), h.number_line, Size.NUMBER)
        if h.is_cong_van and h.subject:
            _run(_fmt(bottom_left.add_paragraph(), "center", before=6), f"V/v {_nfc(h.subject).strip()}",
                 Size.VV)
        _run(_fmt(bottom_right.paragraphs[0], "center", before=6), h.date_line, Size.DATE, italic=True)
        for row in t.rows:
            _cant_split(row)

        avail = self._avail_mm()
        if not h.is_cong_van:
            # Ô 5a: tên loại and trích yếu, centred, bold, rule 40 % of the trích yếu.
            p = _fmt(self.docx.add_paragraph(), "center", before=24, keep_next=True)
            _run(p, _nfc(h.doc_type_name).strip().upper(), Size.TITLE, bold=True)
            if h.subject:
                subject = _nfc(h.subject).strip()
                _run(_fmt(self.docx.add_paragraph(), "center", keep_next=True), subject, Size.TITLE, bold=True)
                width = min(text_width_mm(subject, Size.TITLE, True), avail)
                self._rule(self.docx, 0.4 * width, avail)
            if h.authority:
                _run(_fmt(self.docx.add_paragraph(), "center", before=12, keep_next=True),
                     _nfc(h.authority).strip().upper(), Size.TITLE, bold=True)
        if h.addressees:
            self._addressees(h.addressees, before=12)
        if h.legal_bases:
            for i, basis in enumerate(_punctuate(h.legal_bases)):
                self.paragraph(basis, italic=True, before=12 if i == 0 else None)

    def _addressees(self, names: Sequence[str], before: float) -> None:
        """"Kính gửi:" — one addressee on the same line; several as "- …;" lines whose dashes
        line up after the colon, the last ending with "."."""
        size = self.body_size
        label = "Kính gửi:"
        avail = self._avail_mm()
        names = [_nfc(n).strip() for n in names if str(n).strip()]
        if not names:
            return
        if len(names) == 1:
            _run(_fmt(self.docx.add_paragraph(), "center", before=before), f"{label} {names[0]}", size)
            return
        items = ["- " + n for n in _punctuate(n.lstrip("-– ").strip() for n in names)]
        label_w = text_width_mm(label, size) + 2.5
        block = label_w + max(text_width_mm(i, size) for i in items)
        start = max(0.0, (avail - block) / 2)
        for n, item in enumerate(items):
            p = _fmt(self.docx.add_paragraph(), "left", before=before if n == 0 else 0,
                     left=start + label_w, first_line=-label_w if n == 0 else 0)
            if n == 0:
                p.paragraph_format.tab_stops.add_tab_stop(Mm(start + label_w))
                _run(p, f"{label}\t{item}", size)
            else:
                _run(p, item, size)

    # ------------------------------------------------------------------------------- body

    def paragraph(self, text, *, bold: bool = False, italic: bool = False, align: str = "justify",
                  indent: bool = True, size: float | None = None, before: float | None = None,
                  keep_with_next: bool = False):
        """A body paragraph: justified, first line indented 1,27 cm, 6 pt before, line
        spacing as configured.  ``text`` may mix styles: ``[("Điều 1. ", "b"), "…"]``."""
        p = _fmt(self.docx.add_paragraph(), align, before=6 if before is None else before,
                 line=self.line_spacing, first_line=FIRST_LINE_INDENT_MM if indent else 0,
                 keep_next=keep_with_next)
        return _add_parts(p, text, size or self.body_size, bold=bold, italic=italic)

    def mark_draft(self) -> None:
        """"DỰ THẢO" in bold at the top right of page 1, above the letterhead (a document not yet
        signed or published)."""
        p = self.paragraph("DỰ THẢO", bold=True, align="right", indent=False, before=0)
        body = self.docx.element.body
        body.remove(p._p)
        body.insert(0, p._p)

    def bullet(self, text, level: int = 1):
        """A "- …" line (level 2: "+ …"), formatted as a body paragraph — Vietnamese
        administrative texts write the dash, they do not use Word list bullets."""
        mark = "- " if level <= 1 else "+ "
        parts = [mark + text] if isinstance(text, str) else [mark, *text]
        return self.paragraph(parts)

    def heading(self, text: str, level: int = 1, number: str | None = None):
        """Numbered heading in the style of a báo cáo: level 1 "I. TIÊU ĐỀ" (upper case,
        bold), level 2 "1. Tiêu đề" (bold), level 3 "a) Tiêu đề" (bold italic, letters in
        Vietnamese order).  Numbers run automatically (restarting under each parent and in
        each appendix); ``number`` replaces the label ("" for none) without touching the
        count."""
        if level not in (1, 2, 3):
            raise ValueError("level must be 1, 2 or 3")
        text = _nfc(text).strip()
        if number is None:
            self._levels[level - 1] += 1
            for deeper in range(level, 3):
                self._levels[deeper] = 0
            n = self._levels[level - 1]
            label = {1: f"{roman(n)}.", 2: f"{n}.", 3: f"{VN_LETTERS[(n - 1) % len(VN_LETTERS)]})"}[level]
        else:
            label = number
        if level == 1:
            text = text.upper()
        full = f"{label} {text}".strip()
        p = _fmt(self.docx.add_paragraph(), "justify", before=12 if level == 1 else 6,
                 line=self.line_spacing, first_line=FIRST_LINE_INDENT_MM, keep_next=True)
        _put(p._p.get_or_add_pPr(), _el("outlineLvl", val=level - 1))  # Word's navigation pane
        _run(p, full, self.body_size, bold=True, italic=level == 3)
        return p

    def article(self, text: str = "", title: str | None = None, number: int | None = None):
        """"Điều 1. …" of a quyết định: "Điều n." (and its title, if any) bold, then the
        text, indented like a body paragraph."""
        if number is None:
            self._articles += 1
            number = self._articles
        head = f"Điều {number}." + (f" {_nfc(title).strip()}" if title else "")
        parts = [(head, "b")] + ([" " + _nfc(text).strip()] if text else [])
        return self.paragraph(parts)

    def centered(self, text: str, *, bold: bool = True, italic: bool = False,
                 size: float | None = None, before: float = 6):
        """A centred line, e.g. "QUYẾT ĐỊNH:" after the căn cứ of a quyết định, or "Phần I"."""
        p = _fmt(self.docx.add_paragraph(), "center", before=before, line=self.line_spacing,
                 keep_next=True)
        _run(p, text, size or self.body_size, bold=bold, italic=italic)
        return p

    def page_break(self) -> None:
        p = _fmt(self.docx.add_paragraph())
        p.add_run().add_break(WD_BREAK.PAGE)

    def image(self, png: bytes, width_cm: float = 15, caption: str | None = None):
        """A picture (PNG/JPEG bytes) centred, never wider than the text area, with an
        optional italic caption under it."""
        width = min(width_cm * 10, self._avail_mm())
        p = _fmt(self.docx.add_paragraph(), "center", before=6, keep_next=bool(caption))
        p.add_run().add_picture(io.BytesIO(png), width=Mm(width))
        if caption:
            _run(_fmt(self.docx.add_paragraph(), "center", before=3), caption, Size.CAPTION, italic=True)
        return p

    def table(self, columns: Sequence[str], rows: Iterable[Sequence | str], *,
              widths: Sequence[float] | None = None, align: Sequence[str | None] | None = None,
              size: float = Size.TABLE, bold_rows: Iterable[int] = (), title: str | None = None,
              unit: str | None = None):
        """A bordered table spanning the text width.

        * ``columns``: header texts — bold, centred, repeated at the top of every page.
        * ``rows``: sequences of cell values.  int/Decimal → "1.250.000.000", right-aligned;
          float → up to 2 decimals with a comma ("98,5"); None → empty; str as is ("\\n"
          breaks the line).  A row given as a plain ``str`` spans all columns in bold — for
          group rows like "A. DỰ ÁN CHUYỂN TIẾP".
        * ``widths``: relative column widths (any unit); default equal.
        * ``align``: per column "left" / "center" / "right" / None (automatic: a column
          headed "STT" centred, numbers right, text left).
        * ``bold_rows``: indexes (0-based, in ``rows``) of rows to print bold, e.g. totals.
        * ``title`` (bold, centred, above) and ``unit`` ("Đơn vị tính: đồng", italic, right).
        """
        avail = self._avail_mm()
        n = len(columns)
        weights = list(widths) if widths else [1.0] * n
        if len(weights) != n or (align is not None and len(align) != n):
            raise ValueError("widths/align must have one entry per column")
        col_mm = [avail * w / sum(weights) for w in weights]
        rows = list(rows)
        bold_rows = set(bold_rows)
        if title:
            _run(_fmt(self.docx.add_paragraph(), "center", before=6, keep_next=True), title,
                 Size.CAPTION, bold=True)
        if unit:
            _run(_fmt(self.docx.add_paragraph(), "right", before=3 if title else 6, keep_next=True),
                 unit, size, italic=True)

        t = self.docx.add_table(rows=1 + len(rows), cols=n)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        tblPr = t._tbl.tblPr
        _put(tblPr, _el("tblW", w=round(sum(col_mm) * 56.6929), type="dxa"))
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_border(f"w:{side}"))
        _put(tblPr, borders)
        margins = OxmlElement("w:tblCellMar")  # 1,5 mm instead of Word's 1,9 mm: narrow columns
        for side in ("left", "right"):          # such as "STT" keep their header on one line
            margins.append(_el(side, w=85, type="dxa"))
        _put(tblPr, margins)
        for col, w in zip(t.columns, col_mm):
            col.width = Mm(w)
        # "STT" (số thứ tự) columns are centred, as in every Vietnamese table
        auto = ["center" if _nfc(c).strip().upper() == "STT" else None for c in columns]

        def fill(cell, text, how, bold):
            p = _fmt(cell.paragraphs[0], how, before=2, after=2)
            _run(p, text, size, bold=bold)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

        header_row = t.rows[0]
        _repeat_header(header_row)
        for cell, w, text in zip(header_row.cells, col_mm, columns):
            cell.width = Mm(w)
            fill(cell, _nfc(text), "center", True)
        for i, (row, values) in enumerate(zip(t.rows[1:], rows)):
            _cant_split(row)
            cells = row.cells
            for cell, w in zip(cells, col_mm):
                cell.width = Mm(w)
            if isinstance(values, str):
                merged = cells[0].merge(cells[-1]) if n > 1 else cells[0]
                fill(merged, values, "left", True)
                continue
            values = list(values) + [None] * (n - len(values))
            for j, (cell, value) in enumerate(zip(cells, values[:n])):
                text, numeric = _cell_text(value)
                how = (align[j] if align and align[j] else None) or auto[j] or ("right" if numeric else "left")
                fill(cell, text, how, i in bold_rows)
        return t

    # ------------------------------------------------------------------ closing, appendix

    def closing(self, signer: Signer, recipients: Sequence[str] = (), archive: str | None = "VT"):
        """Ô 9b and 7: "Nơi nhận:" (bold italic 12) with "- …;" lines (11) and the last line
        "- Lưu: VT, <đơn vị soạn thảo>." on the left; quyền hạn, chức vụ, room for the
        signature and the signer's name on the right, the first lines level with each
        other.  Kept on one page."""
        avail = self._avail_mm()
        left_w = round(avail * 0.48, 1)
        t = self._layout_table(self.docx, (left_w, avail - left_w))
        _cant_split(t.rows[0])
        # the signature must not stand alone on the last page: keep the last paragraph with it
        previous = t._tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            _put(previous.get_or_add_pPr(), _el("keepNext"))
        left, right = t.rows[0].cells

        p = _fmt(left.paragraphs[0], "left", before=12)
        _run(p, "Nơi nhận:", Size.NOI_NHAN, bold=True, italic=True)
        lines = [r.lstrip("-– ").strip() for r in recipients if str(r).strip()]
        if archive:
            lines.append("Lưu: " + _nfc(archive).strip().rstrip(".;"))
        for line in _punctuate(lines):
            _run(_fmt(left.add_paragraph(), "left"), "- " + line, Size.RECIPIENTS)

        title_lines = signer.title_lines
        for i, line in enumerate(title_lines):
            p = right.paragraphs[0] if i == 0 else right.add_paragraph()
            _run(_fmt(p, "center", before=12 if i == 0 else 0), line, Size.SIGNER, bold=True)
        if signer.signature_png:
            p = _fmt(right.add_paragraph(), "center", before=6)
            p.add_run().add_picture(io.BytesIO(signer.signature_png), width=Mm(signer.signature_width_mm))
            name_before = 6
        else:
            name_before = 84  # about 3 cm for the handwritten signature and the seal
        p = _fmt(right.add_paragraph(), "center", before=name_before)
        _run(p, _nfc(signer.name).strip(), Size.SIGNER, bold=True)
        return t

    def appendix(self, title: str | None = None, *, number: str | None = None,
                 landscape: bool = False, reference: str | None = None):
        """Start "Phụ lục I" (II, … automatically; ``number=""`` for a lone "Phụ lục") on a
        new page — a new section, landscape if asked (wide tables), page numbers restarting
        at 1 — with its title (upper case, bold) and the italic line "(Kèm theo Báo cáo số …
        ngày …)" taken from the header unless ``reference`` is given.  Content added
        afterwards belongs to the appendix."""
        self._appendices += 1
        if number is None:
            number = roman(self._appendices)
        section = self.docx.add_section(WD_SECTION.NEW_PAGE)
        # the paragraph now holding the previous section's properties: make it 1 pt high so
        # it can never push an empty page
        _mark_size(_fmt(self.docx.paragraphs[-1]), 1)
        self._setup_section(section, landscape=landscape, restart=True)
        self._levels = [0, 0, 0]
        avail = self._avail_mm()
        _run(_fmt(self.docx.add_paragraph(), "center", keep_next=True),
             f"Phụ lục {number}".strip(), 14, bold=True)
        if title:
            _run(_fmt(self.docx.add_paragraph(), "center", keep_next=True), _nfc(title).strip().upper(),
                 Size.TITLE, bold=True)
        ref = reference if reference is not None else self.header.reference
        if ref:
            _run(_fmt(self.docx.add_paragraph(), "center", keep_next=True), ref, Size.TITLE, italic=True)
            self._rule(self.docx, 0.3 * min(text_width_mm(ref, Size.TITLE), avail), avail, after=6)
        return section

    # ----------------------------------------------------------------------------- output

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.docx.save(buf)
        return buf.getvalue()

    def save(self, path) -> None:
        with open(path, "wb") as fh:
            fh.write(self.to_bytes())


def _cell_text(value) -> tuple[str, bool]:
    """(text, is_number) of a table cell value."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("Có" if value else "Không"), False
    if isinstance(value, int):
        return format_vnd(value), True
    if isinstance(value, (Decimal, float)):
        text = format_number(value, 2)
        return text.rstrip("0").rstrip(","), True  # "98,50" → "98,5", "100,00" → "100"
    return _nfc(value), False


def _page_field(p, size: float) -> None:
    """A PAGE field (begin / instruction / separate / cached result / end runs)."""
    def run():
        r = p.add_run()
        r.font.size = Pt(size)
        _set_run_fonts(r)
        return r

    run()._r.append(_el("fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    run()._r.append(_el("fldChar", fldCharType="separate"))
    run().text = "2"
    run()._r.append(_el("fldChar", fldCharType="end"))


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(_el("cantSplit"))
    trPr.append(_el("tblHeader"))


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(_el("cantSplit"))


# ------------------------------------------------------------------------ fast tables


class Total(list):
    """A row of :func:`fast_table` printed bold (totals)."""


def fast_table(doc: Nd30Document, columns, rows, *, widths, align, title=None, unit=None, size: float = Size.TABLE,
               breaks: bool = False):
    """:meth:`Nd30Document.table` for long tables: the builder formats the header and one row
    of each kind (normal, bold, a group row spanning all columns), and every row is a copy
    of its template with the texts replaced — the same XML as the builder's, about 45×
    faster.  ``rows``: lists of already formatted strings, :class:`Total` lists (bold) or
    plain ``str`` (group rows).  Texts are put on one line, unless ``breaks``: then each "\n"
    starts a new line in the cell, as in :meth:`Nd30Document.table`."""
    n = len(columns)
    t = doc.table(columns, [["x"] * n, Total(["x"] * n), "x"], widths=widths, align=align, bold_rows={1},
                  title=title, unit=unit, size=size)
    tbl = t._tbl
    normal, bold, group = tbl.tr_lst[1:4]
    for tr in (normal, bold, group):
        tbl.remove(tr)
    for p in group.iter(qn("w:p")):  # a group row stays on the page of its first project
        Paragraph(p, None).paragraph_format.keep_with_next = True
    tag = qn("w:t")

    def text_of(value) -> str:
        if not breaks:
            return cell_text(value)
        return "\n".join(cell_text(line) for line in str(value if value is not None else "").split("\n"))

    for values in rows:
        if isinstance(values, str):
            tr = copy.deepcopy(group)
            texts = [text_of(values)]
        else:
            tr = copy.deepcopy(bold if isinstance(values, Total) else normal)
            texts = [text_of(v) for v in values]
        for el, text in zip(list(tr.iter(tag)), texts):
            lines = _nfc(text).split("\n")
            el.text = lines[0]
            after = el
            for line in lines[1:]:  # <w:br/><w:t>line</w:t> in the same run
                br, t_el = OxmlElement("w:br"), OxmlElement("w:t")
                t_el.text = line
                t_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                after.addnext(br)
                br.addnext(t_el)
                after = t_el
        tbl.append(tr)
    return t

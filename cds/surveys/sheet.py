"""A one-sheet .xlsx written straight as SpreadsheetML, for the raw answers of a round.

Why not openpyxl's write-only workbook, as the other lists: it builds a cell object per value,
about 20 µs each, and the raw answers of a round of 3,000 units × 60 questions are ~200,000 rows
× 11 columns — measured 45 s, over the 30 s a download may take. Here a row is one string
join (≈ 1 µs a cell), strings are written inline (so a text starting with "=" is always text,
never a formula) and the file is compressed while it is written.

The sheet has the house look of :mod:`cds.reports.xlsx`: a bold title, an italic line saying
what was exported, a dark header row, frozen panes, an auto-filter over the data and the header
repeated on every printed page. Numbers (int, Decimal, float) are numeric cells, everything
else text.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from cds.text.chars import xml_safe

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = 3

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
# cellXfs: 0 plain, 1 title (bold 14), 2 subtitle (italic grey), 3 header (bold white on dark blue, wrapped)
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{NS}">
<fonts count="4"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="14"/><name val="Calibri"/></font>
<font><i/><sz val="11"/><color rgb="FF555555"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E79"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="3" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">
<alignment horizontal="center" vertical="center" wrapText="1"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _text(value: str) -> str:
    return escape(xml_safe(value))


def _cell(ref: str, value, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'


def write_sheet(sheet_title: str, title: str, subtitle: str, headers: Sequence[str], widths: Sequence[float],
                rows: Iterable[Sequence], *, freeze_col: int = 1) -> bytes:
    """The .xlsx bytes of one sheet: title, subtitle, header, then ``rows`` (None = empty cell)."""
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/styles.xml", STYLES)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            top_left = f"{letters[freeze_col]}{HEADER_ROW + 1}"
            cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
            f.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
                     f'xmlns:r="{REL_NS}"><sheetViews><sheetView workbookViewId="0"><pane xSplit="{freeze_col}" '
                     f'ySplit="{HEADER_ROW}" topLeftCell="{top_left}" activePane="bottomRight" state="frozen"/>'
                     f'</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
                     f'<row r="1">{_cell("A1", title, 1)}</row><row r="2">{_cell("A2", subtitle, 2)}</row>'
                     f'<row r="3" ht="32" customHeight="1">'
                     + "".join(_cell(f"{c}3", h, 3) for c, h in zip(letters, headers)) + "</row>").encode())
            n = HEADER_ROW
            buf = []
            for values in rows:
                n += 1
                cells = "".join(_cell(f"{c}{n}", v) for c, v in zip(letters, values) if v is not None and v != "")
                buf.append(f'<row r="{n}">{cells}</row>')
                if len(buf) >= 2000:
                    f.write("".join(buf).encode())
                    buf = []
            f.write("".join(buf).encode())
            last = max(n, HEADER_ROW + 1)
            f.write(f'</sheetData><autoFilter ref="A{HEADER_ROW}:{letters[-1]}{last}"/></worksheet>'.encode())
        sheet_ref = quoteattr(sheet_title)[1:-1].replace("'", "''")
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS}" xmlns:r="{REL_NS}">'
            f'<sheets><sheet name={quoteattr(sheet_title)} sheetId="1" r:id="rId1"/></sheets><definedNames>'
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\'{sheet_ref}\'!'
            f'${letters[0]}${HEADER_ROW}:${letters[-1]}${last}</definedName>'
            f'<definedName name="_xlnm.Print_Titles" localSheetId="0">\'{sheet_ref}\'!${HEADER_ROW}:${HEADER_ROW}'
            f'</definedName></definedNames></workbook>'))
    return out.getvalue()

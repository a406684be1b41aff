"""Names of Vietnamese public bodies found without a registry, and the repair of words run
together by OCR.

* :func:`find_bodies` — spans of body names as written ("Sở Thông tin và Truyền thông tỉnh
  Lạng Sơn", "Bộ Công an", "Trung tâm Phục vụ hành chính công", "Sở TT&TT", "VNPT Lạng Sơn",
  "Bảo hiểm xã hội tỉnh") in any province's text. A name starts with a head word written with
  its capital ("Sở", "Bộ", "Cục", "Trung tâm" …; "các sở" is a group, "cơ sở" no body) followed
  by a capitalised word or an abbreviation, and goes on over the syllables of the name: a
  capitalised syllable, the one lower-case syllable that completes its word ("Tài chính",
  "Y tế"), lower-case syllables that names are made of ("vận tải", "nông thôn", "hành chính
  công", "tỉnh"), "và"/"-" before a capitalised word ("Khoa học và Công nghệ", "Lao động -
  Thương binh và Xã hội"). It stops at a verb ("Sở Tài chính thẩm định" → "Sở Tài chính"),
  a comma, or the head of the next body ("Sở Y tế và Sở Nội vụ").
* :func:`repair_spacing` — "Sởthông tin", "chủtrì": a token that is no Vietnamese syllable
  but two is cut in two (the syllable structure onset + vowels + final, and the rule that a
  syllable ending in p/t/c/ch bears only the sắc or nặng tone, choose the cut). The repaired
  text comes with the position in the original text of each of its characters, so spans found
  in it are reported on the text as pasted.
* :func:`body_key` — the comparable form of a name as written (folded, standard abbreviations
  expanded, place and titles dropped), for the scorer and for proposals outside the registry.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ------------------------------------------------------------------ folding ----


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    base = unicodedata.normalize("NFD", text)
    base = "".join(c for c in base if unicodedata.category(c) != "Mn")
    return base.replace("đ", "d").replace("Đ", "D").lower()


# ------------------------------------------------------------ OCR spacing ----

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_SYLLABLE = re.compile(rf"{_ONSET}[aeiouy]{{1,3}}(?:ch|ng|nh|c|m|n|p|t)?")
_STOP_FINAL = re.compile(r"(?:ch|c|p|t)$")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}      # huyền, sắc, ngã, hỏi, nặng
_SHARP_OR_HEAVY = {"\u0301", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")
# Words of administrative text, to choose between two valid cuts ("banhành": "ban hành", not
# "banh ành"): each pair of neighbouring syllables of these phrases.
_PHRASES = """ban hành, chủ trì, phối hợp, thông tin, truyền thông, y tế, tài chính, nội vụ, tư pháp, xây dựng,
kế hoạch, đầu tư, khoa học, công nghệ, giáo dục, đào tạo, nông nghiệp, phát triển, nông thôn, tài nguyên,
môi trường, lao động, thương binh, xã hội, văn hóa, thể thao, du lịch, giao thông, vận tải, công thương,
thanh tra, văn phòng, ủy ban nhân dân, thành phố, thị xã, trung tâm, chuyển đổi số, nhiệm vụ, thực hiện,
triển khai, báo cáo, tổ chức, kiểm tra, hướng dẫn, tổng hợp, đề xuất, tham mưu, hoàn thành, thời hạn,
trước ngày, cơ quan, đơn vị, liên quan, địa phương, trách nhiệm, công an, dữ liệu, hệ thống, dịch vụ,
trực tuyến, hành chính, chính quyền, điện tử, ký số, an toàn, quản lý, giám đốc, chủ tịch, đôn đốc"""
_COMMON_PAIRS = frozenset(
    f"{a} {b}" for phrase in _PHRASES.split(",") for a, b in zip(_fold(phrase).split(), _fold(phrase).split()[1:]))


def _tone_marks(original: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFD", original) if c in _TONES]


def _valid_syllable(original: str) -> bool:
    folded = _fold(original)
    if not _SYLLABLE.fullmatch(folded):
        return False
    tones = _tone_marks(original)
    if len(tones) > 1:
        return False
    return not (_STOP_FINAL.search(folded) and tones and tones[0] not in _SHARP_OR_HEAVY)


def _best_cut(word: str) -> int | None:
    cuts = [k for k in range(1, len(word)) if _valid_syllable(word[:k]) and _valid_syllable(word[k:])]
    if not cuts:
        return None
    if len(cuts) == 1:
        return cuts[0]
    pairs = [k for k in cuts if f"{_fold(word[:k])} {_fold(word[k:])}" in _COMMON_PAIRS]
    return (pairs or cuts)[0]


def _needs_cut(word: str) -> bool:
    if len(word) < 4 or _valid_syllable(word):
        return False
    if word.isupper() or sum(c.isupper() for c in word[1:]) > 1:
        return False            # an abbreviation: "UBND", "VNPT", "VNeID"
    return True


def repair_spacing(text: str) -> tuple[str, list[int]]:
    """``text`` with run-together syllables cut apart, and for each character of the result the
    index of the character of ``text`` it stands for (an inserted space: the next character)."""
    pieces: list[str] = []
    index: list[int] = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not _needs_cut(word):
            continue
        cut = _best_cut(word)
        if cut is None:
            continue
        pos = m.start() + cut
        pieces.append(text[last:pos])
        index.extend(range(last, pos))
        pieces.append(" ")
        index.append(pos)
        last = pos
    if not pieces:
        return text, list(range(len(text)))
    pieces.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(pieces), index


# ------------------------------------------------------------ body names ----

# Heads, folded; "+" marks a head that must be followed by a capitalised word or an abbreviation.
_HEADS_FREE = (
    "uy ban nhan dan", "ubnd", "cong an", "kho bac nha nuoc", "kho bac", "bao hiem xa hoi", "bhxh",
    "viettel", "vnpt", "mobifone", "buu dien", "tinh doan", "thanh doan", "tinh uy", "thanh uy",
    "hoi dong nhan dan", "hdnd", "vp ubnd", "vp uy ban nhan dan", "van phong ubnd", "van phong uy ban nhan dan",
    "ban chi dao", "bcd", "ban quan ly", "bql", "dai phat thanh", "thanh tra", "ttpvhcc",
    "toa an nhan dan", "vien kiem sat nhan dan", "ngan hang nha nuoc", "uy ban mat tran to quoc",
    "mttq", "ub mttq", "lien doan lao dong", "cuc thue", "cuc thong ke", "cuc hai quan", "bo chi huy",
    "cong thong tin dien tu", "evn", "fpt", "cmc", "vinaphone",
)
_DESCRIBED = frozenset({"bo chi huy", "ban chi dao", "bcd", "ban quan ly", "bql", "dai phat thanh", "ttpvhcc",
                        "cong thong tin dien tu"})
# heads whose name goes on with any words up to a verb ("Ban Chỉ đạo xây dựng Chính quyền điện tử thành phố")
_OPEN_NAMED = frozenset({"ban chi dao", "bcd"})
_OPEN_STOP = re.compile(r"(?:chu\s+tri|phoi\s+hop|ban\s+hanh|co\s+trach\s+nhiem|co\s+nhiem\s+vu|to\s+chuc|yeu\s+cau|de\s+nghi"
                        r"|chi\s+dao|giao|hop|trien\s+khai|tham\s+muu|theo\s+doi|kiem\s+tra|huong\s+dan)(?!\w)")
_HEADS_NAMED = (
    "so", "ban", "van phong", "bo", "cuc", "tong cuc", "vu", "chi cuc", "trung tam", "vien", "truong", "benh vien",
    "dai", "bao", "hoi", "ngan hang", "tap doan", "tong cong ty", "cong ty", "phong", "hoc vien", "dai hoc",
    "quy", "chi nhanh", "doan", "uy ban", "thong tan xa", "vp", "tt", "vien thong",
)
_HEAD_RE = re.compile(
    r"(?<![\w&/-])(" + "|".join(sorted({h.replace(" ", r"\s+") for h in _HEADS_FREE + _HEADS_NAMED},
                                    key=len, reverse=True)) + r")(?![\w&])")
_FREE = {h for h in _HEADS_FREE}
# Lower-case syllables names are made of (folded), beyond the one completing a capitalised word.
# Words (two syllables, folded) of body names written in lower case after the first capitalised one.
_NAME_WORDS = frozenset("""van tai,nong thon,xa hoi,hanh chinh,thong tin,nha nuoc,dat dai,du an,dau tu,truyen hinh,
benh tat,kham benh,chua benh,so lieu,dich vu,truc tuyen,ky thuat,nhan dan,toi cao,kinh te,phat trien,dao tao,doi ngoai,
san xuat,thuong mai,chat luong,ve sinh,an toan,thuc pham,dien tu,truyen thong,ha tang,ngan sach,tien te,giam sat,
dieu hanh,thong minh,do thi,dan so,ke hoach,gia dinh,xuc tien,ho tro,moi truong,du lich,the thao,cong nghiep,khu cong,
che xuat,chuyen doi,cong nghe,cong vien,phan mem,du lieu,co so,bao chi,xuat ban,phat thanh,tin hoc,vien thong,
khu vuc,kinh doanh,nghiep vu,quy hoach,kien truc,tai nguyen,lao dong,thuong binh,van hoa,giao duc,
khoa hoc,tai chinh,y te,tu phap,xay dung,cong thuong,noi vu,ngoai vu,dan toc,ton giao,dang ky""".replace("\n", "").split(","))
_NAME_SYLLABLES = frozenset("""
van tai nong thon xa hoi hanh chinh cong thong tin nha nuoc dat dai du an dau tu xay dung tinh thanh pho huyen thi tran
quan khu vuc truyen hinh benh tat chua kham so lieu dich vu truc tuyen ky thuat nghe hoc nhan dan toi cao kinh te
phat trien dao tao doi ngoai nganh san xuat phuc thuong mai chat luong ve sinh an toan thuc pham dien tu truyen thong
ha tang ngan sach tien te vien chuyen doi moi truong lich thao nghiep khu cong nghiep che xuat kinh thue quy von giam sat dieu thong minh do thi dan so ke hoach gia dinh xuc tien ho tro
""".split())
_PLACE_FIRST = frozenset({"tinh", "huyen", "quan", "phuong", "xa", "thanh", "thi", "tp"})
_PLACE_PAIRS = frozenset({"thanh pho", "thi xa", "thi tran"})
# Lower-case words that end a name: function words and the verbs an instruction starts with.
_STOP_WORDS = frozenset("""
chu phoi duoc la cua cho voi cung de nham ve tren den hoac cac nhung chiu da dang se can phai neu khi thi ma nhu o nay
ngay thang nam theo trong co ky gui va khan tap som kip thuong tiep tham bao ra tong huong kiem lap hoan don dam chuan
danh khao uu can dinh giam thuc to trinh
""".split())
_STOP_PHRASES = re.compile(r"(?:trien khai|xay dung|ket noi|cung cap|chi dao|quan ly|van hanh|sap xep|nang cap|ban hanh"
                           r"|phat dong|ho tro|day manh|nghien cuu|de xuat|phe duyet|cap nhat|giai quyet|bo tri|mo rong"
                           r"|tuyen truyen|phat hien|xu ly|thu thap|dieu chinh|lam ro|ra soat|chinh sua|bo sung)(?!\w)")
# Beyond the words above, a name goes on over lower-case words until a word of this closed list:
# function words and the first syllables of the verbs and adverbs that open a predicate in
# directive language ("Hội Người cao tuổi tỉnh xem xét" ends before "xem").
_PREDICATE_FIRST = frozenset("""
xem xac giai xu lam giup mo dua su nop rut day nang quyet thong tich sua huy khac lay bam ap chap thuc tang tao
khong chua vua moi rat nhieu nhat tung van vao tai tu sau truoc gom thuoc truc nhu nhung khi neu thi ma ne rieng
cap nhan dong ung bi bo dat dung duy kip luon nghiem quan ho phat tuyen ban kiem tro dieu xay giao bao trien
yeu hang chi ket cung to de ra di nhanh xin lua mua cu soan luu nhap tra gap
""".split())
_PREDICATE_PHRASES = re.compile(r"(?:chiu\s+trach|lanh\s+dao|phan\s+hoi|phan\s+cong|phan\s+bo|dang\s+tai|dang\s+ky"
                                r"|theo\s+doi|van\s+dong|tiep\s+nhan|tiep\s+tuc|thanh\s+tra|so\s+hoa"
                                r"|cong\s+bo|cong\s+khai|cong\s+nhan|tien\s+hanh|pho\s+bien|phan\s+anh|bien\s+soan|do\s+dac|tam\s+dung)(?!\w)")
_CONNECT = re.compile(r"[ \t]*(?:(và|-|–|&)[ \t]*|,[ \t]*(?=Thể thao|Thể dục)|(?<=phòng),[ \t]*(?=chống\s))", re.IGNORECASE)
_TOKEN = re.compile(r"[ \t]*([\w&]+(?:(?:[-–]|\.(?=[A-ZĐ]{2}))[\w&]+)*)")   # "LĐ-TB&XH", "TP.HCM"
_NEW_HEAD = re.compile(r"(?:chu\s+tich|giam\s+doc|thu\s+truong|pho|truong\s+ban|chanh|so|ban|ubnd|uy\s+ban\s+nhan\s+dan|cong\s+an|bo|kho\s+bac|bao\s+hiem|trung\s+tam|thanh\s+tra"
                       r"|van\s+phong|vp|cuc|vien|dai|bao|hoi|benh\s+vien|buu\s+dien|viettel|vnpt|tinh\s+doan|cong\s+ty|tap\s+doan"
                       r"|tong\s+cong\s+ty|ngan\s+hang|hoc\s+vien|chi\s+cuc|tong\s+cuc)\s")
_MAX_TOKENS = 16
_LOWER_AFTER_VA = re.compile(r"(?:truyen\s+thong|dau\s+tu|moi\s+truong|cong\s+nghe|phat\s+trien|xa\s+hoi|du\s+lich"
                             r"|dao\s+tao|the\s+thao|truyen\s+hinh|cong\s+nghiep)(?!\w)")
# A body of each place: "Công an các huyện, thị xã, thành phố", "Sở Y tế các tỉnh, thành phố"
_PER_PLACE = re.compile(r"\s+(?:cac\s+(?:tinh|huyen|xa|phuong|quan|thi\s+xa|thanh\s+pho|dia\s+phuong|don\s+vi)"
                        r"(?:\s*,\s*(?:va\s+)?(?:tinh|huyen|xa|phuong|quan|thi\s+xa|thanh\s+pho|thi\s+tran|dac\s+khu|dia\s+phuong|don\s+vi))*"
                        r"(?:\s+truc\s+thuoc\s+trung\s+uong)?|cap\s+(?:huyen|xa|tinh))(?!\w)")


# "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh": one office, whose name holds a comma and "và"
_SPECIAL = re.compile(r"van\s+phong\s+doan\s+(?:dbqh|dai\s+bieu\s+quoc\s+hoi)(?:\s*,\s*(?:hdnd|hoi\s+dong\s+nhan\s+dan))?"
                      r"(?:\s*(?:,|va)\s*(?:ubnd|uy\s+ban\s+nhan\s+dan))?(?!\w)")


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


# One-syllable heads written exactly so (folding makes "Trương" — a surname — and "Trưởng" — a
# title — look like "Trường", "Số" like "Sở").
_EXACT = {"so": "sở", "bo": "bộ", "truong": "trường", "vien": "viện", "dai": "đài", "bao": "báo", "hoi": "hội",
          "cuc": "cục", "vu": "vụ", "quy": "quỹ", "phong": "phòng", "doan": "đoàn"}


# "các sở Lao động - Thương binh và Xã hội, …", "các phòng Giáo dục và Đào tạo …": a plural head written
# in lower case before a capitalised name
_PLURAL_HEADS = frozenset({"so", "phong"})
_PLURAL_BEFORE = re.compile(r"(?<!\w)các\s+$", re.IGNORECASE)
# "công an các đơn vị", "công an các xã": the police of each place, named in lower case
# "Trưởng ban Quản lý các khu công nghiệp": the title "Trưởng ban" holds the head of the body's name
_HEAD_TITLE_BEFORE = re.compile(r"(?<!\w)(?:phó\s+)?trưởng\s+$", re.IGNORECASE)


def _head_ok(text: str, start: int, head: str, end: int) -> bool:
    folded = " ".join(head.split())
    if not text[start:start + 1].isupper() and not (
            folded in _PLURAL_HEADS and _PLURAL_BEFORE.search(text[max(0, start - 8):start])
            or folded == "cong an" and _PER_PLACE.match(_fold_same(text[end:end + 60]))
            or folded.split()[0] == "ban" and _HEAD_TITLE_BEFORE.search(text[max(0, start - 10):start])):
        return False
    if folded in _EXACT and unicodedata.normalize("NFC", text[start:end]).lower() != _EXACT[folded]:
        return False
    if folded in _FREE:
        return True
    nxt = _TOKEN.match(text, end)
    return bool(nxt and _is_cap(nxt.group(1)) and nxt.start(1) - end <= 2)


def _lower_ok(state: str, run: int, folded: str, rest: str) -> tuple[str, int] | None:
    """The state after a lower-case syllable ``folded`` (``rest``: the folded text from it on),
    or None when the name ends before it."""
    pair = " ".join(re.findall(r"\w+", rest)[:2])
    if state == "open":
        if _OPEN_STOP.match(rest) or folded in _STOP_WORDS:
            return None
        return ("place", 0) if folded in ("tinh", "huyen") or pair == "thanh pho" else ("open", run + 1)
    if state == "pair":
        return "lower", run + 1      # the second syllable of a word accepted below
    if pair in ("phan mem", "cong vien") and state != "head":
        return "pair", run + 1       # "Công ty … Phát triển công viên phần mềm Quang Trung"
    if pair == "cac khu":
        return "pair", 1             # "Ban Quản lý các khu công nghiệp"
    if pair == "khu vuc":
        return "place", 0
    if folded in _PLACE_FIRST and (folded not in ("thanh", "thi", "xa") or pair in _PLACE_PAIRS or folded == "xa"
                                   and not pair.startswith("xa hoi")):
        return "place", 0
    if state == "place" and folded in ("pho", "vuc", "xa", "tran"):
        return "place", 0
    if state in ("place", "placename", "abbr"):
        return None
    if _STOP_PHRASES.match(rest) or _PREDICATE_PHRASES.match(rest) or (folded in _STOP_WORDS and pair != "van tai"):
        return None
    if state == "cap" and run == 0:
        return "lower", 1
    if run < 5 and pair in _NAME_WORDS:
        return "pair", run + 1       # a word names are made of: "vận tải", "hành chính", "nông thôn"
    if run < 5 and folded in ("cong", "so", "te") and state == "lower":
        return "lower", run + 1      # "… hành chính công", "… chuyển đổi số"
    if (run < 6 and state in ("cap", "lower", "pair") and len(folded) > 1 and folded not in _PREDICATE_FIRST
            and not _PREDICATE_PHRASES.match(rest)):
        return "lower", run + 1      # any other content word: "Hội Người cao tuổi", "Quỹ Dịch vụ viễn thông công ích"
    return None


def _extend(text: str, end: int, state: str) -> int:
    """Where a name that has reached ``end`` (in ``state``: "cap", "lower", "place") stops."""
    best = pos = end
    run = 0
    for _ in range(_MAX_TOKENS):
        conn = _CONNECT.match(text, pos)
        if conn and conn.end() > pos:
            nxt = _TOKEN.match(text, conn.end())
            if (nxt and conn.group(1) and conn.group(1).lower() in ("và", "-", "–") and state != "placename"
                    and _LOWER_AFTER_VA.match(_fold(text[nxt.start(1):nxt.start(1) + 30]))):
                pos = conn.end()     # "Sở Tài nguyên và môi trường": a name written without its capitals
                state, run = "head", 0
                continue
            if conn.group(1) is None and "," in conn.group(0) and nxt and _fold(nxt.group(1)) == "chong":
                pos = conn.end()     # "Ban Chỉ đạo phòng, chống dịch …": one phrase with its comma
                continue
            if (not nxt or not _is_cap(nxt.group(1)) or nxt.start(1) - conn.end() > 1
                    or _NEW_HEAD.match(_fold(text[nxt.start(1):nxt.start(1) + 20]) + " ")):
                break
            pos = conn.end()
            continue
        tok_m = _TOKEN.match(text, pos)
        if not tok_m or tok_m.start(1) - pos > 2:
            break
        tok = tok_m.group(1)
        folded = _fold(tok)
        if _is_cap(tok):
            cap_pair = " ".join(re.findall(r"\w+", _fold(text[tok_m.start(1):tok_m.start(1) + 20]))[:2])
            if state != "head" and (cap_pair in ("chu tri", "phoi hop", "co trach", "duoc giao") or _STOP_PHRASES.match(cap_pair)):
                break                             # "Sở … Chủ trì, phối hợp": a verb written with a capital
            if (state != "head" and folded not in ("bo", "dai", "hoi")
                    and _NEW_HEAD.match(_fold(text[tok_m.start(1):tok_m.start(1) + 20]) + " ")
                    and (folded not in _EXACT or unicodedata.normalize("NFC", tok).lower() == _EXACT[folded])):
                break                             # a new head, written exactly so ("Viễn thông" is not "Viện")
            pair = " ".join(re.findall(r"\w+", _fold(text[tok_m.start(1):tok_m.start(1) + 20]))[:2])
            if (folded in ("tinh", "huyen") and pair not in ("tinh uy", "tinh doan")) or pair in ("thanh pho", "thi xa"):
                state, run = "place", 0           # "UBND Thành phố", "Công an Tỉnh"
            elif state == "open":
                pass
            elif len(tok) > 1 and (tok.isupper() or "&" in tok or "." in tok):
                state, run = "abbr", 0            # an abbreviation ("Bộ KH&CN"): no free syllable after it
            else:
                # two capitalised syllables in a row are a proper name ("Sơn Lâm"): no free syllable after
                state, run = ("placename" if state in ("place", "placename", "cap") else "cap"), 0
        else:
            nxt_state = _lower_ok(state, run, folded, _fold(text[tok_m.start(1):tok_m.start(1) + 30]))
            if nxt_state is None:
                break
            state, run = nxt_state
        pos = best = tok_m.end(1)
    return best


def find_bodies(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """Spans of body names in ``text`` (see the module docstring); ``low`` is its same-length fold."""
    low = low if low is not None else _fold_same(text)
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _HEAD_RE.finditer(low):
        s, e = m.span()
        if s < pos:
            continue
        head = m.group(1)
        if not _head_ok(text, s, head, e):
            continue
        folded = " ".join(head.split())
        special = _SPECIAL.match(low, s)
        if special:
            e = special.end()
            folded = "van phong doan"
        end = _extend(text, e, "open" if folded in _OPEN_NAMED else "head" if folded not in _FREE and not special
                      else "lower" if folded in _DESCRIBED else "place")
        if end == e and " ".join(head.split()) not in _FREE and not special:
            continue
        if folded not in ("ubnd", "uy ban nhan dan", "uy ban"):
            per_place = _PER_PLACE.match(low, end)
            if per_place:
                end = per_place.end()
        out.append((s, end))
        pos = end
    return out


def _fold_same(text: str) -> str:
    out = []
    for ch in text:
        f = _fold(ch)
        out.append(f if len(f) == 1 else " ")
    return "".join(out)


# ------------------------------------------------------------ comparable keys ----

ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "ub": "uy ban", "vp": "van phong",
    "tttt": "thong tin va truyen thong", "khdt": "ke hoach va dau tu", "khcn": "khoa hoc va cong nghe",
    "nnptnt": "nong nghiep va phat trien nong thon", "nnmt": "nong nghiep va moi truong",
    "ldtbxh": "lao dong thuong binh va xa hoi", "vhttdl": "van hoa the thao va du lich", "vhtt": "van hoa the thao",
    "gddt": "giao duc va dao tao", "tnmt": "tai nguyen va moi truong", "gtvt": "giao thong van tai",
    "bcd": "ban chi dao", "bql": "ban quan ly", "bhxh": "bao hiem xa hoi", "mttq": "mat tran to quoc",
    "cntt": "cong nghe thong tin", "tp": "thanh pho", "ca": "cong an", "ttpvhcc": "trung tam phuc vu hanh chinh cong",
    "pvhcc": "phuc vu hanh chinh cong", "cntttt": "cong nghe thong tin va truyen thong", "tx": "thi xa", "cds": "chuyen doi so", "dtth": "phat thanh truyen hinh",
    "ptth": "phat thanh truyen hinh", "knnn": "kho bac nha nuoc", "kbnn": "kho bac nha nuoc", "stttt":
    "so thong tin va truyen thong", "skhdt": "so ke hoach va dau tu", "skhcn": "so khoa hoc va cong nghe",
    "snv": "so noi vu", "stc": "so tai chinh", "syt": "so y te", "ct": "chu tich", "dbqh": "dai bieu quoc hoi",
    "ld": "lao dong", "tb": "thuong binh", "tbxh": "thuong binh va xa hoi", "xh": "xa hoi", "vh": "van hoa", "tt": "thong tin", "dl": "du lich",
}
_TITLES = re.compile(
    r"^(?:(?:dong chi|ong|ba)\s+)?(?:pho\s+)?(?:giam doc|chu tich|thu truong|truong ban|chanh van phong|chanh thanh tra"
    r"|truong phong|lanh dao|nguoi dung dau|tong bien tap|chi huy truong|chanh|tong giam doc|cuc truong|vu truong)\s+")
_PLACE_TAIL = re.compile(r"\s+(?:tinh|thanh pho|tp)(?:\s+[a-z]+){0,3}$")


def body_key(written: str) -> str:
    """The comparable form of a body named as written: "Sở TT&TT tỉnh Lạng Sơn", "Sở Thông tin và
    Truyền thông" → "so thong tin va truyen thong"."""
    s = repair_spacing(unicodedata.normalize("NFC", written or ""))[0]
    s = re.sub(r"[A-ZĐ]+(?:\s*[-–&]\s*[A-ZĐ]+)+", lambda m: re.sub(r"[\s&\-–]", "", m.group(0)), s)
    s = re.sub(r"\s*&\s*", "", s)
    s = re.sub(r"(?<=\w)\s*[-–]\s*(?=\w)", " ", s)
    s = _fold(s)
    toks = re.findall(r"[0-9a-z]+", s)
    expanded = " ".join(ABBREVIATIONS.get(t, t) for t in toks)
    expanded = re.sub(r"\bva\b", " ", expanded)
    expanded = " ".join(expanded.split())
    expanded = _TITLES.sub("", expanded)
    expanded = re.sub(r"^(?:cac|toan the|tat ca)\s+", "", expanded)
    expanded = re.sub(r"^(?:tap doan|tong cong ty)\s+(?=\w+$)", "", expanded)     # "Tập đoàn EVN" = "EVN"
    if len(expanded.split()) > 2:
        expanded = _PLACE_TAIL.sub("", expanded)
    expanded = re.sub(r"\s+(?:tinh|thanh pho)$", "", expanded)
    return expanded.strip()


# "các Sở: Thông tin và Truyền thông, Lao động - Thương binh và Xã hội", "12 huyện, thị xã, thành phố:
# Thành phố Thanh Hoá, thị xã Bỉm Sơn; các huyện: Hoằng Hoá, Quảng Xương": bodies or places listed by
# name after a plural noun and a colon.
_LIST_INTRO = re.compile(r"(?<!\w)(?:(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+)?(?:cac|\d{1,3})\s+(?:so|bo|huyen|quan|xa|phuong|thi\s+xa|thanh\s+pho|tap\s+doan|doanh\s+nghiep)"
                         r"(?:\s*,\s*(?:thi\s+xa|thanh\s+pho|huyen|quan|xa|phuong|thi\s+tran))*\s*:\s*")
_LIST_SEP = re.compile(r"\s*(?:,|;|\s+va)\s*(?!(?:cac|\d{1,3})\s)")


def find_listed(text: str, low: str | None = None) -> list[tuple[int, int, int]]:
    """(start, end, intro start) of each name of a list introduced as above; lists of one name
    are no lists."""
    low = low if low is not None else _fold_same(text)
    out: list[tuple[int, int, int]] = []
    for m in _LIST_INTRO.finditer(low):
        if re.search(r"(?:thuoc|cua|cho)\s+$", low[max(0, m.start() - 8):m.start()]):
            continue      # "… cho 40 xã thuộc 8 huyện: A, B": where, not who
        items, pos = [], m.end()
        while pos < len(text):
            end = _extend(text, pos, "head")
            if end <= pos or "\n" in text[pos:end]:
                break
            items.append((pos, end, m.start()))
            sep = _LIST_SEP.match(low, end)
            if not sep:
                break
            pos = sep.end()
            head = _HEAD_RE.match(low, pos)
            if head and _head_ok(text, pos, head.group(1), head.end()):
                break     # "các Sở: A, B; Ban Quản lý …": a body named in full ends the list
        if len(items) >= 2:
            out.extend(items)
    return out

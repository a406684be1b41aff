from cds.text.normalize import expand, fold, search_document, search_terms


def test_fold_removes_marks_and_d():
    assert fold("Cơ sở dữ liệu ĐẤT ĐAI") == "co so du lieu dat dai"
    assert fold("Sở TT&TT") == "so tttt"
    assert fold("  Nghị   định 73/2019/NĐ-CP ") == "nghi dinh 73 2019 nd cp"


def test_fold_is_nfc_nfd_insensitive():
    import unicodedata

    s = "Thành phố thông minh"
    assert fold(unicodedata.normalize("NFD", s)) == fold(s) == "thanh pho thong minh"


def test_expand_abbreviations():
    assert expand("CSDL đất đai") == "co so du lieu dat dai"
    assert expand("Nâng cấp HTTT một cửa") == "nang cap he thong thong tin mot cua"


def test_search_document_keeps_both_forms():
    doc = search_document("Xây dựng CSDL đất đai")
    assert " csdl " in doc and " co so du lieu " in doc and doc.startswith(" ") and doc.endswith(" ")


def test_search_terms():
    # syllables of one word stay together: "dat dai" is "đất đai", not "đặt" and "đại" apart
    assert search_terms("CSDL dat dai") == ["co so du lieu", "dat dai"]
    assert search_terms("camera giao thong") == ["camera", "giao thong"]
    assert search_terms("co so du lieu") == ["co so", "du lieu"]
    assert search_terms("") == []


def test_money_of_thousands_of_digits_is_refused_in_words():
    """A pasted run of digits longer than Python converts is "quá lớn", not a server error."""
    import pytest

    from cds.core.errors import ServiceError
    from cds.core.validation import parse_money

    with pytest.raises(ServiceError) as exc:
        parse_money("9" * 5000, "số tiền")
    assert exc.value.messages == ["Số tiền quá lớn (tối đa 1.000.000.000.000.000 đồng)."]

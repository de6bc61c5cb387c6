"""An uploaded XLSX is XML inside a zip: entity declarations (the "billion laughs" and external
entity attacks) are refused, because openpyxl parses with defusedxml when it is installed."""
import io
import zipfile

import pytest
from openpyxl import Workbook

from lsk_learn.cohorts.import_files import UnreadableFile, read_table


def _xlsx_with_entity() -> bytes:
    book = Workbook()
    book.active["A1"] = "PLACEHOLDER"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = '<!DOCTYPE worksheet [<!ENTITY name "Olga">]>' + data.decode()
                assert "<t>PLACEHOLDER</t>" in text
                data = text.replace("<t>PLACEHOLDER</t>", "<t>&name;</t>").encode()
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_declaring_entities_is_refused():
    with pytest.raises(UnreadableFile) as refused:
        read_table("list.xlsx", _xlsx_with_entity())
    assert refused.value.code == "not_xlsx"

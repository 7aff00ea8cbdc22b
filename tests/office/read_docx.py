#!/usr/bin/env python3
"""Reads a DOCX file with python-docx (as Word's object model sees it) and prints it as
JSON: the paragraphs with their styles, the tables (rows' text, which rows are header
rows, cell shading), the pictures' alt text, the header and footer, and the core title.

Usage: read_docx.py FILE.docx
"""

import json
import sys

import docx
from docx.oxml.ns import qn


def cell_fill(cell):
    shd = cell._tc.find(qn("w:tcPr") + "/" + qn("w:shd")) if cell._tc.tcPr is not None else None
    if shd is None:
        tcpr = cell._tc.tcPr
        shd = tcpr.find(qn("w:shd")) if tcpr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def main():
    d = docx.Document(sys.argv[1])
    paragraphs = [{"style": p.style.name if p.style else None, "text": p.text} for p in d.paragraphs]
    tables = []
    for t in d.tables:
        rows, header, fills = [], [], []
        for r in t.rows:
            trpr = r._tr.trPr
            header.append(trpr is not None and trpr.find(qn("w:tblHeader")) is not None)
            seen = []
            texts, row_fills = [], []
            for c in r.cells:
                if c._tc in seen:
                    continue
                seen.append(c._tc)
                texts.append(c.text)
                row_fills.append(cell_fill(c))
            rows.append(texts)
            fills.append(row_fills)
        tables.append({"rows": rows, "header": header, "fills": fills})
    body = d.element.body
    pictures = [
        {"descr": dp.get("descr"), "name": dp.get("name")}
        for dp in body.iter(qn("wp:docPr"))
    ]
    section = d.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    out = {
        "title": d.core_properties.title,
        "paragraphs": paragraphs,
        "tables": tables,
        "pictures": pictures,
        "header": header,
        "footer_fields": {
            "page": "PAGE" in footer_xml,
            "numpages": "NUMPAGES" in footer_xml,
        },
        "footer": "\n".join(p.text for p in section.footer.paragraphs),
        "page_width_mm": round(section.page_width.mm) if section.page_width else None,
        "page_height_mm": round(section.page_height.mm) if section.page_height else None,
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()

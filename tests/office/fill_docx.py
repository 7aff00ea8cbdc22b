#!/usr/bin/env python3
"""Fills in cells of a DOCX document's first table with python-docx, as a person would
in Word, and saves it as a new file.

Usage: fill_docx.py IN.docx OUT.docx CELL=VALUE [CELL=VALUE ...]
CELL is a column letter and the table's row counted from 1 (e.g. E4=Faktafel).
"""

import re
import sys

import docx


def main():
    document = docx.Document(sys.argv[1])
    table = document.tables[0]
    for assignment in sys.argv[3:]:
        cell, value = assignment.split("=", 1)
        m = re.fullmatch(r"([A-Z])(\d+)", cell)
        col, row = ord(m.group(1)) - ord("A"), int(m.group(2)) - 1
        table.cell(row, col).text = value
    document.save(sys.argv[2])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reads an XLSX workbook with openpyxl (as a user's spreadsheet program would) and
prints it as JSON: {"properties": {...}, "sheets": {name: [[cell, ...], ...]}}, each
cell its value with its type kept (numbers as numbers, text as strings, empty as null),
and "formats": {name: {"A1": number_format}} for cells that are not General.

Usage: read_xlsx.py FILE.xlsx
"""

import json
import sys

import openpyxl


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    sheets = {}
    formats = {}
    for ws in wb.worksheets:
        rows = []
        fmts = {}
        for row in ws.iter_rows():
            rows.append([c.value for c in row])
            for c in row:
                if c.value is not None and c.number_format != "General":
                    fmts[c.coordinate] = c.number_format
        sheets[ws.title] = rows
        formats[ws.title] = fmts
    props = wb.properties
    print(
        json.dumps(
            {
                "properties": {"title": props.title, "creator": props.creator},
                "sheets": sheets,
                "formats": formats,
            },
            ensure_ascii=False,
            default=str,
        )
    )


if __name__ == "__main__":
    main()

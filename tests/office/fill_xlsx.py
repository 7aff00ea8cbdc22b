#!/usr/bin/env python3
"""Fills in cells of an XLSX workbook's first sheet with openpyxl, as a person would in
their spreadsheet program, and saves it as a new file.

Usage: fill_xlsx.py IN.xlsx OUT.xlsx CELL=VALUE [CELL=VALUE ...]   (e.g. D4=Genomförd)
"""

import sys

import openpyxl


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb.worksheets[0]
    for assignment in sys.argv[3:]:
        cell, value = assignment.split("=", 1)
        ws[cell] = value
    wb.save(sys.argv[2])


if __name__ == "__main__":
    main()

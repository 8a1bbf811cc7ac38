#!/usr/bin/python3
"""Fills a blank selfeval workbook as a clerk would, with openpyxl: every value of a filled
workbook (written from a data file) is typed into the cell of the same key in the blank one, and
the report sheets' rows are copied. Usage: fill_workbook.py FILLED.xlsx BLANK.xlsx OUT.xlsx"""
import sys

import openpyxl


def cells(book):
    found = {}
    for (line,) in book["_selfeval"].iter_rows(min_row=2, max_col=1, values_only=True):
        # sheet, ref, role, merge and the data key, joined by tabs (the map's format 2)
        sheet, ref, role, _merge, path = line.split("\t", 4)
        if role in ("input", "prefill"):
            found[path] = (sheet, ref)
    return found


def main(filled_path, blank_path, out_path):
    filled = openpyxl.load_workbook(filled_path)
    blank = openpyxl.load_workbook(blank_path)
    source, target = cells(filled), cells(blank)
    typed = 0
    for path, (sheet, ref) in source.items():
        value = filled[sheet][ref].value
        if value is None:
            continue
        if path not in target:
            sys.exit("the blank workbook has no cell for " + path)
        sheet_to, ref_to = target[path]
        blank[sheet_to][ref_to].value = value
        typed += 1
    for name in ("附件4", "附件5"):
        for row in filled[name].iter_rows(min_row=4):
            for cell in row:
                if cell.value is not None:
                    blank[name][cell.coordinate].value = cell.value
    blank.save(out_path)
    print("typed", typed, "cells")


if __name__ == "__main__":
    main(*sys.argv[1:4])

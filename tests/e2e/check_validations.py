#!/usr/bin/python3
"""Checks a selfeval workbook's data validations with openpyxl, as Excel applies them: on a form
sheet each validation covers input cells only (the map's input and prefill cells), no cell has
two, and a formula names the first cell of its range only (Excel shifts it for the other cells).
A report sheet's rows are not mapped cell by cell (its level column has one list validation).
Prints the number of validations and of the cells they cover. Usage: check_validations.py BOOK"""
import re
import sys

import openpyxl
from openpyxl.utils.cell import range_boundaries, get_column_letter

CELL = re.compile(r"(?<![A-Z\"])\$?([A-Z]{1,3})\$?([0-9]+)(?![0-9(])")


def inputs(book):
    """The input cells of the form sheets, and the report sheets."""
    found, reports = set(), set()
    for (line,) in book["_selfeval"].iter_rows(min_row=2, max_col=1, values_only=True):
        sheet, ref, role, merge, _path = line.split("\t", 4)
        if role == "report":
            reports.add(sheet)
        if role in ("input", "prefill"):
            found.add((sheet, ref))
            if merge:  # a merged input: every cell of it belongs to the input
                c1, r1, c2, r2 = range_boundaries(merge)
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        found.add((sheet, get_column_letter(c) + str(r)))
    return found, reports


def main(path):
    book = openpyxl.load_workbook(path)
    allowed, reports = inputs(book)
    problems = []
    validations = covered = 0
    for ws in book.worksheets:
        seen = {}
        for dv in ws.data_validations.dataValidation:
            validations += 1
            ranges = list(dv.sqref.ranges)
            first = ranges[0]
            top_left = get_column_letter(first.min_col) + str(first.min_row)
            for rng in ranges:
                for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row,
                                        min_col=rng.min_col, max_col=rng.max_col):
                    for cell in row:
                        ref = cell.coordinate
                        covered += 1
                        if ws.title not in reports and (ws.title, ref) not in allowed:
                            problems.append(f"{ws.title}!{ref}: validated but not an input cell")
                        if ref in seen:
                            problems.append(f"{ws.title}!{ref}: two validations")
                        seen[ref] = dv
            if dv.type == "custom":
                named = {a + b for a, b in CELL.findall(dv.formula1 or "")}
                if named != {top_left}:
                    problems.append(f"{ws.title}!{dv.sqref}: formula {dv.formula1} names {named}")
    for p in problems[:20]:
        print(p)
    print("validations", validations, "cells", covered, "problems", len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""The docxtpl peer in steady state: the peers' report template and data.json (PEERS), W warm-up
documents, then N documents timed one by one (load template, render, save), as docxtpl_fill.py.

Usage: docxtpl_loop.py PEERS N W OUT.docx
Prints one JSON line: per-document wall median (ms), CPU mean (ms), output bytes.
"""
import json
import os
import statistics
import sys
import time

from docxtpl import DocxTemplate


def main():
    peers, n, warm, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(os.path.join(peers, "data.json"), encoding="utf-8") as f:
        data = json.load(f)
    template = os.path.join(peers, "report-template.docx")

    def one():
        tpl = DocxTemplate(template)
        tpl.render(data)
        tpl.save(out)

    for _ in range(warm):
        one()
    walls = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        one()
        walls.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / n
    print(json.dumps({"ms": statistics.median(walls), "cpu_ms": cpu, "bytes": os.path.getsize(out)}))


if __name__ == "__main__":
    main()

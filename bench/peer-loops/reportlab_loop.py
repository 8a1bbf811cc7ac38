#!/usr/bin/env python3
"""The ReportLab peer in steady state: the peers' own reportlab_table.py (register_font, styles,
render) imported from PEERS, W warm-up documents, then N documents timed one by one.

Usage: reportlab_loop.py PEERS N W OUT.pdf
Prints one JSON line: per-document wall median (ms), CPU mean (ms), output bytes.
"""
import json
import os
import statistics
import sys
import time


def main():
    peers, n, warm, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    sys.path.insert(0, peers)
    os.chdir(peers)
    import reportlab_table as rt  # noqa: E402  (found through PEERS)

    with open("data.json", encoding="utf-8") as f:
        data = json.load(f)
    rt.register_font()
    st = rt.styles()
    for _ in range(warm):
        rt.render(data, st, out)
    walls = []
    cpu0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        rt.render(data, st, out)
        walls.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / n
    print(json.dumps({"ms": statistics.median(walls), "cpu_ms": cpu, "bytes": os.path.getsize(out)}))


if __name__ == "__main__":
    main()

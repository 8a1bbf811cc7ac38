#!/usr/bin/env python3
"""The peers' nearest equivalent of one `selfeval build` (or a batch of them) in ONE python3
process: for each of UNITS units, the ReportLab 附件2 table three times (stand-ins for 附件1, 2
and 3) and the docxtpl report twice (附件4 and 5), the CJK font registered once. Nothing is
timed inside; bench/run times the whole process, start-up included, like selfeval's.

Usage: package_peer.py PEERS UNITS OUT_DIR
"""
import json
import os
import sys


def main():
    peers, units, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sys.path.insert(0, peers)
    import reportlab_table as rt  # noqa: E402
    from docxtpl import DocxTemplate  # noqa: E402

    with open(os.path.join(peers, "data.json"), encoding="utf-8") as f:
        data = json.load(f)
    template = os.path.join(peers, "report-template.docx")
    cwd = os.getcwd()
    os.chdir(peers)  # register_font / render read relative files
    rt.register_font()
    st = rt.styles()
    os.chdir(cwd)
    for u in range(units):
        folder = os.path.join(out, "unit-%04d" % u)
        os.makedirs(folder, exist_ok=True)
        for k in (1, 2, 3):
            rt.render(data, st, os.path.join(folder, "附件%d.pdf" % k))
        for k in (4, 5):
            tpl = DocxTemplate(template)
            tpl.render(data)
            tpl.save(os.path.join(folder, "附件%d.docx" % k))


if __name__ == "__main__":
    main()

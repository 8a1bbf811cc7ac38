#!/usr/bin/env python3
"""Inputs for docx_bench from the peers' benchmark folder (../shared/bench/peers).

Usage: make_bench_inputs.py PEERS_DIR OUT_DIR
Writes OUT_DIR/report-template.docx: the peers' docxtemplater template with its placeholders
rewritten from {x} to {{x}} (docxtemplater and selfeval sections use the same #, ^, / sigils, so
nothing else changes; the placeholder split over three runs stays split), and OUT_DIR/data.tsv:
data.json as lines the benchmark reads without a JSON library:
  T<TAB>key<TAB>text     B<TAB>key<TAB>1|0
  L<TAB>list             (starts a new record of `list`)
  I<TAB>list<TAB>key<TAB>text   (a field of that record)
Values hold no tabs or newlines (checked).
"""
import json
import os
import sys
import zipfile

TEMPLATE_PARTS = ("word/document.xml",)


def is_template_part(name):
    if name in TEMPLATE_PARTS:
        return True
    base = name.rsplit("/", 1)[-1]
    return name.startswith("word/") and name.count("/") == 1 and \
        (base.startswith("header") or base.startswith("footer")) and base.endswith(".xml")


def convert_template(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if is_template_part(info.filename):
                text = data.decode("utf-8")
                # Only placeholders use braces in these parts (checked by make_template.py's
                # output: every brace belongs to a tag).
                text = text.replace("{", "{{").replace("}", "}}")
                data = text.encode("utf-8")
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def clean(value, where):
    if "\t" in value or "\n" in value:
        sys.exit("%s holds a tab or newline" % where)
    return value


def convert_data(src, dst):
    with open(src, encoding="utf-8") as f:
        data = json.load(f)
    lines = []
    for key, value in data.items():
        if isinstance(value, bool):
            lines.append("B\t%s\t%d" % (key, 1 if value else 0))
        elif isinstance(value, str):
            lines.append("T\t%s\t%s" % (key, clean(value, key)))
        elif isinstance(value, list):
            for item in value:
                lines.append("L\t%s" % key)
                for k, v in item.items():
                    lines.append("I\t%s\t%s\t%s" % (key, k, clean(str(v), key + "." + k)))
        # Nested objects (the 附件2 table cells) are not used by the report template.
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    peers, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    convert_template(os.path.join(peers, "report-template-docxtemplater.docx"),
                     os.path.join(out, "report-template.docx"))
    convert_data(os.path.join(peers, "data.json"), os.path.join(out, "data.tsv"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

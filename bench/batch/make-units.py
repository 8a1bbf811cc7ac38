#!/usr/bin/env python3
"""Writes N unit data files for the batch benchmark, derived from examples/yuanjiang-2023.toml.

Each file gets its own unit name and a few different figures (staff, procurement, one indicator
score) that keep every check passing, so `selfeval build DIR` has N distinct, valid units.
Usage: bench/batch/make-units.py N OUT_DIR
"""
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "yuanjiang-2023.toml"


def replace_once(text: str, pattern: str, repl: str) -> str:
    new, n = re.subn(pattern, repl, text, count=1, flags=re.M)
    if n != 1:
        sys.exit(f"make-units: pattern not found in the example: {pattern}")
    return new


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    base = EXAMPLE.read_text(encoding="utf-8")
    for i in range(count):
        text = replace_once(base, r'^name = "沅江市总工会"', f'name = "第{i + 1:04d}号县总工会"')
        text = replace_once(text, r"^authorized = 14", f"authorized = {10 + i % 20}")
        text = replace_once(text, r"^actual = 16 ", f"actual = {8 + i % 25} ")
        procurement = f"{(i % 500) / 100 + 1:.2f}"
        text = replace_once(text, r"^budget = 4\.69", f"budget = {procurement}")
        text = replace_once(text, r"^final = 4\.69", f"final = {procurement}")
        (out / f"unit-{i + 1:04d}.toml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

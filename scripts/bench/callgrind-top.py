#!/usr/bin/env python3
"""Top functions of a callgrind profile, one line per function.

callgrind_annotate lists a function once per source file that contributed inlined code to it, and
(with --inclusive=yes) lists recursive cycles ("name'2") with costs counted once per level. This
merges the first and drops the second:

    callgrind_annotate --threshold=100 callgrind.out > self.txt
    callgrind_annotate --threshold=100 --inclusive=yes callgrind.out > inclusive.txt
    python3 scripts/bench/callgrind-top.py self.txt self 15
    python3 scripts/bench/callgrind-top.py inclusive.txt inclusive 15

Self costs of one function are added up over its files; inclusive costs take the largest entry.
"""

import collections
import re
import sys

LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?)(?: \[.*\])?$")
FILE_PREFIX = re.compile(r"^(?:\?\?\?|[^<:]*(?:/|\.rs|\.c|\.h|\.S)):(?!:)")


def main() -> None:
    path, mode = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    total = 0
    costs: dict[str, int] = collections.defaultdict(int)
    in_table = False
    with open(path, errors="replace") as f:
        for line in f:
            if "PROGRAM TOTALS" in line:
                total = int(line.split()[0].replace(",", ""))
            if "file:function" in line:
                in_table = True
                continue
            if in_table and costs and line.startswith("----"):
                break  # the end of the function table: source annotations follow
            match = LINE.match(line) if in_table else None
            if not match:
                continue
            cost = int(match.group(1).replace(",", ""))
            name = FILE_PREFIX.sub("", match.group(2), count=1)
            if re.search(r"'\d+$", name):
                if mode != "self":
                    continue  # a recursion level: inclusive costs counted again
                name = re.sub(r"'\d+$", "", name)
            if mode == "self":
                costs[name] += cost
            else:
                costs[name] = max(costs[name], cost)
    for name, cost in sorted(costs.items(), key=lambda kv: -kv[1])[:count]:
        share = 100 * cost / total if total else 0
        print(f"{cost:>15,} {share:6.2f}%  {name}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Sums the TRX files of a `dotnet test --logger trx` run into one plain line: `N passed, N failed, N skipped`.

Exit status 1 when anything failed or when no test ran at all, so CI never mistakes an empty run for success.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(results_dir: str) -> int:
    passed = failed = skipped = 0
    for path in sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True)):
        counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", NS)
        if counters is None:
            failed += 1
            continue
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
        skipped += int(counters.get("notExecuted", 0))
    if passed + failed == 0:
        failed = 1
        print("no test results found", file=sys.stderr)
    line = f"{passed} passed, {failed} failed, {skipped} skipped"
    with open(os.path.join(results_dir, "summary.txt"), "w") as f:
        f.write(line + "\n")
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""Sums a test run's result files into one plain line: `N passed, N failed, N skipped`.

Reads the TRX files of `dotnet test --logger trx` and the JUnit XML files of `pytest --junitxml` under the results
folder. Exit status 1 when anything failed or when no test ran at all, so CI never mistakes an empty run for success.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def trx_counts(path: str) -> tuple[int, int, int]:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", NS)
    if counters is None:
        return 0, 1, 0
    failed = sum(int(counters.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    return int(counters.get("passed", 0)), failed, int(counters.get("notExecuted", 0))


def junit_counts(path: str) -> tuple[int, int, int]:
    """pytest's JUnit XML: a <testsuites> of <testsuite tests failures errors skipped> (or one bare <testsuite>)."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    if not suites:
        return 0, 1, 0
    passed = failed = skipped = 0
    for suite in suites:
        tests = int(suite.get("tests", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skip = int(suite.get("skipped", 0))
        passed += tests - bad - skip
        failed += bad
        skipped += skip
    return passed, failed, skipped


def main(results_dir: str) -> int:
    passed = failed = skipped = 0
    files = [(p, trx_counts) for p in glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True)]
    files += [(p, junit_counts) for p in glob.glob(os.path.join(results_dir, "**", "*.xml"), recursive=True)]
    for path, count in sorted(files):
        try:
            p, f, s = count(path)
        except ET.ParseError:
            p, f, s = 0, 1, 0
            print(f"unreadable results file: {path}", file=sys.stderr)
        passed, failed, skipped = passed + p, failed + f, skipped + s
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

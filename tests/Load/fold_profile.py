#!/usr/bin/env python3
"""Inclusive and self shares per symbol from `perf script` output (stdin): each sample's stack counts once for every
distinct symbol on it (inclusive) and for its leaf (self). Usage: perf script -i perf.data | fold_profile.py [N] [FILTER]
prints the N (default 60) largest inclusive shares whose symbol contains FILTER (default: all)."""
import re
import sys
from collections import Counter


def name(line):
    """A stack line ("    7f12 Namespace.Type::Method(args)[OptimizedTier1]+0x1a (/tmp/perf-1.map)") without its
    address, tier, offset and module."""
    m = re.match(r"\s*[0-9a-f]+\s+(.*?)(\s+\([^()]*\))?$", line)
    symbol = m.group(1) if m else line.strip()
    symbol = re.sub(r"\[(Optimized|Tier|Instrumented|PreJIT|QuickJitted)[^\]]*\]", "", symbol)
    return re.sub(r"\+0x[0-9a-f]+$", "", symbol)


def stacks(lines):
    """Each sample's stack, leaf first: a header line starts a sample, indented lines are its frames, a blank line ends it."""
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line.startswith((" ", "\t")):
            stack.append(name(line))
    if stack:
        yield stack


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    wanted = sys.argv[2] if len(sys.argv) > 2 else ""
    inclusive, self_time, samples = Counter(), Counter(), 0
    for stack in stacks(sys.stdin):
        samples += 1
        self_time[stack[0]] += 1
        for s in set(stack):
            inclusive[s] += 1
    print(f"{samples} samples")
    print(f"{'incl %':>7} {'self %':>7}  symbol")
    for symbol, n in inclusive.most_common():
        if wanted in symbol:
            print(f"{100 * n / samples:7.2f} {100 * self_time[symbol] / samples:7.2f}  {symbol[:150]}")
            top -= 1
            if top == 0:
                break


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""What a frame spends its time in: for every sample whose stack holds a symbol containing PATTERN, the share of all
samples by the frame just below it (its callee; "(self)" when it is the leaf). perf script output on stdin.
Usage: perf script -i perf.data | callees.py PATTERN [N]"""
import re
import sys
from collections import Counter

pattern, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
callees, samples, hits, stack = Counter(), 0, 0, []


def name(line):
    m = re.match(r"\s*[0-9a-f]+\s+(.*?)(\s+\([^()]*\))?$", line)
    symbol = m.group(1) if m else line.strip()
    return re.sub(r"\+0x[0-9a-f]+$", "", re.sub(r"\[(Optimized|Tier|Instrumented|PreJIT|QuickJitted)[^\]]*\]", "", symbol))


def flush():
    global samples, hits
    if not stack:
        return
    samples += 1
    # the outermost match (stacks are leaf first), so recursion counts once
    for i in range(len(stack) - 1, -1, -1):
        if pattern in stack[i]:
            hits += 1
            callees[stack[i - 1] if i > 0 else "(self)"] += 1
            return


for line in sys.stdin:
    if not line.strip():
        flush()
        stack = []
    elif line.startswith((" ", "\t")):
        stack.append(name(line))
flush()
print(f"{100 * hits / max(samples, 1):.2f}% of {samples} samples under '{pattern}'")
for symbol, n in callees.most_common(top):
    print(f"{100 * n / samples:7.2f}  {symbol[:160]}")

#!/usr/bin/env python3
"""What a frame spends its time in: for every sample whose stack holds a symbol containing PATTERN, the share of all
samples by the frame just below it (its callee; "(self)" when it is the leaf). perf script output on stdin.
Usage: perf script -i perf.data | callees.py PATTERN [N]"""
import sys
from collections import Counter

from fold_profile import stacks

pattern, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
callees, samples, hits = Counter(), 0, 0
for stack in stacks(sys.stdin):
    samples += 1
    # the outermost match (stacks are leaf first), so recursion counts once
    for i in range(len(stack) - 1, -1, -1):
        if pattern in stack[i]:
            hits += 1
            callees[stack[i - 1] if i > 0 else "(self)"] += 1
            break
print(f"{100 * hits / max(samples, 1):.2f}% of {samples} samples under '{pattern}'")
for symbol, n in callees.most_common(top):
    print(f"{100 * n / samples:7.2f}  {symbol[:160]}")

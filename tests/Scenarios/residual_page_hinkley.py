"""Two-sided Page-Hinkley over a replay's signed residuals y - p: the measurement behind docs/monitoring.md's reason for
watching the residual with ADWIN instead. Not a product detector.

Reads PREDICTIONS.csv (what `predict --out` wrote in a tests/Scenarios/run.sh replay), keeps the labelled rows in as_of
order (stable, the order `monitor --time as-of` feeds its detectors), and runs the product's Page-Hinkley settings
(delta 0.005, lambda 50, alpha 1, 30 values before an alarm, restart after one) over y - p (a rise) and p - y (a fall),
and over the squared error as a check that the stream matches the report's own Page-Hinkley alarms.

    python3 tests/Scenarios/residual_page_hinkley.py PREDICTIONS.csv [CHANGE_LABEL]
"""
import csv
import sys


def page_hinkley(stream, delta=0.005, lam=50.0, warm_up=30):
    alarms, n, mean, total, low = [], 0, 0.0, 0.0, 0.0
    for i, x in enumerate(stream):
        n += 1
        mean += (x - mean) / n
        total += x - mean - delta
        low = min(low, total)
        if n >= warm_up and total - low > lam:
            alarms.append(i)
            n, mean, total, low = 0, 0.0, 0.0, 0.0
    return alarms


def main(path, change=None):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f) if r["label"].strip() != ""]
    rows.sort(key=lambda r: r["as_of"])
    residuals = [(1.0 if r["label"].strip().lower() in ("true", "1") else 0.0) - float(r["probability"]) for r in rows]
    print(f"{len(residuals)} labelled rows; mean residual {sum(residuals) / len(residuals):+.4f}")
    print(f"Page-Hinkley on the squared error (the report's own): {page_hinkley([r * r for r in residuals])}")
    print(f"Page-Hinkley on y - p (outcomes above the predictions): {page_hinkley(residuals)}")
    print(f"Page-Hinkley on p - y (outcomes below the predictions): {page_hinkley([-r for r in residuals])}")
    if change is not None:
        before, after = residuals[:change], residuals[change:]
        print(f"mean residual before label {change}: {sum(before) / len(before):+.4f}; from it on: {sum(after) / len(after):+.4f}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: residual_page_hinkley.py PREDICTIONS.csv [CHANGE_LABEL]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else None)

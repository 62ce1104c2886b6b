"""Writes the outcomes file `monitor --outcomes` reads from the predictions `predict --out` wrote.

Each pair with a known label becomes one outcome: pair_id as the log keys it (mentee_id→mentor_id), success = the
label, observed_at = as_of + 90 days (pair-success's label window: the outcome is known once it has closed).
Pairs whose label is not yet known get no outcome.

    python3 tests/Scenarios/write_outcomes.py PREDICTIONS.csv OUTCOMES.csv
"""
import csv
import datetime
import sys

LABEL_WINDOW = datetime.timedelta(days=90)


def main(predictions: str, outcomes: str) -> None:
    written = 0
    with open(predictions, newline="", encoding="utf-8-sig") as source, open(outcomes, "w", newline="", encoding="utf-8") as target:
        out = csv.writer(target, lineterminator="\n")
        out.writerow(["pair_id", "success", "observed_at"])
        for row in csv.DictReader(source):
            label = row["label"].strip().lower()
            if label == "":
                continue
            as_of = datetime.datetime.fromisoformat(row["as_of"].replace("Z", "+00:00"))
            observed = (as_of + LABEL_WINDOW).strftime("%Y-%m-%dT%H:%M:%SZ")
            out.writerow([f"{row['mentee_id']}→{row['mentor_id']}", "true" if label in ("true", "1") else "false", observed])
            written += 1
    print(f"{written} outcomes into {outcomes}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: write_outcomes.py PREDICTIONS.csv OUTCOMES.csv")
    main(sys.argv[1], sys.argv[2])

"""Checks issue 12's scenario bars on the reports tests/Scenarios/run.sh wrote, one line per bar with its figure.

Reads OUT/<scenario>/monitor.json (what `monitor --json` printed: the report and the alerts it raised) and
OUT/<scenario>/predictions.csv; prints PASS, FAIL or INFO per line, writes the same lines to OUT/results.md, and
exits 1 when a bar fails.

Rules, stated because the reports alone do not fix them:
- The change is at the first window whose first row's as_of is on or after the change date ("the first drifted
  window"); windows are compared with the stationary replay's window of the same index, which holds the same
  seed-2 pairs before the change and the same kind of pairs after it.
- covariate: the expected features (the three changed fields and the features computed from them) must all be
  flagged in the first drifted window, and every other feature flagged there must be flagged in the stationary
  replay's same window too. Features built from the mentor's past pairs grow with the programme's age, so they
  drift against the training reference in stationary windows as well; that is the baseline, not the shift.
- concept: the label stream is the labelled rows in as_of order (the detectors' order); the change position is the
  number of labelled rows with an as_of before the change date; an alarm counts when it is detected at or after
  that position and at most --within labels later. The realised AUC drop compares the mean realised AUC of the
  windows after the change with the stationary replay's same windows and with the concept replay's own windows
  before it. "Data drift stays quiet": no window with dataset drift.
- stationary: |CBPE AUC - realised AUC| over every window with at least --min-labels labelled pairs.
- detectors: ADWIN and Page-Hinkley over the squared error and, when the report has it (a version whose settings do not
  turn it off), ADWIN over the signed residual y - p (`detectors.calibration`); "no detector alarm" and "an alarm within"
  count all three.
"""
import argparse
import csv
import datetime
import json
import os
import sys


def load(out, name):
    with open(os.path.join(out, name, "monitor.json"), encoding="utf-8") as f:
        return json.load(f)


def utc(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def flagged(window):
    if window["empty"] or window["data_drift"] is None:
        return set()
    return {f["feature"] for f in window["data_drift"]["features"] if f["drifted"]}


def first_drifted(windows, change):
    for k, w in enumerate(windows):
        if not w["empty"] and utc(w["start"]) >= change:
            return k
    return None


def realised_auc(window):
    r = window.get("realised")
    return None if r is None else r["auc"]["estimate"]


def calibration_alarms(detectors):
    """The alarms of ADWIN over the signed residual y - p, or None when the report has no such detector (off, or older)."""
    c = detectors.get("calibration")
    return None if c is None else c["alarms"]


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def labels_before(out, name, change):
    n = 0
    with open(os.path.join(out, name, "predictions.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["label"].strip() != "" and utc(row["as_of"]) < change:
                n += 1
    return n


class Bars:
    def __init__(self):
        self.lines = []
        self.failed = 0

    def line(self, verdict, bar, figure):
        text = f"{verdict:<4}  {bar}: {figure}"
        print(text, flush=True)
        self.lines.append(text)
        if verdict == "FAIL":
            self.failed += 1

    def check(self, ok, bar, figure):
        self.line("PASS" if ok else "FAIL", bar, figure)


def stationary(bars, s, args):
    report = s["report"]
    windows = [w for w in report["windows"] if not w["empty"]]
    drifted = [w["label"] for w in windows if w["data_drift"]["drifted"]]
    bars.check(len(windows) >= args.min_windows, "stationary: windows", f"{len(windows)} non-empty windows (need >= {args.min_windows})")
    bars.check(not drifted, "stationary: dataset drift", f"{len(drifted)} of {len(windows)} windows{(': ' + ', '.join(drifted)) if drifted else ''}")
    dataset_alerts = [a["window"] for a in s["alerts"]["new"] if a["kind"] == "dataset_drift"]
    bars.check(not dataset_alerts, "stationary: dataset-drift alerts", f"{len(dataset_alerts)}")
    detectors = report["detectors"]
    adwin, ph = len(detectors["adwin"]), len(detectors["page_hinkley"])
    calibration = calibration_alarms(detectors)
    bars.check(adwin + ph + len(calibration or []) == 0, "stationary: detector alarms",
               f"ADWIN {adwin}, Page-Hinkley {ph}" + (f", ADWIN on y - p {len(calibration)}" if calibration is not None else ", calibration detector off or absent")
               + f" over {detectors['values']} labels")

    features = [f["feature"] for f in windows[0]["data_drift"]["features"]] if windows else []
    rates = {f: sum(1 for w in windows if f in flagged(w)) / len(windows) for f in features}
    total = sum(rates.values()) / len(rates) if rates else float("nan")
    bars.line("INFO", "stationary: false-alarm rate per feature and window (all features)", f"{total:.3f}")
    for f in sorted(features, key=lambda f: (-rates[f], f)):
        if rates[f] > 0:
            bars.line("INFO", f"stationary: false-alarm rate of {f}", f"{rates[f]:.2f} ({round(rates[f] * len(windows))} of {len(windows)} windows)")
    quiet = [f for f in features if rates[f] == 0]
    bars.line("INFO", "stationary: features never flagged", f"{len(quiet)} of {len(features)}")
    multivariate = [w["label"] for w in windows if w.get("multivariate") and w["multivariate"]["drifted"]]
    bars.line("INFO", "stationary: domain-classifier drift (not a bar)", f"{len(multivariate)} of {len(windows)} windows")

    gaps = []
    for w in windows:
        auc = realised_auc(w)
        if w["labelled"] >= args.min_labels and auc is not None and w["estimated"] is not None:
            gaps.append((abs(w["estimated"]["auc"] - auc), w["label"], w["estimated"]["auc"], auc, w["labelled"]))
    if not gaps:
        bars.check(False, "stationary: |CBPE - realised AUC|", f"no window with >= {args.min_labels} labelled pairs")
    else:
        worst = max(gaps)
        bars.check(worst[0] <= 0.03, "stationary: |CBPE - realised AUC| <= 0.03",
                   f"max {worst[0]:.3f} over {len(gaps)} windows of >= {args.min_labels} labels (worst {worst[1]}: CBPE {worst[2]:.3f}, realised {worst[3]:.3f}, {worst[4]} labels); mean {mean([g[0] for g in gaps]):.3f}")
        # Whether a gap is the estimate's or the realised AUC's own sampling noise: the realised value has an interval too.
        inside = sum(1 for w in windows if w["labelled"] >= args.min_labels and w.get("realised")
                     and w["realised"]["auc"]["low"] <= w["estimated"]["auc"] <= w["realised"]["auc"]["high"])
        signed = mean([w["estimated"]["auc"] - realised_auc(w) for w in windows if w["labelled"] >= args.min_labels and realised_auc(w) is not None])
        width = mean([(w["realised"]["auc"]["high"] - w["realised"]["auc"]["low"]) / 2 for w in windows if w["labelled"] >= args.min_labels and w.get("realised")])
        bars.line("INFO", "stationary: CBPE inside the realised AUC's 95% interval", f"{inside} of {len(gaps)} windows; mean signed gap (CBPE - realised) {signed:+.3f}; mean half-width of the realised interval {width:.3f}")
    wide = os.path.join(args.out, "stationary", "monitor-wide.json")
    if os.path.exists(wide):
        with open(wide, encoding="utf-8") as f:
            wider = [w for w in json.load(f)["report"]["windows"] if not w["empty"] and realised_auc(w) is not None]
        gap = max(abs(w["estimated"]["auc"] - realised_auc(w)) for w in wider)
        bars.line("INFO", "stationary: |CBPE - realised AUC| in windows twice as large", f"max {gap:.3f} over {len(wider)} windows of {wider[0]['labelled']} labels; mean {mean([abs(w['estimated']['auc'] - realised_auc(w)) for w in wider]):.3f}")


def covariate(bars, s, c, args, change):
    expected = set(args.expected_covariate.split(","))
    sw, cw = s["report"]["windows"], c["report"]["windows"]
    k = first_drifted(cw, change)
    if k is None:
        bars.check(False, "covariate: first drifted window", f"no window starts on or after {change:%Y-%m-%d}")
        return
    drifted, baseline = flagged(cw[k]), flagged(sw[k]) if k < len(sw) else set()
    extra = drifted - baseline - expected
    missing = expected - drifted
    bars.check(not extra and not missing, f"covariate: flagged in the first drifted window ({cw[k]['label']}) beyond the stationary window",
               f"{', '.join(sorted(drifted - baseline)) or 'none'}; expected {', '.join(sorted(expected))}"
               + (f"; missing {', '.join(sorted(missing))}" if missing else "") + (f"; unexpected {', '.join(sorted(extra))}" if extra else ""))
    bars.line("INFO", "covariate: also flagged in the stationary window (baseline)", ", ".join(sorted(baseline & drifted)) or "none")
    scores = lambda w: {f["feature"]: (f["score"], f["threshold"], f["method"]) for f in w["data_drift"]["features"]}
    for f in sorted(extra):
        d, b = scores(cw[k])[f], scores(sw[k])[f]
        bars.line("INFO", f"covariate: {f}", f"{d[2]} {d[0]:.3f} (threshold {d[1]}) vs {b[0]:.3f} in the stationary window")
    later = [j for j in range(k, len(cw)) if not cw[j]["empty"]]
    exact = sum(1 for j in later if expected <= flagged(cw[j]) and not (flagged(cw[j]) - (flagged(sw[j]) if j < len(sw) else set()) - expected))
    bars.line("INFO", "covariate: drifted windows meeting the same rule", f"{exact} of {len(later)}")
    before = [j for j in range(0, k) if not cw[j]["empty"]]
    same = sum(1 for j in before if flagged(cw[j]) == (flagged(sw[j]) if j < len(sw) else set()))
    bars.line("INFO", "covariate: windows before the change flagging what the stationary replay flags", f"{same} of {len(before)}")
    dataset = [cw[j]["label"] for j in later if cw[j]["data_drift"]["drifted"]]
    bars.line("INFO", "covariate: dataset-drift windows after the change (4 of 26 features < the 0.5 share)", f"{len(dataset)}")


def concept(bars, s, k_report, args, change, out, name="concept"):
    sw, kw = s["report"]["windows"], k_report["report"]["windows"]
    k = first_drifted(kw, change)
    if k is None:
        bars.check(False, f"{name}: first drifted window", f"no window starts on or after {change:%Y-%m-%d}")
        return
    after = [j for j in range(k, len(kw)) if not kw[j]["empty"] and realised_auc(kw[j]) is not None]
    before = [j for j in range(0, k) if not kw[j]["empty"] and realised_auc(kw[j]) is not None]
    drifted_auc = mean([realised_auc(kw[j]) for j in after])
    stationary_auc = mean([realised_auc(sw[j]) for j in after if j < len(sw)])
    before_auc = mean([realised_auc(kw[j]) for j in before])
    bars.check(drifted_auc < stationary_auc and drifted_auc < before_auc, f"{name}: realised AUC drop",
               f"mean realised AUC after the change {drifted_auc:.3f} vs {stationary_auc:.3f} in the stationary replay's same {len(after)} windows "
               f"(drop {stationary_auc - drifted_auc:.3f}) and {before_auc:.3f} before the change")

    position = labels_before(out, name, change)
    detectors = k_report["report"]["detectors"]
    alarms = ([("ADWIN", a) for a in detectors["adwin"]] + [("Page-Hinkley", a) for a in detectors["page_hinkley"]]
              + [("ADWIN on y - p", a) for a in calibration_alarms(detectors) or []])
    early = [(n, a) for n, a in alarms if a["detected_at"] < position]
    late = sorted(((a["detected_at"] - position, n, a) for n, a in alarms if a["detected_at"] >= position), key=lambda t: t[0])
    if late:
        delay, detector, alarm = late[0]
        bars.check(delay <= args.within, f"{name}: detector alarm within {args.within} labels of the change",
                   f"{detector} after {delay} labels (change at label {position}, detected at {alarm['detected_at']}, placed at {alarm['change_at']}, window {alarm['detected_in_window']})")
    else:
        bars.check(False, f"{name}: detector alarm within {args.within} labels of the change", f"no alarm after label {position}")
    for delay, detector, alarm in late[1:]:
        bars.line("INFO", f"{name}: later alarm", f"{detector} after {delay} labels")
    calibration = calibration_alarms(detectors)
    if calibration is not None:
        after_change = sorted(a["detected_at"] - position for a in calibration if a["detected_at"] >= position)
        bars.line("INFO", f"{name}: ADWIN on y - p (calibration)",
                  (f"first alarm {after_change[0]} labels after the change" if after_change else "no alarm after the change")
                  + f"; {sum(1 for a in calibration if a['detected_at'] < position)} before it")
    bars.line("INFO", f"{name}: alarms before the change", f"{len(early)}" + (": " + ", ".join(f"{n} at {a['detected_at']}" for n, a in early) if early else ""))

    dataset = [w["label"] for w in kw if not w["empty"] and w["data_drift"]["drifted"]]
    bars.check(not dataset, f"{name}: data drift stays quiet (dataset-drift windows)", f"{len(dataset)} of {sum(1 for w in kw if not w['empty'])}")
    beyond = sorted({f for j in range(k, len(kw)) for f in flagged(kw[j]) - (flagged(sw[j]) if j < len(sw) else set())})
    bars.line("INFO", f"{name}: features flagged after the change beyond the stationary replay's same windows", ", ".join(beyond) or "none")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--change", required=True)
    parser.add_argument("--scenario", default="all")
    parser.add_argument("--expected-covariate", required=True)
    parser.add_argument("--min-windows", type=int, default=int(os.environ.get("MIN_WINDOWS", "20")))
    parser.add_argument("--min-labels", type=int, default=int(os.environ.get("CBPE_MIN_LABELS", "500")))
    parser.add_argument("--within", type=int, default=500)
    args = parser.parse_args()
    change = datetime.datetime.fromisoformat(args.change).replace(tzinfo=datetime.timezone.utc)

    bars = Bars()
    s = load(args.out, "stationary")
    stationary(bars, s, args)
    if args.scenario in ("covariate", "all"):
        covariate(bars, s, load(args.out, "covariate"), args, change)
    if args.scenario in ("concept", "all"):
        concept(bars, s, load(args.out, "concept"), args, change, args.out)
    if args.scenario in ("overhaul", "all"):
        concept(bars, s, load(args.out, "overhaul"), args, change, args.out, name="overhaul")

    with open(os.path.join(args.out, "results.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(bars.lines) + "\n")
    print(f"{bars.failed} bar(s) failed; figures in {os.path.join(args.out, 'results.md')}")
    sys.exit(1 if bars.failed else 0)


if __name__ == "__main__":
    main()

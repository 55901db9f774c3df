"""Medians of Benchmarks/replication/run's runs: prints the tables and writes summary.json next to the results.

Usage: summary.py OUT_DIR RUNS "RATES" READ_CONNECTIONS PROBES_PER_SECOND SECONDS NPROC READS FOLLOWER_DURABILITY
"""

import json
import os
import statistics
import sys

out, runs, rates, read_connections, probes_per_second, seconds, nproc, with_reads, follower_durability = sys.argv[1:10]
runs, rates, seconds = int(runs), [int(r) for r in rates.split()], float(seconds)
rows = [json.loads(line) for line in open(os.path.join(out, "results.jsonl"))]


def report(name):
    with open(os.path.join(out, name + ".json")) as f:
        return json.load(f)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, decimals=2):
    return "-" if value is None else f"{value:,.{decimals}f}"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values))) - 1))] if values else None


def wal_delta(row, side):
    before, after = row[side + "Before"], row[side + "After"]
    fsyncs = after["wal_fsyncs_total"] - before["wal_fsyncs_total"]
    records = after["wal_records_written_total"] - before["wal_records_written_total"]
    fsync_seconds = after["wal_fsync_duration_seconds_sum"] - before["wal_fsync_duration_seconds_sum"]
    return {
        "fsyncsPerSecond": fsyncs / row["seconds"],
        "recordsPerFsync": records / fsyncs if fsyncs else None,
        "fsyncMeanMilliseconds": fsync_seconds / fsyncs * 1000 if fsyncs else None,
        "fsyncBusyShare": fsync_seconds / row["seconds"],
    }


def cores(row):
    """Leader's and follower's CPU over a step (setup included), in cores."""
    ticks, before, after = os.sysconf("SC_CLK_TCK"), row["cpuBefore"], row["cpuAfter"]
    wall = after["t"] - before["t"]
    return {side: (after[side] - before[side]) / ticks / wall for side in ("leader", "follower")}


def health_poll(rate, run):
    path = os.path.join(out, f"health-{rate}-{run}.jsonl")
    polls = [json.loads(line) for line in open(path)] if os.path.exists(path) else []
    records = [p.get("lagRecords", 0) for p in polls]
    lag_seconds = [p.get("lagSeconds", 0.0) for p in polls]
    return {
        "polls": len(polls),
        "lagRecordsP99": percentile(records, 99),
        "lagRecordsMax": max(records) if records else None,
        "lagSecondsMax": max(lag_seconds) if lag_seconds else None,
        "streamingShare": sum(p.get("connection") == "streaming" for p in polls) / len(polls) if polls else None,
    }


fsync_rates = [r["perSecond"] for r in rows if r["kind"] == "fsync"]
loads = [r["load"] for r in rows if r["kind"] == "fsync"]
baseline = [report(f"baseline-{run}")["operations"]["health"]["latencyMilliseconds"] for run in range(1, runs + 1)]

lag = {}
for rate in rates:
    per_run = []
    for run in range(1, runs + 1):
        r = report(f"lag-{rate}-{run}")
        create, probe = r["operations"]["create"], r["lagProbe"]
        wal = next(w for w in rows if w["kind"] == "wal" and w["rate"] == rate and w["run"] == run)
        per_run.append({
            "lag": probe["lagMilliseconds"], "control": probe["controlMilliseconds"], "probes": probe["probes"],
            "lagging": probe["lagging"], "errors": probe["errors"] + create["serverErrors"] + create["timeouts"]
            + create["transportErrors"], "skipped": probe["skipped"],
            "createdPerSecond": create["succeeded"] / seconds, "writeP99": create["latencyMilliseconds"]["p99"],
            "sustained": r["openLoop"]["sustained"], "clientCores": r["client"]["cores"],
            "leader": wal_delta(wal, "leader"), "follower": wal_delta(wal, "follower"),
            "health": health_poll(rate, run), "cores": cores(wal), "sampleEvery": wal["sampleEvery"],
        })
    pick = lambda f: median([f(x) for x in per_run])  # noqa: E731
    lag[rate] = {
        "lag": {k: pick(lambda x, k=k: x["lag"][k]) for k in ("p50", "p90", "p99", "p999", "max")},
        "control": {k: pick(lambda x, k=k: x["control"][k]) for k in ("p50", "p90", "p99", "p999", "max")},
        "p99PerRun": [x["lag"]["p99"] for x in per_run],
        "lagging": sum(x["lagging"] for x in per_run), "errors": sum(x["errors"] for x in per_run),
        "skipped": sum(x["skipped"] for x in per_run), "probes": sum(x["probes"] for x in per_run),
        "createdPerSecond": pick(lambda x: x["createdPerSecond"]), "writeP99": pick(lambda x: x["writeP99"]),
        "sustained": all(x["sustained"] for x in per_run), "clientCores": pick(lambda x: x["clientCores"]),
        "leader": {k: pick(lambda x, k=k: x["leader"][k]) for k in per_run[0]["leader"]},
        "follower": {k: pick(lambda x, k=k: x["follower"][k]) for k in per_run[0]["follower"]},
        "health": {k: pick(lambda x, k=k: x["health"][k]) for k in per_run[0]["health"]},
        "cores": {k: pick(lambda x, k=k: x["cores"][k]) for k in ("leader", "follower")},
        "sampleEvery": per_run[0]["sampleEvery"],
        "runs": per_run,
    }

reads = {}
for step in ("alone", "split") if with_reads == "true" else ():
    per_run = []
    for run in range(1, runs + 1):
        r = report(f"reads-{step}-{run}")
        total = r["total"]
        per_run.append({
            "perSecond": total["throughputPerSecond"], "p50": total["latencyMilliseconds"]["p50"],
            "p99": total["latencyMilliseconds"]["p99"], "errors": total["serverErrors"] + total["timeouts"]
            + total["transportErrors"], "clientCores": r["client"]["cores"],
            "byTarget": [t["throughputPerSecond"] for t in r["readTargets"]],
            "cores": cores(next(c for c in rows if c["kind"] == "readsCpu" and c["run"] == run and c["step"] == step)),
        })
    reads[step] = {k: median([x[k] for x in per_run]) for k in ("perSecond", "p50", "p99", "clientCores")}
    reads[step]["errors"] = sum(x["errors"] for x in per_run)
    reads[step]["byTarget"] = [median(v) for v in zip(*[x["byTarget"] for x in per_run])]
    reads[step]["perSecondPerRun"] = [x["perSecond"] for x in per_run]
    reads[step]["cores"] = {k: median([x["cores"][k] for x in per_run]) for k in ("leader", "follower")}
ratio = reads["split"]["perSecond"] / reads["alone"]["perSecond"] if reads and reads["alone"]["perSecond"] else None

print(f"\nmedians of {runs} run(s), {seconds:.0f} s each; follower durability {follower_durability}; nproc {nproc}; disk fdatasync/s at each run's start: "
      + ", ".join(str(r) for r in fsync_rates) + "; load average at each run's start: " + " | ".join(loads))
b = {k: median([x[k] for x in baseline]) for k in ("p50", "p99")}
print(f"\nprobe baseline: GET /health on the idle, up-to-date follower, 1 connection: p50 {fmt(b['p50'])} ms, "
      f"p99 {fmt(b['p99'])} ms")
print(f"\nreplication lag (ms; leader's write answer -> follower's answer to GET /health with X-Nailbook-Min-LSN; "
      f"about {probes_per_second} probes/s: one creation in rate/{probes_per_second})")
print(f"{'rate/s':>7} {'201/s':>7} {'p50':>7} {'p90':>7} {'p99':>7} {'p99.9':>7} {'max':>7} | {'ctl p50':>7} "
      f"{'ctl p99':>7} | {'503':>4} {'err':>4} | {'L fsync/s':>9} {'L rec/fs':>8} {'L fs ms':>7} {'F fsync/s':>9} "
      f"{'F fs ms':>7} {'F busy':>6} | {'L cores':>7} {'F cores':>7} | {'health lagRec max':>17}")
print("(L/F: leader/follower; fsync/s, records per fsync and mean fsync time from their wal_* metrics; F busy: "
      "share of the time the follower spent in fdatasync; health lagRec max: the most records behind in its /health, "
      "polled every 100 ms; cores: CPU of each server process over the step, setup included)")
for rate in rates:
    x = lag[rate]
    print(f"{rate:>7} {fmt(x['createdPerSecond'], 0):>7} {fmt(x['lag']['p50']):>7} {fmt(x['lag']['p90']):>7} "
          f"{fmt(x['lag']['p99']):>7} {fmt(x['lag']['p999']):>7} {fmt(x['lag']['max']):>7} | "
          f"{fmt(x['control']['p50']):>7} {fmt(x['control']['p99']):>7} | {x['lagging']:>4} {x['errors']:>4} | "
          f"{fmt(x['leader']['fsyncsPerSecond'], 0):>9} {fmt(x['leader']['recordsPerFsync'], 1):>8} "
          f"{fmt(x['leader']['fsyncMeanMilliseconds']):>7} {fmt(x['follower']['fsyncsPerSecond'], 0):>9} "
          f"{fmt(x['follower']['fsyncMeanMilliseconds']):>7} {fmt(x['follower']['fsyncBusyShare'], 2):>6} | "
          f"{fmt(x['cores']['leader']):>7} {fmt(x['cores']['follower']):>7} | "
          f"{fmt(x['health']['lagRecordsMax'], 0):>17}")
    print(f"{'':>7} lag p99 per run: " + ", ".join(fmt(v) for v in x["p99PerRun"])
          + ("" if x["sustained"] else "  WARNING: the write rate was not sustained in every run"))
if not reads:
    print("\nreads: not measured (--no-reads)")
else:
    print(f"\nreads (closed loop, availability=60,list=40, {read_connections} connections in all)")
    print(f"{'targets':<18} {'req/s':>9} {'p50':>7} {'p99':>7} {'errors':>6} {'client cores':>12} {'L cores':>7} {'F cores':>7}  per target req/s")
for step, title in (("alone", "leader alone"), ("split", "leader + follower")) if reads else ():
    x = reads[step]
    print(f"{title:<18} {fmt(x['perSecond'], 0):>9} {fmt(x['p50']):>7} {fmt(x['p99']):>7} {x['errors']:>6} "
          f"{fmt(x['clientCores']):>12} {fmt(x['cores']['leader']):>7} {fmt(x['cores']['follower']):>7}  "
          + " / ".join(fmt(v, 0) for v in x["byTarget"])
          + "   (runs: " + ", ".join(fmt(v, 0) for v in x["perSecondPerRun"]) + ")")
if reads:
    print(f"leader + follower / leader alone: {fmt(ratio, 2)}")

summary = {
    "runs": runs, "followerDurability": follower_durability, "secondsPerStep": seconds,
    "probesPerSecond": int(probes_per_second), "nproc": int(nproc),
    "fsyncPerSecondAtStart": fsync_rates, "loadAverageAtStart": loads, "probeBaseline": b,
    "lag": {str(k): v for k, v in lag.items()}, "reads": reads, "readRatio": ratio,
}
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2, sort_keys=True)
print(f"\nJSON: {os.path.join(out, 'summary.json')}")

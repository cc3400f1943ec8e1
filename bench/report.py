"""Turns bench/run's results (one JSON object a line) into docs/benchmarks.md."""
import datetime
import json
import statistics
import sys

results_path, out_path, machine = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(line) for line in open(results_path) if line.strip()]
pick = lambda key: [r[key] for r in rows if key in r]

startups = pick("startup")
first = pick("firstStart")[0]["ms"]
reads = {r["name"]: r for r in pick("read")}
def median_by(items, key):
    ordered = sorted(items, key=lambda r: r[key])
    return ordered[len(ordered) // 2]

ballots = {n: median_by([r for r in pick("ballots") if r["concurrency"] == n], "perSecond") | {
    "errors": sum(r["errors"] for r in pick("ballots") if r["concurrency"] == n)} for n in sorted({r["concurrency"] for r in pick("ballots")})}
pgbench = {n: statistics.median(r["tps"] for r in pick("pgbench") if r["concurrency"] == n) for n in sorted({r["concurrency"] for r in pick("pgbench")})}
diffs = {r["clauses"]: r for r in pick("diffs")}
loaded_rss = max(pick("loadedRssMb") + pick("finalRssMb"))

def verdict(ok):
    return "met" if ok else "**not met**"

ready = statistics.median(s["ms"] for s in startups)
idle = statistics.median(s["idleRssMb"] for s in startups)
r200 = reads["service-200"]["rps"] / reads["nginx-200"]["rps"]
r304 = reads["service-304"]["rps"] / reads["nginx-304"]["rps"]
b32 = ballots[32]["perSecond"] / pgbench[32]
d500 = diffs[500]["diffLast"]["median"]

lines = [
    "# Benchmarks",
    "",
    f"Measured by `bench/run` on {datetime.date.today().isoformat()}: {machine}.",
    "The service runs as it is deployed (`dotnet publish -c Release -r linux-x64`: ReadyToRun, pre-generated Wolverine code) on its embedded PostgreSQL (fsync on), with wrk, nginx and pgbench on the same two cores.",
    "",
    "## Against the targets",
    "",
    "| figure | measured | target | |",
    "|---|---|---|---|",
    f"| public read (JSON) vs nginx, same bytes | {reads['service-200']['rps']:,.0f} vs {reads['nginx-200']['rps']:,.0f} req/s = {r200:.0%} | ≥ 50% | {verdict(r200 >= 0.5)} |",
    f"| public read, If-None-Match → 304, vs nginx | {reads['service-304']['rps']:,.0f} vs {reads['nginx-304']['rps']:,.0f} req/s = {r304:.0%} | ≥ 70% | {verdict(r304 >= 0.7)} |",
    f"| ballots at 32 voters vs pgbench one-row inserts at 32 | {ballots[32]['perSecond']:,.0f} vs {pgbench[32]:,.0f} /s = {b32:.1%}, {ballots[32]['errors']} errors | ≥ 20%, 0 errors | {verdict(b32 >= 0.2 and ballots[32]['errors'] == 0)} |",
    f"| `diff?from=199&to=200`, 500 clauses | median {d500} ms | < 20 ms | {verdict(d500 < 20)} |",
    f"| process start → `/health/ready` (median of 3 restarts) | {ready:.0f} ms | < 1.5 s | {verdict(ready < 1500)} |",
    f"| RSS after the load | {loaded_rss} MB (idle {idle:.0f} MB) | < 250 MB | {verdict(loaded_rss < 250)} |",
    "",
    "## Public reads (`wrk -t2 -c32 -d10s --latency`, after a 10 s warm-up)",
    "",
    "| target | requests/s (median of 3) | the 3 runs | p99 | non-2xx/3xx |",
    "|---|---|---|---|---|",
]
for name in ["service-200", "service-304", "nginx-200", "nginx-304"]:
    r = reads[name]
    lines.append(f"| {name} | {r['rps']:,.0f} | {' / '.join(f'{x:,.0f}' for x in r['runs'])} | {r['p99ms']} ms | {r['errors']} |")
lines += [
    "",
    "## Ballots (PUT /votes/{id}/ballot with real tokens, 4 open votes) and pgbench one-row inserts: medians of 3 runs of 10 s",
    "",
    "| concurrency | ballots/s | p50 | p99 | errors | inserts/s | ballots ÷ inserts |",
    "|---|---|---|---|---|---|---|",
]
for n in sorted(ballots):
    b = ballots[n]
    lines.append(f"| {n} | {b['perSecond']:,.0f} | {b['p50']} ms | {b['p99']} ms | {b['errors']} | {pgbench[n]:,.0f} | {b['perSecond'] / pgbench[n]:.1%} |")
floor = reads["service-floor"]
lines += [
    "",
    f"The floor, for scale: a request that makes one round trip to PostgreSQL and nothing else (`GET /health/ready`, `select 1`; wrk -t2 -c32) reaches "
    f"{floor['rps']:,.0f} req/s (p99 {floor['p99ms']} ms) = {floor['rps'] / pgbench[32]:.0%} of the pgbench rate at 32.",
]
lines += [
    "",
    "## Diffs and clause history (median and p99 of 30 sequential requests, JSON)",
    "",
    "| clauses | versions | diff 1 → 200 | diff 199 → 200 | clause history | seeding the history |",
    "|---|---|---|---|---|---|",
]
for c in sorted(diffs):
    d = diffs[c]
    lines.append(f"| {c} | {d['versions']} | {d['diffAll']['median']} / {d['diffAll']['p99']} ms | {d['diffLast']['median']} / {d['diffLast']['p99']} ms | "
                 f"{d['history']['median']} / {d['history']['p99']} ms | {d['seedingSeconds']:.0f} s |")
lines += [
    "",
    "## Start-up and memory",
    "",
    f"First start (creates the cluster): {first} ms. Restarts: {', '.join(str(s['ms']) for s in startups)} ms; RSS idle {', '.join(str(s['idleRssMb']) for s in startups)} MB.",
    f"RSS after the ballots: {pick('loadedRssMb')[0]} MB; after the diffs: {pick('finalRssMb')[0]} MB.",
    "",
    "## What limits each figure",
    "",
    "- Public reads: served from memory (a version's renderings are made once; the current version per slug is looked up at most once a second), so what remains is ASP.NET Core's and Wolverine's pipeline (routing, CORS, rate limiter, authentication, content negotiation) against nginx's sendfile; wrk shares the two cores with both.",
    f"- Ballots: each ballot makes about ten round trips to PostgreSQL in one transaction (its token; the vote stream's row lock; the vote; the caller's membership; the event's sequence and stream; the proposal's title and the voter's name for the audit entry; the writes; the commit), and ballots on one vote queue on its lock by design, so with 4 open votes at most 4 commit at once. A request with one round trip and no work reaches the floor above on these two shared cores, so 20% of pgbench's rate would need a ballot to cost no more than {floor['rps'] / pgbench[32] / 0.2:.1f} such requests: out of reach for a ballot that is authenticated, checked and recorded as an event with its projections in one transaction, and queued behind the other ballots on its vote.",
    "- Diffs: reading two version documents and diffing them; cost follows the size of the text, not the number of versions between them (1 → 200 and 199 → 200 read the same two documents).",
    "- Start-up: the runtime and the host (configuration, registering Marten, Wolverine and Swashbuckle, mapping the endpoints), Marten's schema check (about 0.3 s), Wolverine's envelope storage and node agents (about 0.3 s), Kestrel and the first health request; ReadyToRun spares most JIT, Wolverine's code is pre-generated, and the embedded PostgreSQL starts while the host is built. The figure moves by ±0.2 s with the load of this shared machine.",
    "- Memory: about 115 MB of the RSS is the mapped assemblies (ReadyToRun images); the rest is the GC heap (about 50 MB after the diffs on 2,000 clauses), the runtime's code and data, and connection buffers.",
    "",
    "Command: `bench/run` (repository root). Public reads, ballots and inserts are medians of three runs; start-up is the median of three restarts; diffs are medians of 30 requests.",
    "What changed the figures, with before and after: `docs/benchmark-changes.md`.",
]
# bench/pages, bench/exports … write their own sections (bench/section.py), from the first such marker on; they are kept.
kept = ""
try:
    previous = open(out_path).read()
    if "<!-- bench/" in previous:
        kept = "\n" + previous[previous.index("<!-- bench/"):]
except FileNotFoundError:
    pass
open(out_path, "w").write("\n".join(lines) + "\n" + kept)

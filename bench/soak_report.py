"""The tables bench/soak.py prints at the end, from what the soak recorded."""
import datetime
import os

from serving import percentile

PHASES = {
    "normal": "normal",
    "stopped": "Elasticsearch stopped",
    "restarted": "restarted",
    "rebuild": "rebuild running",
    "paused": "paused (SIGSTOP)",
    "resumed": "resumed",
}
KINDS = ("search page", "search API", "page view", "admin edit page", "publish")


def latency_row(label, records, seconds=None, spans=True):
    times = sorted(r[3] for r in records)
    server_errors = sum(1 for r in records if isinstance(r[2], int) and r[2] >= 500)
    no_answer = sum(1 for r in records if not isinstance(r[2], int))
    searches = [r for r in records if r[5] is not None]
    degraded = sum(1 for r in searches if r[5])
    span = f" {seconds:.0f} |" if spans else ""
    return (f"| {label} |{span} {len(records)} | {server_errors} | {no_answer} | {degraded} of {len(searches)} | "
            f"{percentile(times, 0.5):.0f} | {percentile(times, 0.95):.0f} | {times[-1] if times else float('nan'):.0f} |")


def phase_spans(soak, end):
    """Seconds spent in each phase."""
    spans = {}
    for (at, phase), (following, _) in zip(soak.transitions, soak.transitions[1:] + [(end, None)]):
        spans[phase] = spans.get(phase, 0) + following - at
    return spans


def recovery_text(soak, label, back, window_end):
    """How long after ``back`` searches (page and API) came from Elasticsearch again: the
    first, and every one begun from then on, within the window."""
    searches = sorted((r[0], r[5]) for r in soak.records if r[5] is not None and back <= r[0] <= window_end)
    first = next((began for began, degraded in searches if not degraded), None)
    last_degraded = max((began for began, degraded in searches if degraded), default=None)
    steady = next((began for began, degraded in searches
                   if not degraded and (last_degraded is None or began > last_degraded)), None)
    fallbacks = sum(1 for _, degraded in searches if degraded)
    if first is None:
        return f"{label}: no search from Elasticsearch within {window_end - back:.0f} s"
    steady_text = f"{steady - back:.1f} s" if steady is not None else "not within the window"
    return (f"{label}: the first search begun {first - back:.1f} s after, every search begun from "
            f"{steady_text} after ({fallbacks} answered by the database meanwhile)")


def report(soak, args, setup, end, changes, outbox, database):
    spans = phase_spans(soak, end)
    print()
    print(f"Soak test, {datetime.date.today().isoformat()}: {end / 60:.1f} min of traffic from {args.clients} clients "
          f"(seed {args.seed}) through gunicorn ({args.workers} sync workers) on 127.0.0.1; {database.describe()}; "
          f"a private Elasticsearch node; {soak.catalogue['activities']} activities (sample data). Load average at the "
          f"start {setup['load_before']}, at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}.")
    print()
    print("| phase | seconds | requests | 5xx | no answer | searches from the database | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for phase, label in PHASES.items():
        records = [r for r in soak.records if r[4] == phase]
        if records:
            print(latency_row(label, records, spans.get(phase, 0)))
    print(latency_row("**all**", soak.records, end))
    print()
    print(f"{len(soak.records)} requests served in {end:.0f} s ({len(soak.records) / end:.1f} a second).")
    print()
    print("| request | requests | 5xx | no answer | searches from the database | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        records = [r for r in soak.records if r[1] == kind]
        if records:
            print(latency_row(kind, records, spans=False))
    paused = [r for r in soak.records if r[4] == "paused"]
    if paused:
        print()
        print("While paused (SIGSTOP), by request: " + "; ".join(
            f"{kind} {len(times)}, p50 {percentile(times, 0.5):.0f} / p95 {percentile(times, 0.95):.0f} / "
            f"max {times[-1]:.0f} ms"
            for kind in KINDS if (times := sorted(r[3] for r in paused if r[1] == kind))) + ".")
    statuses = {}
    for r in soak.records:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    print()
    print("Statuses: " + ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str)) + ".")
    print()
    print("Events (seconds from the start of traffic):")
    print()
    for at, text in soak.events:
        print(f"- {at:.0f} s: {text}")
    print()
    for label, back, window_end in soak.recoveries:
        print(f"Back to Elasticsearch after the {recovery_text(soak, label, back, window_end)}.")
    published = sum(len(titles) for titles in soak.published.values())
    print(f"Publishes: {published} through the admin ({len(soak.published)} activities), {soak.failed_publishes} not "
          f"redirected. Lost changes: **{len(changes['lost'])}** (checked {changes['waited']:.0f} s after the traffic "
          f"stopped); publishes not in the database: {len(changes['not_saved'])}.")
    print(f"Outbox: {outbox['recorded']} changes recorded during the run, {outbox['waiting']} waiting at the end, "
          f"{outbox['retried']} retried; recorded to applied p50 {outbox['lag p50']:.1f} s, p95 {outbox['lag p95']:.1f} s, "
          f"max {outbox['lag max']:.1f} s.")
    print(f"Set-up: {setup['seconds']:.0f} s (database, sample data, vectors, node, first index).")
    for pk in changes["lost"][:10]:
        print(f"  lost: activity {pk}: published {changes['latest'][pk]!r}, index has {changes['in_index'].get(pk)!r}")
    for problem in soak.problems:
        print(f"Problem: {problem}")


def passed(soak, changes):
    failures = sum(1 for r in soak.records if not isinstance(r[2], int) or r[2] >= 500)
    return not failures and not changes["lost"] and not changes["not_saved"] and not soak.problems

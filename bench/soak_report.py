"""Markdown table of soak results: ``python -m bench.soak_report RESULT.json [...]``.

Each file is what ``python -m bench.soak --json FILE`` wrote; one column per run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROWS: tuple[tuple[str, str], ...] = (
    ("set-up", "setup"),
    ("questions (users)", "questions"),
    ("SIGKILL + restart", "kills"),
    ("faults injected", "faults"),
    ("webhook re-sends (failed / acknowledged)", "resends"),
    ("**lost replies**", "lost"),
    ("**duplicate replies** (first copy stored at SIGKILL + x ms)", "dups"),
    ("error replies", "error_replies"),
    ("latency p50 / p95 / p99 (s)", "latency"),
    ("latency max (s)", "latency_max"),
    ("replies/s overall / steady", "throughput"),
    ("sendMessage attempts/s: busiest 1 s / busiest 5 s", "send_peak"),
    ("peak RSS per process (MB)", "rss"),
    ("DB errors / Redis errors", "errors"),
    ("wall time (s)", "wall"),
)


def cell(result: dict[str, Any], key: str) -> str:
    r = result
    cfg = r.get("config", {})
    if key == "setup":
        if r["mode"] == "webhook":
            return f"webhook, {r['replicas']} replicas, PostgreSQL + Redis, {r['global_rate']:g} msg/s"
        return f"polling, 1 process, SQLite, {r['global_rate']:g} msg/s"
    if key == "questions":
        return f"{r['questions_sent']} ({cfg.get('users', '?')})"
    if key == "faults":
        total = sum(r["faults_injected"].values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(r["faults_injected"].items()))
        return f"{total} ({kinds})"
    if key == "resends":
        return f"{r['webhook_failed_deliveries']} / {r['webhook_redelivered']}" if r["mode"] == "webhook" else "-"
    if key == "latency":
        return f"{r['latency_p50_s']:.2f} / {r['latency_p95_s']:.2f} / {r['latency_p99_s']:.2f}"
    if key == "latency_max":
        return f"{r['latency_max_s']:.1f}"
    if key == "throughput":
        return f"{r['replies_per_s']:.1f} / {r['replies_per_s_steady']:.1f}"
    if key == "dups":
        near = [t for t in r.get("duplicate_first_copy_from_kill_s", []) if t is not None]
        detail = f" ({', '.join(f'{t * 1000:+.0f} ms' for t in near)})" if near else ""
        return f"{r['duplicates']}{detail}"
    if key == "send_peak":
        return f"{r['send_attempts_max_per_1s']} / {r.get('send_attempts_max_per_5s', 0) / 5:.1f}"
    if key == "wall":
        return f"{r['duration_s']:.0f}"
    if key == "rss":
        return ", ".join(f"{v:.0f}" for v in r["peak_rss_mb"].values())
    if key == "errors":
        return f"{r['db_errors']} / {r['redis_errors']}" if r["mode"] == "webhook" else f"{r['db_errors']} / -"
    return str(r[key])


def table(paths: list[Path]) -> str:
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    head = "| | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |"
    lines = [head, "|---" * (len(runs) + 1) + "|"]
    for label, key in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(run["result"], key) for run in runs) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    print(table([Path(a) for a in args]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

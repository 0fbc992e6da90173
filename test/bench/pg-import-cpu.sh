#!/bin/bash
# A PostgreSQL import by the CLI (sources), this checkout beside a reference checkout (for example a worktree of main
# with its own `pnpm install`), alternating, into a fresh schema each time: wall time, the client's CPU seconds and the
# server's (every process of the postgres user, so other work on the server counts too). On a loaded machine the wall
# clock mostly says how busy the machine was; the CPU seconds say what each side cost.
#
#   bash test/bench/pg-import-cpu.sh REFERENCE_DIR LEDGER [ROUNDS] [URL]
set -euo pipefail
ref=$(cd "$1" && pwd) ledger=$(realpath "$2") rounds=${3:-3} url=${4:-postgres://postgres@127.0.0.1:5432/test}
here=$(cd "$(dirname "$0")/../.." && pwd)
schema=gb_import_cpu_$$ tck=$(getconf CLK_TCK) times=$(mktemp)
trap 'psql "$url" -q -c "drop schema if exists $schema cascade" >/dev/null 2>&1; rm -f "$times"' EXIT
serverTicks() { # utime + stime (children included) of every process of the postgres user
  local s=0 p
  for p in $(pgrep -u postgres); do s=$((s + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$s"
}
events=$(wc -l < "$ledger")
for round in $(seq "$rounds"); do
  for side in "reference:$ref" "this:$here"; do
    name=${side%%:*} dir=${side#*:}
    psql "$url" -q -c "drop schema if exists $schema cascade" >/dev/null 2>&1
    s0=$(serverTicks) t0=$(date +%s.%N)
    (cd "$dir" && GROUNDBREAK_FROM_SOURCE=1 /usr/bin/time -f "%U %S" -o "$times" node_modules/.bin/node --disable-warning=ExperimentalWarning \
      packages/cli/bin/groundbreak.mjs import "$ledger" --store "$url?schema=$schema" >/dev/null)
    t1=$(date +%s.%N) s1=$(serverTicks)
    awk -v r="$round" -v nm="$name" -v a="$t0" -v b="$t1" -v s=$((s1 - s0)) -v tck="$tck" -v n="$events" -v c="$(tail -1 "$times")" \
      'BEGIN { split(c, u, " "); printf "round %d %-9s wall %6.2f s %8.0f events/s   client CPU %6.2f s   server CPU %6.2f s\n", r, nm, b - a, n / (b - a), u[1] + u[2], s / tck }'
  done
done

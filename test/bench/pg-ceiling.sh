#!/bin/bash
# The PostgreSQL server's own ceiling for the store's rows, with no JavaScript at all: the rows of an imported store
# (schema SCHEMA of database URL) dumped once, then loaded by psql in several ways, each in one transaction (the
# commit, and so the WAL flush, is in the time), ROUNDS times round-robin so that other work on the machine weighs on
# every way alike. Compare its rows/s with `pnpm bench:store --store URL --ledger` on the same ledger.
#
#   bash test/bench/pg-ceiling.sh postgres://postgres@127.0.0.1:5432/test SCHEMA [ROUNDS]
#
# (import the ledger first: groundbreak import FILE --store "postgres://…/test?schema=SCHEMA")
set -euo pipefail
url=$1 src=$2 rounds=${3:-3}
P="psql $url -q -v ON_ERROR_STOP=1"
dir=$(mktemp -d)
trap '$P -c "drop schema if exists gb_ceiling cascade" >/dev/null 2>&1; rm -rf "$dir"' EXIT
$P -c "\copy (select * from \"$src\".gb_events order by position) to '$dir/rows.tsv'"
$P -c "\copy (select * from \"$src\".gb_events order by position) to '$dir/rows.bin' with (format binary)"
rows=$(wc -l < "$dir/rows.tsv")
echo "rows: $rows ($(du -h "$dir/rows.tsv" | cut -f1) as text); server: $($P -At -c "select version()" | cut -d, -f1)"
echo "settings: $($P -At -c "select string_agg(name || '=' || current_setting(name), ' ') from pg_settings where name in ('shared_buffers','wal_level','max_wal_size','fsync','full_page_writes','synchronous_commit','wal_compression')")"
run() { # label, psql commands
  local label=$1; shift
  $P -c "drop schema if exists gb_ceiling cascade" -c "create schema gb_ceiling" >/dev/null 2>&1
  local t0 t1; t0=$(date +%s.%N); $P "$@"; t1=$(date +%s.%N)
  awk -v l="$label" -v a="$t0" -v b="$t1" -v n="$rows" 'BEGIN { printf "%-52s %6.2f s %9.0f rows/s\n", l, b - a, n / (b - a) }'
}
T=gb_ceiling.t
bare="create table $T (like \"$src\".gb_events)"
indexed="create table $T (like \"$src\".gb_events including all)"
staged="create table gb_ceiling.s (like \"$src\".gb_events)"
for round in $(seq "$rounds"); do
  echo "round $round"
  run "(a) COPY text, no index"                 -c "$bare" -c "begin" -c "\copy $T from '$dir/rows.tsv'" -c "commit"
  run "(b) COPY text, the store's 3 indexes"    -c "$indexed" -c "begin" -c "\copy $T from '$dir/rows.tsv'" -c "commit"
  run "(c) (b), synchronous_commit off"         -c "$indexed" -c "begin" -c "set local synchronous_commit = off" -c "\copy $T from '$dir/rows.tsv'" -c "commit"
  run "(d) UNLOGGED staging, INSERT…SELECT"     -c "$indexed" -c "begin" -c "create unlogged table gb_ceiling.s (like \"$src\".gb_events)" -c "\copy gb_ceiling.s from '$dir/rows.tsv'" -c "insert into $T select * from gb_ceiling.s" -c "commit"
  run "(e) COPY binary, 3 indexes"              -c "$indexed" -c "begin" -c "\copy $T from '$dir/rows.bin' with (format binary)" -c "commit"
  run "(f) COPY text, payload jsonb, 3 indexes" -c "$indexed" -c "alter table $T alter payload type jsonb using payload::jsonb" -c "begin" -c "\copy $T from '$dir/rows.tsv'" -c "commit"
  run "(g) COPY, no index, then the 3 built"    -c "$bare" -c "begin" -c "\copy $T from '$dir/rows.tsv'" -c "alter table $T add primary key (position), add unique (event_id), add unique (stream_id, version)" -c "commit"
  run "(h) INSERT…SELECT from a table, 3 indexes" -c "$indexed" -c "$staged" -c "\copy gb_ceiling.s from '$dir/rows.tsv'" -c "begin" -c "insert into $T select * from gb_ceiling.s" -c "commit"
done

#!/usr/bin/env bash
# Load run with its servers: builds the service and the CLI (Release), starts REPLICAS service processes on
# 127.0.0.1 on one store, runs `provenance bench load` against them with their pids (server CPU and peak RSS)
# and web ports (/metrics: time per stage of the baseline calls), then stops everything and removes the temporary data.
#   scripts/load.sh [--replicas 1|2] [--store sqlite|postgres] [-- bench load options...]
# e.g. the README's figures:
#   scripts/load.sh --replicas 2 --store postgres -- --phase sign:8 --phase verify:8 --duration 30
# sqlite: the replicas share one database file in a temporary directory (one host only: SQLite's WAL needs shared
# memory). postgres: a throwaway PostgreSQL 15 cluster (Debian's postgresql-15, initdb in a temporary directory as
# the postgres user when run as root), with durable commits (fsync and synchronous_commit on, the defaults).
# Each replica's log goes to $LOAD_LOGS (default: the temporary directory, removed at the end). With postgres,
# LOAD_SQL_AFTER=file.sql runs that file through psql on the database after the run (scripts/row-sizes.sql;
# LOAD_SQL_VARS="n=100000" sets its psql variables).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

replicas=1
store=sqlite
while [[ $# -gt 0 ]]; do
  case "$1" in
    --replicas) replicas="$2"; shift 2 ;;
    --store) store="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1 (bench options go after --)" >&2; exit 2 ;;
  esac
done
[[ "$replicas" =~ ^[1-8]$ ]] || { echo "--replicas must be 1 to 8" >&2; exit 2; }
[[ "$store" == sqlite || "$store" == postgres ]] || { echo "--store must be sqlite or postgres" >&2; exit 2; }

dotnet build src/ProvenanceService -c Release -nologo -clp:ErrorsOnly -v quiet
dotnet build src/Provenance.Cli -c Release -nologo -clp:ErrorsOnly -v quiet
service_dll="$root/src/ProvenanceService/bin/Release/net10.0/ProvenanceService.dll"
cli_dll="$root/src/Provenance.Cli/bin/Release/net10.0/provenance.dll"

work="$(mktemp -d /tmp/provenance-load.XXXXXX)"
logs="${LOAD_LOGS:-$work}"
mkdir -p "$logs"
pids=()
pgbin=/usr/lib/postgresql/15/bin
pgdata=""
as_postgres=()
[[ "$(id -u)" == 0 ]] && as_postgres=(runuser -u postgres --)

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$pgdata" ]]; then "${as_postgres[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

storage=(--Storage:DataDirectory "$work/data")
if [[ "$store" == postgres ]]; then
  pgroot="$work/pg"; mkdir -p "$pgroot"; chmod 700 "$pgroot"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$pgroot" && chmod 755 "$work"
  pgdata="$pgroot/data"; pgport="$(free_port)"
  "${as_postgres[@]}" "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_postgres[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgroot/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgroot -c max_connections=200" start >/dev/null
  storage+=(--Storage:Provider postgres --Storage:ConnectionString "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres")
fi

servers=()
for i in $(seq 1 "$replicas"); do
  port="$(free_port)"; web="$(free_port)"
  log="$logs/replica-$i.log"; : >"$log"
  dotnet "$service_dll" --urls "http://127.0.0.1:$port" --web-urls "http://127.0.0.1:$web" "${storage[@]}" >"$log" 2>&1 &
  pids+=("$!")
  servers+=(--server "http://127.0.0.1:$port" --server-pid "$!" --metrics "http://127.0.0.1:$web")
  for _ in $(seq 1 600); do
    grep -q "Now listening on:" "$log" && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "replica $i exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "Now listening on:" "$log" || { echo "replica $i did not start in 60 s" >&2; exit 1; }
done

echo "# $replicas replica(s), $store; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$cli_dll" bench load "${servers[@]}" "$@"
if [[ -n "${LOAD_SQL_AFTER:-}" && "$store" == postgres ]]; then
  vars=(); for v in ${LOAD_SQL_VARS:-}; do vars+=(-v "$v"); done
  "$pgbin/psql" -X -q -h 127.0.0.1 -p "$pgport" -U postgres -d postgres "${vars[@]}" -f "$LOAD_SQL_AFTER"
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

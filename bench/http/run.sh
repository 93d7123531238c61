#!/usr/bin/env bash
# Load benchmark of the HTTP API: wrk with 32 connections against a store
# of 1,000,000 synthetic mentions. Needs `wrk` (apt-get install wrk).
#   bench/http/run.sh [DB]        (builds DB with `dyad bench --store` if absent)
# DYAD=path runs another binary (an older build, for a same-run baseline).
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${1:-/tmp/dyad-bench.db}
ADDR=${ADDR:-127.0.0.1:8790}
DYAD=${DYAD:-target/release/dyad}
if [ "$DYAD" = target/release/dyad ]; then cargo build --release --quiet; fi
echo "# $(date -u +%FT%TZ)  $("$DYAD" --version)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -f "$DB" ] || $DYAD bench --store 1000000 --db "$DB"

serve() { # $1: cache entries
    $DYAD serve --db "$DB" --addr "$ADDR" --cache "$1" 2>/dev/null &
    PID=$!
    for _ in $(seq 50); do curl -sf "http://$ADDR/api/health" >/dev/null && return; sleep 0.2; done
    echo "server did not start" >&2; exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; }
run() { wrk -t2 -c32 -d10s --latency "$@" | grep -E "Requests/sec|50%|99%|Non-2xx|timeout" | tr -s ' ' | paste -sd' '; }

serve 0
ID=$(curl -s "http://$ADDR/api/events?limit=1" | sed -E 's/.*"id":"([0-9]+)".*/\1/')
for u in "/api/events?pair=USA,CHN&limit=50" "/api/events?actor=IRN&limit=50" "/api/events/$ID" \
         "/api/events?plover=AID&from=2005&to=2005&limit=50" "/api/timeline?a=USA&b=CHN&by=month" \
         "/api/timeline?a=IRN&by=year" "/api/dyads?top=20" "/api/network?limit=60" \
         "/api/network?from=2005&to=2005&limit=60" "/api/network?from=2005&to=2014&limit=60" \
         "/api/categories?by=year"; do
    echo "cache off  $u  $(run "http://$ADDR$u")"
done
echo "cache off  mix  $(run -s bench/http/mix.lua "http://$ADDR")"
stop

serve 1024
wrk -t1 -c1 -d5s -s bench/http/mix.lua "http://$ADDR" >/dev/null   # warm the cache
echo "cache warm mix  $(run -s bench/http/mix.lua "http://$ADDR")"
stop

#!/usr/bin/env bash
# Cold-start latency of the aggregate endpoints (issue 14, item 5): for
# each endpoint, the store file is dropped from the OS page cache, the
# server is started on it with no response cache, and as soon as it
# accepts connections (checked on a static file, which reads nothing of the
# store) three measures, each from its own cold start:
#   first: one request alone, the very first answer of a cold server;
#   burst: 32 requests at once on 32 connections (curl, in parallel), the
#     cold server's first 32 answers, p50 / p99 (= the slowest of 32) / max;
#   wrk:   wrk over 32 connections for SECONDS seconds (the issue's
#     measurement; after the first few hundred milliseconds it measures a
#     warm server, so its p99 is mostly throughput under load). Each is run with the server's start-up warming
# (the default) and with `--no-warm` (pages read on demand, as before).
# MODES="warm no-warm" by default; `base` runs the binary with no flag
# (DYAD=an older build, which has no `--no-warm`).
#
#   bench/http/cold.sh [DB] [SECONDS] [ROUNDS]
#
# DB defaults to /tmp/dyad-bench.db, built with `dyad bench --store
# 1000000` when absent (the store of bench/http/run.sh). Needs `wrk`
# (apt-get install wrk) and `fincore` (util-linux), which shows that the
# eviction worked. Eviction is `dd iflag=nocache count=0`, i.e.
# posix_fadvise(POSIX_FADV_DONTNEED) on the store and its log, which drops
# this file's pages only (not /proc/sys/vm/drop_caches, which would drop
# every process's). DYAD=path runs another binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${1:-/tmp/dyad-bench.db}
SECS=${2:-10}
ROUNDS=${3:-1}
ADDR=${ADDR:-127.0.0.1:8791}
export DYAD_LOG=${DYAD_LOG:-warn,serve::warm=info}
DYAD=${DYAD:-target/release/dyad}
if [ ! -x "$DYAD" ]; then cargo build --release --quiet -p dyad-cli; fi
[ -f "$DB" ] || "$DYAD" bench --store 1000000 --db "$DB"

evict() {
    for f in "$DB" "$DB-wal"; do
        if [ -f "$f" ]; then dd if="$f" iflag=nocache count=0 status=none; fi
    done
}
resident() { fincore --noheadings --bytes --output RES "$DB" | tr -d ' '; }

serve() { # $@: extra flags
    "$DYAD" serve --db "$DB" --addr "$ADDR" --cache 0 "$@" 2>"${LOG:-/dev/null}" &
    PID=$!
    for _ in $(seq 500); do
        if curl -sf -o /dev/null "http://$ADDR/app.css"; then return; fi
        sleep 0.01
    done
    echo "server did not start" >&2
    exit 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; }
burst() { # 32 requests at once: p50, p99 (the slowest of 32 rounds up to it) and max, in ms
    seq 32 | xargs -P32 -I{} curl -s -o /dev/null -w '%{time_total}\n' "$1" | sort -g | awk '
        {t[NR]=$1*1000} END{printf "p50 %.1fms  p99 %.1fms  max %.1fms", t[int(NR*0.5+0.5)], t[int(NR*0.99+0.5)], t[NR]}'
}
load() { # wrk's p50, p99, max and rate
    wrk -t2 -c32 -d"${SECS}s" --latency "$1" | awk '
        $1=="Latency" && NF>=5 {max=$4} /^ +50%/{p50=$2} /^ +99%/{p99=$2} /Requests\/sec/{rps=$2} /Non-2xx/{bad=$NF}
        END{printf "p50 %s  p99 %s  max %s  %s req/s%s", p50, p99, max, rps, bad ? "  non-2xx " bad : ""}'
}

echo "# $(date -u +%FT%TZ)  $("$DYAD" --version)  load: $(cut -d' ' -f1-3 /proc/loadavg)  store: $(du -h "$DB" | cut -f1)"
evict
echo "# resident after eviction: $(resident) bytes of the store"
for round in $(seq "$ROUNDS"); do
    for u in "/api/network?from=2005&to=2005&limit=60" "/api/network?from=2005&to=2014&limit=60" \
             "/api/network?limit=60" "/api/dyads?top=20" "/api/categories?by=year" \
             "/api/timeline?a=IRN&by=year" "/api/summary?plover=AID&from=2005&to=2005"; do
        for mode in ${MODES:-warm no-warm}; do
            flags=()
            if [ "$mode" = no-warm ]; then flags=(--no-warm); fi
            evict
            serve "${flags[@]}"
            first=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://$ADDR$u")
            stop
            evict
            serve "${flags[@]}"
            at_once=$(burst "http://$ADDR$u")
            stop
            evict
            LOG=/tmp/dyad-cold-serve.log serve "${flags[@]}"
            under_load=$(load "http://$ADDR$u")
            stop
            printf '%-8s %-46s first: %s s | burst of 32: %s | wrk -c32 %ss: %s\n' "$mode" "$u" "$first" "$at_once" "$SECS" "$under_load"
        done
    done
done
grep -h "serve::warm" /tmp/dyad-cold-serve.log 2>/dev/null | tail -1 || true

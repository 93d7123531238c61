#!/usr/bin/env bash
# Compares, byte for byte, the answers of two servers to the aggregate
# endpoints (networks of periods with month ends, rankings, categories by
# year and month, a timeline, summaries, health): e.g. main's build on a
# store and this branch's on a copy upgraded to its schema.
#   bench/http/same.sh HOST:PORT HOST:PORT
set -euo pipefail
A=$1
B=$2
n=0
bad=0
for u in "/api/network?from=2005&to=2005&limit=60" "/api/network?from=2005&to=2014&limit=60" \
         "/api/network?limit=60" "/api/network?from=2003-03&to=2011-07&limit=500" \
         "/api/network?from=2010-02&to=2010-02&limit=500" "/api/network?to=2008-05&limit=500" \
         "/api/network?from=2019&limit=500" "/api/network?from=2000&to=2024&limit=500" \
         "/api/network?from=2005&to=2014&limit=500&min_events=100" \
         "/api/network?from=2005-06-15&to=2007-01-03&limit=500" "/api/dyads?top=20" "/api/dyads?top=200" \
         "/api/categories?by=year" "/api/categories?by=year&from=2005&to=2014" "/api/categories?by=month" \
         "/api/categories?by=month&from=2010&to=2011" "/api/categories?by=year&from=2030" \
         "/api/timeline?a=IRN&by=year" "/api/summary?plover=AID&from=2005&to=2005" \
         "/api/summary?from=2005&to=2014" "/api/health"; do
    n=$((n + 1))
    if ! cmp -s <(curl -sf "http://$A$u") <(curl -sf "http://$B$u"); then
        bad=$((bad + 1))
        echo "different: $u"
    fi
done
echo "$n answers compared, $bad different"
[ "$bad" -eq 0 ]

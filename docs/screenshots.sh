#!/usr/bin/env bash
# Retakes the README's screenshots (docs/dashboard.png, explore.png,
# explore-375.png, map.png, network.png) from the demo corpus
# (examples/, the store of `dyad demo`).
#
#   docs/screenshots.sh
#
# The pictures are taken by the browser tests that drive each view with
# clicks and typing (crates/dyad-cli/tests/cli/serve.rs): the state on
# each picture is one those tests have just checked against the API.
# DYAD_SCREENSHOTS tells them where to write; CI=1 makes a missing
# Chromium an error instead of a skip. Needs `chromium` on the PATH
# (apt-get install chromium). PNGs are recompressed losslessly with
# optipng when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DYAD_SCREENSHOTS="$PWD/docs" CI=1 cargo test -q -p dyad-cli --test cli -- \
    serve::the_dashboard_renders_a_timeline_events_and_their_evidence_in_a_browser \
    serve::the_explore_view_is_driven_by_clicks_and_typing \
    serve::the_network_view_takes_the_filters_of_explore_by_clicks_and_typing
if command -v optipng >/dev/null; then
    optipng -quiet -o2 docs/dashboard.png docs/explore.png docs/explore-375.png docs/map.png docs/network.png
fi
ls -l docs/*.png

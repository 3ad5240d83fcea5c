#!/usr/bin/env bash
# Quick start: set up and run Release Planner. Extra arguments go to the release-planner command.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
if [ $# -eq 0 ]; then
    # Until the desktop client lands, the main job is the bundle of the demo plan's next release.
    set -- bundle --plan resources/demo_plan.json --release R-FEB
fi
exec "$VENV/bin/release-planner" "$@"

#!/usr/bin/env bash
# Quick start: set up and run Release Planner. Extra arguments go to the release-planner command.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
    # The desktop client: Qt's xcb platform plugin needs these X libraries on Debian.
    apt_install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
        libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 \
        libdbus-1-3
fi
exec "$VENV/bin/release-planner" "$@"

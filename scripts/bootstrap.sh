# Sourced by the quick-start scripts: makes .venv with everything the project needs.
# Works on a fresh Debian machine with only python3 (installs python3-venv when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    # Installs Debian packages that are missing; quiet, non-interactive.
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing Debian packages: ${missing[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install python3-venv
    fi
    python3 -m venv "$VENV"
fi
# Re-install only when pyproject.toml changed since the last install.
STAMP="$VENV/.installed-$(sha1sum "$ROOT/pyproject.toml" | cut -c1-12)"
if [ ! -e "$STAMP" ]; then
    echo "Setting up $VENV (first run, or pyproject.toml changed)..." >&2
    LOG="$VENV/install.log"
    if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip &&
           "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$ROOT[test]"; } \
            >"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        echo "Setting up $VENV failed; the full log is $LOG" >&2
        exit 1
    fi
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
fi

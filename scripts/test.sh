#!/usr/bin/env bash
# Quick start: set up and run the whole test suite, the import contracts and the linter.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
# Storage tests run against a real PostgreSQL server that they start themselves.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    apt_install postgresql
fi
# The PDF reports embed DejaVu Sans (every Latin, Greek and Cyrillic letter); without it they
# fall back to the Vera font inside ReportLab, and the report tests check letters beyond it.
# Characters DejaVu lacks fall back per character to Droid Sans Fallback (Chinese, Japanese,
# Korean; 1.8 MB) and Symbola (emoji and symbols; 1.3 MB): TrueType outlines, which ReportLab
# embeds (it cannot embed Noto CJK's CFF outlines, nor colour emoji).
apt_install fonts-dejavu-core fonts-droid-fallback fonts-symbola
export QT_QPA_PLATFORM=offscreen
status=0
"$VENV/bin/lint-imports" --no-cache || status=1
"$VENV/bin/ruff" check . || status=1
set +e
"$VENV/bin/python" -m pytest "$@"
rc=$?
set -e
# pytest exits 5 when it collected no tests: not a failure of the code.
if [ $rc -ne 0 ] && [ $rc -ne 5 ]; then status=$rc; fi
exit $status

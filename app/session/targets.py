"""A database target as the window may show and keep it: a server URL without its password
(the store itself was opened with it). Shown in titles, messages and menus, written to the
settings (recent databases, layouts) and to the note of unwritten edits: none of those should
hold a password. Reopening such a target asks the server again; libpq's ~/.pgpass and
PGPASSWORD serve it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def without_password(target: str) -> str:
    if "://" not in target:
        return target  # a file
    try:
        parts = urlsplit(target)
    except ValueError:
        return target
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.partition(':')[0]}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))

"""The drag payload of a change request between the backlog and the timeline: its key under
the application's own MIME type, so that nothing else dropped on the window is taken for one."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

CR_MIME = "application/x-release-planner-cr"


def cr_mime(key: str) -> QMimeData:
    data = QMimeData()
    data.setData(CR_MIME, key.encode())
    data.setText(key)
    return data


def cr_from_mime(data: QMimeData) -> str | None:
    if data is None or not data.hasFormat(CR_MIME):
        return None
    return bytes(data.data(CR_MIME)).decode() or None

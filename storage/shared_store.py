"""The store's shared-planning side (app.sharing.feed_port.SharedPlan): the change feed, presence and
the login's permissions. A mixin of storage.store.SqlPlanStore, which gives it `engine` and
`user`; kept apart so the store proper stays about loading and committing plans."""

from __future__ import annotations

from app.rules.permissions import Permissions
from app.sharing.feed_port import ChangeSignal, FeedBatch, Presence
from storage import change_log
from storage.errors import translate_errors


class SharedPlanMixin:
    engine: object
    user: str
    read_only: str  # why this database may not be written ("": it may)

    def last_change_id(self) -> int:
        with translate_errors(self.engine), self.engine.connect() as conn:
            return change_log.last_change_id(conn)

    def changes_since(self, last_id: int) -> FeedBatch:
        """The commits after audit id `last_id`, oldest first, and the last id now."""
        with translate_errors(self.engine), self.engine.connect() as conn:
            return change_log.changes_since(conn, last_id)

    def audit_history(self, cr: str | None = None, release: str | None = None,
                      limit: int | None = None, scenario: str | None = None) -> list:
        """Audit rows newest first as (commit, row) pairs (the `history` command); of the
        live plan, or of the edits made in `scenario`."""
        with translate_errors(self.engine), self.engine.connect() as conn:
            return change_log.history(conn, cr, release, limit, scenario)

    def open_signal(self) -> ChangeSignal:
        from storage.feed import open_signal

        return open_signal(self.engine, bool(self.read_only))

    def _presence(self):
        board = self.__dict__.get("_presence_board")
        if board is None:
            from storage.presence import PresenceBoard

            board = self.__dict__["_presence_board"] = PresenceBoard(self.engine, self.user)
        return board

    def announce_presence(self, cr: str | None) -> None:
        if self.read_only:  # a reader of a read-only file leaves no trace in it
            return
        with translate_errors(self.engine):
            self._presence().announce(cr)

    def others_present(self) -> list[Presence]:
        with translate_errors(self.engine):
            return self._presence().others()

    def leave(self) -> None:
        if self.read_only:
            return
        with translate_errors(self.engine):
            self._presence().leave()

    def permissions(self) -> Permissions:
        from storage.roles import read_permissions

        return read_permissions(self.engine, self.user)

    def baselines(self):
        """The plan's baselines and sign-offs (storage.baselines, issue 24)."""
        from storage.baselines import SqlBaselines

        return SqlBaselines(self.engine, self.user)

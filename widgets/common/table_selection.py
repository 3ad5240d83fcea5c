"""A CR table (the backlog, the work list) kept in step with the window's shared selection: the
planner's clicks (Ctrl-click, Shift-click, Ctrl+A) are reported as keys, and a selection made in
another view is shown as the table's selected rows. Rows that leave or join the table because
of an edit (a CR scheduled out of the backlog) never count as the planner deselecting them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Signal


class TableSelection(QObject):
    selected = Signal(list, object)  # what the planner selected here: keys, the current one

    def __init__(self, view, key_at: Callable[[int], str], row_of: Callable[[str], int | None]):
        """`key_at(row)` and `row_of(key)` map the model's rows and CR keys both ways."""
        super().__init__(view)
        self.view, self.key_at, self.row_of = view, key_at, row_of
        self._quiet = 0  # > 0 while the model changes or the selection is shown from outside
        model = view.model()
        changes = ((model.rowsAboutToBeRemoved, model.rowsRemoved),
                   (model.rowsAboutToBeInserted, model.rowsInserted),
                   (model.modelAboutToBeReset, model.modelReset),
                   (model.layoutAboutToBeChanged, model.layoutChanged))
        # Qt calls a signal's slots in the order they were connected, and the selection model
        # reports rows that go as deselected from its own slots. So: hush before it hears a
        # change begin, a selection model of our own (the view's first one heard the model
        # before anyone), and speak again only after it has heard the change end.
        for before, _after in changes:
            before.connect(self._hush)
        view.setSelectionModel(QItemSelectionModel(model, view))
        for _before, after in changes:
            after.connect(self._speak)
        view.selectionModel().selectionChanged.connect(self._changed)

    def _hush(self, *_) -> None:
        self._quiet += 1

    def _speak(self, *_) -> None:
        self._quiet = max(0, self._quiet - 1)

    def _changed(self, *_) -> None:
        if self._quiet:
            return
        model = self.view.selectionModel()
        keys = [self.key_at(i.row()) for i in sorted(model.selectedRows(), key=lambda i: i.row())]
        current = model.currentIndex()
        key = self.key_at(current.row()) if current.isValid() else None
        if not keys:
            return  # a click beside the rows: the selection elsewhere stays
        self.selected.emit(keys, key if key in keys else keys[-1])

    def show(self, keys: list[str], current: str | None) -> None:
        """Select the rows of `keys` (those listed here) and scroll to `current`'s."""
        model = self.view.model()
        rows = sorted(r for r in map(self.row_of, keys) if r is not None)
        shown = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if rows == shown:  # the table shows it already (it came from here): a Ctrl-drag in
            self._scroll_to(current)  # progress keeps the rows it selected before
            return
        chosen = QItemSelection()
        last = model.columnCount() - 1
        start = prev = None
        for row in [*rows, None]:  # consecutive rows as one range: thousands stay cheap
            if start is not None and (row is None or row != prev + 1):
                chosen.select(model.index(start, 0), model.index(prev, last))
                start = None
            if row is not None and start is None:
                start = row
            prev = row
        flags = QItemSelectionModel.SelectionFlag
        self._quiet += 1
        try:
            selection = self.view.selectionModel()
            selection.select(chosen, flags.ClearAndSelect | flags.Rows)
            self._scroll_to(current)
        finally:
            self._quiet -= 1

    def _scroll_to(self, current: str | None) -> None:
        row = self.row_of(current) if current is not None else None
        if row is None:
            return
        index = self.view.model().index(row, 0)
        self._quiet += 1
        try:
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(index)
        finally:
            self._quiet -= 1

"""Running slow work (seeding a demo store, exports, reports) off the GUI thread.

Usage, from any widget::

    from terminal.ui.worker import run_in_background

    task = run_in_background(
        services.setup.back_up, target,          # any callable and its arguments
        on_done=self._backed_up,                 # called in the GUI thread with the result
        on_error=self._failed,                   # called in the GUI thread with the exception
    )

With `with_progress=True` the callable receives a `progress(done, total)` keyword argument
it may call from the worker thread; `on_progress(done, total)` then runs in the GUI thread
(connect it to a QProgressDialog or a QProgressBar). Pass `owner=self` so that a result
arriving after the widget was closed and deleted is dropped instead of touching it.
`wait_for_background_work()` blocks until every task has finished (tests and shutdown).
Exceptions never escape into Qt: they reach `on_error`, or the log when there is none.
"""

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
_running: set["Task"] = set()


class Task(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.task, self.fn, self.args, self.kwargs = task, fn, args, kwargs
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.task.failed.emit(exc)
        else:
            self.task.done.emit(result)


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    with_progress: bool = False,
    owner: QObject | None = None,
    **kwargs: Any,
) -> Task:
    task = Task()  # lives in the GUI thread, so its signals are delivered there
    _running.add(task)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def finish() -> None:
        _running.discard(task)
        task.deleteLater()

    def done(result: Any) -> None:
        try:
            if on_done is not None and alive():
                on_done(result)
        finally:
            finish()

    def failed(exc: BaseException) -> None:
        try:
            if on_error is not None and alive():
                on_error(exc)
            else:
                log.error("background task failed", exc_info=exc)
        finally:
            finish()

    task.done.connect(done)
    task.failed.connect(failed)
    if with_progress:
        if on_progress is not None:
            task.progress.connect(on_progress)
        kwargs["progress"] = task.progress.emit
    QThreadPool.globalInstance().start(_Runnable(task, fn, args, kwargs))
    return task


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Block until the pool is idle (the callbacks still need the event loop to run)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def busy() -> bool:
    return bool(_running)

"""One function computed in a forked copy of this process while this one goes on.

The corpus stages run one after the other in one process, and several of them use one core
while the others idle (dating between its embeddings above all). A stage whose input is
already known can be worked out beside them on that idle core: a forked child sees the
corpus as it was at the fork (copy on write, nothing serialised on the way in) and sends back
only its result. Threads would not do: the stages are pure Python and hold the interpreter
lock.

Only where forking a running process is sound: on Linux (macOS's system libraries are not
safe to use after a fork, and Windows has none), and only while this process runs no other
thread (a child forked while another thread holds a lock would find it held for ever). Else,
or when the child fails or dies, :meth:`ForkedCall.result` computes the function here, so
the result is the same either way; a child's failure is not reported as such (the function
raises again here if it is the function's).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

R = TypeVar("R")

#: How much lower than its parent's a child's scheduling priority is.
CHILD_NICENESS = 10
#: What a child writes when the function raised (its result is computed again here).
_FAILED = b"F"
#: Precedes a pickled result.
_DONE = b"R"
#: What a child writes first, once it holds no build lock and will die with its parent.
_READY = b"."


#: Linux's ``prctl`` option: the signal a process gets when the thread that forked it ends.
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have this child killed when its parent dies (a killed build leaves no child computing
    for nobody, holding the machine), and leave at once if it has died already."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != parent:
        os._exit(1)


def can_fork() -> bool:
    """Whether a child may be forked now (see the module's note)."""
    return (
        sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
    )


class ForkedCall(Generic[R]):
    """``function(*args)`` started in a forked child (when :func:`can_fork`); use it as a
    context manager, so that a child whose result is never asked for is ended."""

    def __init__(self, function: Callable[..., R], *args: object) -> None:
        self._function = function
        self._args = args
        self._pid = 0
        self._reader: int | None = None
        if can_fork():
            self._start()

    @property
    def forked(self) -> bool:
        return self._pid != 0

    def _start(self) -> None:
        reader, writer = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: compute, write, and leave without running any cleanup
            os.close(reader)
            _die_with(parent)
            os.write(writer, _READY)
            os._exit(self._child(writer))
        os.close(writer)
        self._pid, self._reader = pid, reader
        # Only once the child has let go of the build lock (at the fork: ``store.
        # lock_descriptors``) and will die with this process does this one go on: a build
        # killed from here on leaves its store unlocked at once, however long the machine
        # takes to run the child (regression: on a loaded machine it had not run yet).
        os.read(reader, len(_READY))  # nothing if the child died first

    def _child(self, writer: int) -> int:
        try:
            # Ctrl-C is the parent's to handle; the child ends when its pipe closes.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            # Behind the parent: the child is to take the core the parent leaves idle, not
            # the one its own threads would use (beside dating's embeddings, at the same
            # priority, dating took up to 1.5 s longer). While the parent waits for the
            # result, the child has the machine anyway.
            with contextlib.suppress(OSError):
                os.nice(CHILD_NICENESS)
            try:
                payload = _DONE + pickle.dumps(
                    self._function(*self._args), protocol=pickle.HIGHEST_PROTOCOL
                )
            except BaseException:
                payload = _FAILED
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
            return 0
        except BaseException:
            return 1

    def result(self) -> R:
        """The function's result: the child's, or computed here if there is no child's."""
        payload = self._collect()
        if payload[:1] == _DONE:
            try:
                found: R = pickle.loads(payload[1:])
                return found
            except Exception:  # a cut-short result: compute it here
                pass
        return self._function(*self._args)

    def _collect(self) -> bytes:
        """All the child wrote (empty if there was no child), once it has ended."""
        if self._reader is None:
            return b""
        reader, self._reader = self._reader, None
        try:
            with os.fdopen(reader, "rb") as pipe:
                payload = pipe.read()
        finally:
            self._reap(kill=False)
        return payload

    def _reap(self, kill: bool) -> None:
        pid, self._pid = self._pid, 0
        if not pid:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

    def close(self) -> None:
        """End a child whose result was not asked for (the stages before failed)."""
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
        self._reap(kill=True)

    def __enter__(self) -> ForkedCall[R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

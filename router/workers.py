"""Running the HTTP server: one uvicorn process, or several on one port, where a supervising
parent forks N workers that share its listening socket; each worker runs its own event loop
with its own app, plan cache and client.

uvicorn runs with its ``auto`` choices, which are uvloop and httptools when installed (the
``uvicorn[standard]`` extra, the lean HTTP path); each serving process names the ones in use
in its start-up line on stderr.

The parent binds the socket (so a busy port fails once, before any fork), forks the workers
and waits. SIGTERM or SIGINT to the parent is forwarded to every worker, which finishes its
in-flight requests and exits; the parent returns when all have exited. A second signal kills
the workers at once. Workers ask the kernel for SIGTERM when the parent dies (Linux
``PR_SET_PDEATHSIG``), so even a parent killed with SIGKILL leaves no orphan serving the port.
A worker that dies on its own is replaced, unless workers keep dying right after start.

Fork, not spawn: the parent has already read the supergraph and built the router, and each
worker starts from that state (copy-on-write) instead of rebuilding it. The parent runs no
event loop and no threads, so forking it is safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import gc
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import uvicorn

__all__ = ["bind_socket", "run_server", "serve_workers"]

_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Worker exits this soon after start count as start-up failures; this many in a row stop all.
_QUICK_EXIT_SECONDS = 2.0
_QUICK_EXITS_ALLOWED = 3
_PR_SET_PDEATHSIG = 1


class _Server(uvicorn.Server):
    """uvicorn server whose SIGINT/SIGTERM handling ends in a normal exit (status 0), and
    which names its event loop and HTTP parser on stderr once it listens."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for sig in _SIGNALS:
            loop.add_signal_handler(sig, self._stop)
        try:
            yield
        finally:
            for sig in _SIGNALS:
                loop.remove_signal_handler(sig)

    def _stop(self) -> None:
        self.should_exit = True

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            # The supergraph, schemas and compiled plans built so far live as long as the
            # process: keep them out of every later garbage-collection pass.
            gc.freeze()
            loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
            http = self.config.http_protocol_class.__module__
            parser = "httptools" if "httptools" in http else http
            print(
                f"switchyard router: serving http://{self.config.host}:{self.config.port}/graphql"
                f" (pid {os.getpid()}, event loop {loop}, HTTP parser {parser})",
                file=sys.stderr,
                flush=True,
            )


def _uvicorn(app: Any, host: str, port: int) -> _Server:
    # loop/http "auto": uvloop and httptools when installed.
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        loop="auto",
        http="auto",
        ws="none",
        lifespan="on",
        log_level="warning",
        access_log=False,
    )
    return _Server(config)


def run_server(make_app: Callable[[], Any], host: str, port: int, workers: int = 1) -> int:
    """Serve ``make_app()`` (an ASGI app) until SIGINT/SIGTERM; returns the exit status.

    With ``workers`` above 1 each forked worker builds its own app (see :func:`serve_workers`).
    """
    if workers <= 1:
        # Server.run, not asyncio.run: it installs the configured loop factory (uvloop).
        _uvicorn(make_app(), host, port).run()
        return 0

    def child(sock: socket.socket) -> None:
        _uvicorn(make_app(), host, port).run(sockets=[sock])

    return serve_workers(child, host, port, workers)


def bind_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening TCP socket on ``host:port``, inheritable by forked workers.

    Raises:
        OSError: the address cannot be bound (in use, not local).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


def _die_with_parent(parent: int) -> None:
    """Ask for SIGTERM when the parent exits (Linux); exit now if it already has."""
    name = ctypes.util.find_library("c")
    if name and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
    if os.getppid() != parent:
        os._exit(0)


def _worker(run: Callable[[socket.socket], None], sock: socket.socket, parent: int) -> None:
    """The forked child: default signal handling back, then serve; never returns."""
    code = 0
    try:
        for sig in _SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
        _die_with_parent(parent)
        run(sock)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never run the parent's clean-up code in the child


def serve_workers(
    run: Callable[[socket.socket], None],
    host: str,
    port: int,
    workers: int,
) -> int:
    """Fork ``workers`` processes calling ``run(sock)`` on one shared listening socket.

    Returns when every worker has exited after SIGTERM/SIGINT (0), or when workers keep
    failing at start-up (1); 2 when the address cannot be bound.
    """
    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    parent = os.getpid()
    children: dict[int, float] = {}
    state = {"stopping": False, "signals": 0, "quick_exits": 0}

    def forward(signum: int, _frame: object) -> None:
        state["stopping"] = True
        state["signals"] += 1
        # A second signal means "now": no more waiting for in-flight requests.
        sent = signal.SIGTERM if state["signals"] == 1 else signal.SIGKILL
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sent)

    def spawn() -> None:
        # Signals stay blocked across fork so none is lost between fork and bookkeeping.
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            if state["stopping"]:
                return  # a signal came after the caller checked: no new worker to orphan
            pid = os.fork()
            if pid == 0:
                _worker(run, sock, parent)
            children[pid] = time.monotonic()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)

    previous = {sig: signal.signal(sig, forward) for sig in _SIGNALS}
    failed = False
    try:
        for _ in range(workers):
            spawn()
        print(
            f"switchyard router: {workers} workers on http://{host}:{port}/graphql "
            f"(parent pid {parent})",
            file=sys.stderr,
            flush=True,
        )
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            started = children.pop(pid, None)
            if started is None or state["stopping"]:
                continue
            code = os.waitstatus_to_exitcode(status)
            quick = time.monotonic() - started < _QUICK_EXIT_SECONDS
            state["quick_exits"] = state["quick_exits"] + 1 if quick else 0
            print(f"switchyard router: worker {pid} exited ({code})", file=sys.stderr, flush=True)
            if state["quick_exits"] >= _QUICK_EXITS_ALLOWED:
                print("switchyard router: workers fail at start-up; stopping", file=sys.stderr)
                failed = True
                forward(signal.SIGTERM, None)
                continue
            spawn()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    return 1 if failed else 0

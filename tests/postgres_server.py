"""A real, throwaway PostgreSQL on 127.0.0.1 for tests: see PostgresServer.

A plain module, imported as ``postgres_server`` (tests/ is on ``sys.path``), like
system_parts. psycopg is imported only where a server is talked to, so that without it the
fixtures can report it (a skip, or a failure with NEWSCRAWL_REQUIRE_ALL=1) instead of the
suite failing to import.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import pwd
import random
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from system_parts import unavailable

if TYPE_CHECKING:
    from psycopg.sql import Composable

START_TIMEOUT = 60.0  # seconds; a start takes ~1 s here, more on a loaded machine
STOP_TIMEOUT = 60.0
# Candidate ports come from below Linux's default ephemeral range (32768-60999), where the
# kernel takes the local ports of outgoing connections, so a candidate rarely collides.
PORT_RANGE = (20000, 32767)
PORT_ATTEMPTS = 8
# A throwaway cluster: nothing has to survive an OS crash, so no flush to disk. Crashes of
# PostgreSQL itself (kill()) still lose no committed row, as writes reach the page cache.
# synchronous_commit stays on: with it off, the last commits before a kill() would be lost,
# and tests of a backend's crash recovery rely on a commit meaning the row is kept.
SETTINGS = {"fsync": "off", "full_page_writes": "off"}


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    found = glob.glob("/usr/lib/postgresql/*/bin/postgres")
    if not found:
        return None
    return max((Path(path).parent for path in found), key=lambda path: int(path.parent.name))


def missing_parts() -> str | None:
    """Why a PostgresServer cannot run here, or None."""
    if bin_dir() is None:
        return "PostgreSQL is not installed (make test installs it when run as root)"
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (make install installs requirements.txt)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres user to run PostgreSQL as (Debian's postgresql package adds it)"
    return None


def require_postgres() -> None:
    """Skip without PostgreSQL or psycopg; a failure with NEWSCRAWL_REQUIRE_ALL=1."""
    if reason := missing_parts():
        unavailable(reason)


def candidate_ports() -> Iterator[int]:
    rng = random.SystemRandom()
    while True:
        yield rng.randint(*PORT_RANGE)


class PostgresServer:
    """PostgreSQL on 127.0.0.1 (TCP only there; its unix socket in its own folder) with a
    fresh cluster in a temporary folder; a context manager (started by ``with``, stopped and
    its folder removed at the end).

    Port: PostgreSQL rejects ``-p 0`` ("0 is outside the valid range for parameter
    "port""), so it cannot bind a free port and report it. Picking a free port here and
    passing it on would leave a window in which another process can take it; instead
    postgres itself binds a candidate port and, when its log says the address is in use,
    it is started again on another candidate. ``ports``: the candidates to try first.

    ``stop()`` / ``start()`` restart it on the same data and port; ``kill()`` crashes it.
    """

    def __init__(self, ports: Iterable[int] | None = None) -> None:
        found = bin_dir()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
        self.bin_dir = found
        self.port = 0
        self.timings: dict[str, float] = {}  # seconds: initdb, start (the first one)
        self._ports = itertools.chain(ports or (), candidate_ports())
        self._workdir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        # As root, initdb and postgres refuse to run: they run as Debian's postgres user.
        self._user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None

    # --- lifecycle ---

    def __enter__(self) -> PostgresServer:
        try:
            self.start()
        except BaseException:
            self._remove()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.stop()
        finally:
            self._remove()

    def start(self) -> PostgresServer:
        """Start it: the first time on a new cluster and port, then on the same ones."""
        if self.running:
            raise RuntimeError("the server is already running")
        if self._workdir is None:
            self._initdb()
            started = time.monotonic()
            for port in itertools.islice(self._ports, PORT_ATTEMPTS):
                failure = self._launch(port)
                if failure is None:
                    self.port = port
                    self.timings["start"] = round(time.monotonic() - started, 2)
                    return self
                if "Address already in use" not in failure:
                    raise RuntimeError(f"postgres exited:\n{failure}")
            raise RuntimeError(f"no free port in {PORT_ATTEMPTS} tries\n{self.log()}")
        if (failure := self._launch(self.port)) is not None:
            raise RuntimeError(f"postgres exited on port {self.port}:\n{failure}")
        return self

    def stop(self) -> None:
        """Fast shutdown (SIGINT: clients disconnected, a checkpoint, exit) of the process it
        started, by its PID; returns once it has exited, which postgres does only after its
        own children. The data folder and port stay for ``start()``."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self._proc = None

    def kill(self) -> None:
        """SIGKILL, as a crash would: no shutdown, committed rows recovered by the next
        ``start()`` from the WAL. To the postmaster and to each of its children (backends,
        checkpointer...), by PID: left alone, a backend notices its postmaster gone only at
        its next wait and may still answer a query, so connections would not fail at once.
        Not a process group: each child makes itself a session of its own."""
        proc = self._proc
        if proc is None:
            raise RuntimeError("the server is not running")
        if proc.poll() is None:
            # Stopped first, and waited for until it is: it forks no child between the
            # reading of the list and the kills, and reaps none, so the PIDs stay its
            # children's until it dies.
            proc.send_signal(signal.SIGSTOP)
            _pid, status = os.waitpid(proc.pid, os.WUNTRACED)
            if os.WIFSTOPPED(status):
                children = [int(child) for child in Path(
                    f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
                for child in children:
                    os.kill(child, signal.SIGKILL)
                # SIGKILL takes effect asynchronously; a zombie has let go of the cluster's
                # shared memory, which a start() would otherwise find still in use.
                for child in children:
                    self._wait_zombie(child)
                proc.kill()
        proc.wait()
        self._proc = None

    # --- what tests use ---

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int:
        """The postmaster's PID."""
        if self._proc is None:
            raise RuntimeError("the server is not running")
        return self._proc.pid

    @property
    def url(self) -> str:
        return self.url_for("postgres")

    @property
    def folder(self) -> Path:
        """Its temporary folder: data/ (the cluster), postgres.log, the unix socket."""
        if self._workdir is None:
            raise RuntimeError("the server was never started")
        return self._workdir

    def url_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        from psycopg import sql

        self._admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop it, closing connections a test left open (FORCE) so they don't pile up
        towards max_connections over a session."""
        from psycopg import sql

        self._admin(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))

    def log(self) -> str:
        """The server's log (stderr of every start), the last 4000 characters."""
        path = self.folder / "postgres.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    # --- internals ---

    def _admin(self, query: Composable) -> None:
        import psycopg

        # autocommit: CREATE/DROP DATABASE cannot run inside a transaction.
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(query)

    def _initdb(self) -> None:
        # Short: unix socket paths (folder/.s.PGSQL.PORT) are limited to 107 bytes.
        self._workdir = Path(tempfile.mkdtemp(prefix="nc-pg-"))
        if self._user is not None:
            os.chown(self._workdir, self._user.pw_uid, self._user.pw_gid)
        started = time.monotonic()
        # --no-sync: nothing of a throwaway cluster has to reach the disk. Locale C: the same
        # sorting and encoding on every machine.
        result = subprocess.run(
            [str(self.bin_dir / "initdb"), "-D", str(self._workdir / "data"), "-A", "trust",
             "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
            capture_output=True, text=True, timeout=START_TIMEOUT, cwd=self._workdir,
            **self._as_user())
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}{result.stderr}")
        self.timings["initdb"] = round(time.monotonic() - started, 2)

    def _as_user(self) -> dict[str, Any]:
        """Popen's arguments to run as the postgres user. Not runuser: it forks and waits, so
        the PID we hold would be runuser's, not the postmaster's."""
        if self._user is None:
            return {}
        return {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": []}

    def _launch(self, port: int) -> str | None:
        """Start postgres on ``port`` and wait until it accepts connections: None, or the log
        of this attempt when postgres exited instead (address in use, ...)."""
        log_path = self.folder / "postgres.log"
        offset = log_path.stat().st_size if log_path.exists() else 0
        settings = {**SETTINGS, "listen_addresses": "127.0.0.1",
                    "unix_socket_directories": str(self.folder)}
        command = [str(self.bin_dir / "postgres"), "-D", str(self.folder / "data"),
                   "-p", str(port)]
        for name, value in settings.items():
            command += ["-c", f"{name}={value}"]
        with log_path.open("ab") as log:
            # Its own session: a Ctrl-C of the test run is not a shutdown signal for it.
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, cwd=self.folder,
                                    start_new_session=True, **self._as_user())
        self._proc = proc
        deadline = time.monotonic() + START_TIMEOUT
        while not self._ready(proc.pid):
            if proc.poll() is not None:
                self._proc = None
                with log_path.open("rb") as log:
                    log.seek(offset)
                    return log.read().decode(errors="replace")[-4000:]
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"postgres not ready after {START_TIMEOUT} s\n{self.log()}")
            time.sleep(0.02)
        return None

    def _ready(self, pid: int) -> bool:
        """Whether *this* postmaster accepts connections: postmaster.pid (line 1 its PID,
        line 8 its status) says "ready", as pg_ctl's wait reads it. Not pg_isready: during
        the start another server on the same port could answer for it."""
        try:
            lines = (self.folder / "data" / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return False
        return len(lines) >= 8 and lines[0] == str(pid) and lines[7].strip() == "ready"

    @staticmethod
    def _wait_zombie(pid: int) -> None:
        deadline = time.monotonic() + STOP_TIMEOUT
        # The state is the first field after the command name, which may hold spaces.
        while Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z":
            if time.monotonic() > deadline:
                raise RuntimeError(f"process {pid} still alive {STOP_TIMEOUT} s after SIGKILL")
            time.sleep(0.005)

    def _remove(self) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

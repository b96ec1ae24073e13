"""The throwaway PostgreSQL servers the PostgreSQL backend's tests run against, for real."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from postgres_server import PostgresServer, require_postgres

try:
    import psycopg
except ImportError:  # the fixtures report it: a skip, or a failure with NEWSCRAWL_REQUIRE_ALL=1
    psycopg = None


def insert(url: str, *values: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS item (id serial PRIMARY KEY, value text)")
        for value in values:
            conn.execute("INSERT INTO item (value) VALUES (%s)", (value,))


def values(url: str) -> list[str]:
    with psycopg.connect(url, connect_timeout=5) as conn:
        return [row[0] for row in conn.execute("SELECT value FROM item ORDER BY id")]


def test_round_trip(postgres_url: str) -> None:
    insert(postgres_url, "Zürich — 東京", "")
    assert values(postgres_url) == ["Zürich — 東京", ""]


def test_local_throwaway_server(postgres_server: PostgresServer, postgres_url: str) -> None:
    assert postgres_url.startswith(f"postgresql://postgres@127.0.0.1:{postgres_server.port}/")
    with psycopg.connect(postgres_url) as conn:
        assert str(conn.execute("SELECT inet_server_addr()").fetchone()[0]) == "127.0.0.1"
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == "127.0.0.1"
        assert conn.execute("SHOW fsync").fetchone()[0] == "off"
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        # While connected: the backend exits with the connection.
        stat = Path(f"/proc/{backend}/stat").read_text()
    # .pid is the postmaster's (the backends' parent), not a wrapper's such as runuser.
    assert int(stat.rpartition(")")[2].split()[1]) == postgres_server.pid


def test_stop_then_start_keeps_data_and_port(own_postgres: PostgresServer) -> None:
    url = own_postgres.create_database("kept")
    insert(url, "before the restart")
    port, pid = own_postgres.port, own_postgres.pid
    own_postgres.stop()
    assert not own_postgres.running
    with pytest.raises(psycopg.OperationalError):
        values(url)
    own_postgres.start()
    assert own_postgres.port == port
    assert own_postgres.pid != pid
    assert values(url) == ["before the restart"]


def test_kill_breaks_connections_and_start_recovers(own_postgres: PostgresServer) -> None:
    url = own_postgres.create_database("crashed")
    insert(url, "committed")
    conn = psycopg.connect(url, autocommit=True)
    conn.execute("INSERT INTO item (value) VALUES ('committed too')")
    own_postgres.kill()
    with pytest.raises(psycopg.OperationalError):
        conn.execute("SELECT 1")
    conn.close()
    with pytest.raises(psycopg.OperationalError):
        values(url)
    own_postgres.start()
    assert values(url) == ["committed", "committed too"]
    # A crash, not a clean stop: the restart replayed the WAL.
    assert "automatic recovery in progress" in own_postgres.log()


seen_databases: set[str] = set()


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_gets_its_own_database(postgres_url: str, run: str) -> None:
    # Whichever run comes second fails if it was handed the first one's database.
    assert postgres_url not in seen_databases
    seen_databases.add(postgres_url)
    with psycopg.connect(postgres_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        assert tables.fetchone()[0] == 0
        conn.execute("CREATE TABLE mark (run text)")
        conn.execute("INSERT INTO mark VALUES (%s)", (run,))
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT run FROM mark").fetchall() == [(run,)]


def test_port_in_use_is_retried_and_exit_cleans_up() -> None:
    require_postgres()
    # A port surely in use: this test listens on it for the whole test.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        with PostgresServer(ports=[busy]) as server:
            assert server.port != busy
            assert "Address already in use" in server.log()
            insert(server.url, "on another port")
            assert values(server.url) == ["on another port"]
            folder = server.folder
        assert not folder.exists()
        assert not server.running
        with pytest.raises(psycopg.OperationalError):
            values(server.url)

"""Reads from a real PostgreSQL streaming replica of the test cluster.

A session fixture copies the running cluster with pg_basebackup -R and starts
the copy as a hot standby on its own socket (as the `postgres` user, like
scripts/db.sh); each test points a `replica` alias at it.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from providers import services
from tests.factories import make_specialist
from tests.providers.conftest import make_user
from web.replicas import PIN_COOKIE

pytestmark = pytest.mark.system

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        cwd="/",
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup, django_db_blocker):
    """A hot standby of the test cluster: {"HOST": its socket folder, "PORT"}."""
    primary = connections["default"].settings_dict
    # DATABASE_URL gives the socket folder as HOST or as ?host= (OPTIONS).
    host = primary["HOST"] or primary["OPTIONS"].get("host", "")
    # pg_basebackup runs as `postgres`, which may not pass through the checkout
    # (a clone in root's home): take the socket folder where it really lives.
    if host.startswith("/"):
        host = os.path.realpath(host)
    port = str(primary["PORT"] or primary["OPTIONS"].get("port") or 5432)
    # The copy is the whole cluster: a benchmark's database in it (tens of GB)
    # would fill the disk, and every cluster on the machine with it.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT sum(pg_database_size(datname)) FROM pg_database")
        cluster_bytes = int(cursor.fetchone()[0])
    free_bytes = shutil.disk_usage(tempfile.gettempdir()).free
    if cluster_bytes * 2 > free_bytes:
        pytest.fail(
            f"The replica would copy the whole test cluster ({cluster_bytes >> 20} MB) "
            f"with {free_bytes >> 20} MB free: keep big databases in a cluster of "
            "their own (bench/README.md).",
            pytrace=False,
        )
    postgres = pwd.getpwnam("postgres")
    root = Path(tempfile.mkdtemp(prefix="sf-replica-"))
    os.chown(root, postgres.pw_uid, postgres.pw_gid)
    data, run, log = root / "pg", root / "run", root / "postgres.log"
    as_postgres(
        str(PG_BIN / "pg_basebackup"),
        f"--host={host}",
        f"--port={port}",
        f"--username={primary['USER']}",
        f"--pgdata={data}",
        "--write-recovery-conf",
        "--wal-method=stream",
        "--checkpoint=fast",
    )
    as_postgres("mkdir", "-m", "755", str(run))
    options = f"-c listen_addresses='' -k {run} -p {port} -c hot_standby=on"
    as_postgres(
        str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
        "-o", options, "start",
    )  # fmt: skip
    yield {"HOST": str(run), "PORT": port}
    as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
    shutil.rmtree(root)


@pytest.fixture
def replica(streaming_replica, transactional_db, settings):
    """The `replica` alias, the one replica the router knows, for one test.

    Made here rather than in DATABASES: the replica starts after Django's test
    set-up, which would otherwise try to create (and flush) a test database on
    it."""
    primary = connections["default"].settings_dict
    replica = connections["default"].__class__(
        {
            **primary,
            **streaming_replica,
            "OPTIONS": {**primary["OPTIONS"], "host": streaming_replica["HOST"]},
        },
        alias="replica",
    )
    connections["replica"] = replica
    settings.REPLICA_DATABASES = ["replica"]
    yield replica
    replica.close()
    del connections["replica"]


def wait_for_replay(replica, timeout: float = 20) -> None:
    """Until the replica has replayed everything the primary has written."""
    # The insert position, not the flush position: with synchronous_commit off
    # a commit may not be flushed yet, and the flush position would then be
    # behind the write this test waits for.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


def tables_read(queries) -> str:
    return " ".join(query["sql"] for query in queries)


def test_the_replica_is_a_read_only_standby(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True


def test_searches_profiles_and_the_api_are_served_by_the_replica(client, replica):
    specialist = make_specialist(last_name="Replicated")
    wait_for_replay(replica)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connection) as on_primary,
    ):
        page = client.get("/find/", {"location": "15213"}).text
        api = client.get("/api/v1/specialists/", {"location": "15213"}).json()
        profile = client.get(specialist.get_absolute_url())
    assert "Replicated" in page
    assert [r["last_name"] for r in api["results"]] == ["Replicated"]
    assert profile.status_code == 200
    assert "providers_searchentry" in tables_read(on_replica)
    assert "providers_specialist" in tables_read(on_replica)
    # The primary only stores the place in the session (a write).
    assert "providers_" not in tables_read(on_primary)


def test_writes_on_the_primary_reach_the_replica(client, replica):
    specialist = make_specialist(last_name="Suspendable")
    moderator = make_user("moderator@example.com", moderator=True)
    services.suspend_listing(specialist, moderator=moderator, reason="Complaint")
    wait_for_replay(replica)
    with CaptureQueriesContext(replica) as on_replica:
        page = client.get("/find/", {"location": "15213"}).text
    assert "Suspendable" not in page
    assert "No specialists found" in page
    assert len(on_replica) > 0


def test_whoever_just_wrote_reads_the_primary_until_the_replica_catches_up(
    client, replica
):
    specialist = make_specialist(last_name="Lagging")
    moderator = make_user("moderator@example.com", moderator=True)
    wait_for_replay(replica)
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        client.force_login(moderator)
        response = client.post(
            reverse("providers:suspend_listing", args=[specialist.pk]),
            {"reason": "Licence lapsed"},
        )
        assert PIN_COOKIE in response.cookies
        # The moderator sees the suspension at once; a patient still reads the
        # replica, which has not replayed it yet.
        assert client.get(specialist.get_absolute_url()).status_code == 404
        patient = client.__class__()
        assert patient.get(specialist.get_absolute_url()).status_code == 200
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(replica)
    assert patient.get(specialist.get_absolute_url()).status_code == 404

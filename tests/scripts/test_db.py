"""scripts/db.sh: the project's own cluster, from any folder root clones into."""

import hashlib
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.system


def test_a_checkout_the_postgres_user_cannot_enter_still_gets_its_cluster(
    throwaway_cluster,
):
    checkout = throwaway_cluster.checkout
    assert checkout.stat().st_mode & 0o777 == 0o700  # like /root
    unreachable = subprocess.run(
        ["runuser", "-u", "postgres", "--", "test", "-x", str(checkout)], cwd="/"
    )
    assert unreachable.returncode != 0

    key = hashlib.sha256(str(checkout).encode()).hexdigest()[:16]
    home = Path("/var/lib/postgresql/specialist-finder") / key
    assert (home / "pg" / "PG_VERSION").read_text().strip() == "15"
    assert (home / "checkout").read_text().strip() == str(checkout)
    assert throwaway_cluster.socket_dir.resolve() == home / "run"

    answer = subprocess.run(
        ["bash", str(checkout / "scripts" / "db.sh"), "psql", "-tAc", "SELECT 1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert answer.stdout.strip() == "1"

"""A bounded hostile run against a running server (gunicorn, `make production`):
hostile text in every field a person can type into, FHIR's edge cases, and
schemathesis over the API's OpenAPI schema. Prints the answers by status and
exits non-zero on any server error (5xx).

    .venv/bin/python bench/hostile.py --base http://127.0.0.1:8000 --texts 300

Run it against a server whose limits are off (SEARCH_, API_, FHIR_, WIDGET_,
PAGE_REQUESTS_PER_MINUTE=0), or it measures the limits instead.
"""

import argparse
import collections
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REALISTIC = [
    "O\u2019Fallon, MO",
    "Coeur d\u2019Alene, ID",
    "\u201cPittsburgh, PA\u201d",
    "Pittsburgh,\u200b PA",
    "Pitts\u200bburgh, PA",
    "Ca\u00f1on City, CO",
    "\u202ePittsburgh, PA",
    "\ufeff15213",
    "Pittsburgh, PA \U0001f3e5",
    "\U0001f468\u200d\u2695\ufe0f near me",
    "\uff11\uff15\uff12\uff11\uff13",
    "Wilkes\u2013Barre, PA",
    "15213-38901",
    "40.444,\u221279.9552",
    "%00",
    "x" * 2000,
]
ODD = "\u2019\u201c\u201d\u200b\u200d\u2060\ufeff\u202a\u202e\u2066\u2069\u00a0\u0301"
ODD += "%&=?#+;,/\\'\"<>|{}\x7f"


def random_text(rng: random.Random) -> str:
    """Text as keyboards, phones and copy-paste bring it: any code point but
    surrogates, often the odd ones above, sometimes very long."""
    length = rng.choice([1, 5, 20, 60, 200, 201, 1000, 2000])
    chars = []
    for _ in range(length):
        pick = rng.random()
        if pick < 0.3:
            chars.append(rng.choice(ODD))
        elif pick < 0.5:
            chars.append(chr(rng.randrange(0x20, 0x7F)))
        else:
            code = rng.randrange(0x80, 0x10FFFF)
            chars.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "\u00e9")
    return "".join(chars)


def typed_addresses(text: str) -> list[str]:
    """Every GET address where a person types (the forms and the APIs)."""
    q = urllib.parse.quote(text, safe="")
    return [
        f"/find/?location={q}&procedure=kyphoplasty&from=vertebroplasty-and-kyphoplasty",
        f"/find/?q={q}",
        f"/find/?procedure={q}&specialty={q}",
        f"/find/?location={q}&radius={q}&page={q}&sort={q}",
        f"/api/v1/specialists/?location={q}",
        f"/api/v1/specialists/?q={q}&language={q}",
        f"/embed/finder/?procedure=kyphoplasty&location={q}",
        f"/fhir/Practitioner?name={q}",
        f"/fhir/PractitionerRole?procedure={q}&practitioner.name={q}",
        f"/fhir/Location?address={q}&near={q}",
        f"/provider/claim/?q={q}",
    ]


FHIR_EDGES = [
    "/fhir/Practitioner?page=9223372036854775808",
    "/fhir/Practitioner?_count=100&page=9223372036854775807",
    "/fhir/Practitioner?_count=100&page=1000000",
    "/fhir/Practitioner?page=%C2%B2",
    "/fhir/Practitioner?_count=0",
    "/fhir/Practitioner?_count=-1",
    "/fhir/Practitioner?_summary=count",
    "/fhir/Practitioner?_total=accurate&_sort=-_lastUpdated",
    "/fhir/Practitioner?_sort=birthdate",
    "/fhir/Practitioner?_elements=name,%00",
    "/fhir/PractitionerRole?practitioner.identifier=http://hl7.org/fhir/sid/us-npi|1",
    "/fhir/PractitionerRole?practitioner:Practitioner.name=smith",
    "/fhir/PractitionerRole?location.near=40.444|-79.9552|25|mi&_sort=distance",
    "/fhir/Location?near=40.444|-79.9552|25|mi&_sort=name",
    "/fhir/Location?near=91|0|5|mi",
    "/fhir/Practitioner?_format=xml",
    "/fhir/metadata?_format=application/fhir%2Bxml",
    "/fhir/Practitioner/99999999999999999999999",
    "/fhir/Practitioner?_id=99999999999999999999999",
]


def get(base: str, path: str, **headers) -> int:
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def raw_line(base: str, length: int, prefix: str) -> int:
    """A request line of `length` bytes (urllib refuses some); its status."""
    host, port = base.removeprefix("http://").split(":")
    target = prefix + "x" * max(0, length - len(prefix) - 14)
    with socket.create_connection((host, int(port)), timeout=60) as raw:
        raw.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        return int(raw.recv(4096).split(b" ", 2)[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--schemathesis-examples", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    texts = REALISTIC + [random_text(rng) for _ in range(args.texts)]
    jobs = [(path, {}) for text in texts for path in typed_addresses(text)]
    jobs += [(path, {}) for path in FHIR_EDGES]
    jobs += [
        ("/fhir/metadata", {"Accept": accept})
        for accept in ("application/fhir+xml", "application/xml", "text/xml")
    ]
    started = time.monotonic()
    statuses = collections.Counter()
    errors = []
    with ThreadPoolExecutor(args.threads) as pool:
        for (path, _headers), status in zip(
            jobs,
            pool.map(lambda job: get(args.base, job[0], **job[1]), jobs),
            strict=True,
        ):
            statuses[status] += 1
            if status >= 500:
                errors.append((status, path[:120]))
    for prefix in ("/api/v1/specialists/?q=", "/fhir/Practitioner?name=", "/find/?q="):
        for length in (4000, 5000, 8000, 9000):
            status = raw_line(args.base, length, prefix)
            statuses[status] += 1
            if status >= 500:
                errors.append((status, f"{prefix} ({length} bytes)"))
    requests = sum(statuses.values())
    seconds = time.monotonic() - started
    print(f"typed text and FHIR edges: {requests:,} requests in {seconds:.0f} s")
    print("  by status:", dict(sorted(statuses.items())))
    print(f"  server errors: {len(errors)}")
    for status, path in errors[:20]:
        print(f"    {status} {path}")

    schemathesis = Path(sys.executable).parent / "schemathesis"
    run = subprocess.run(
        [str(schemathesis), "run", f"{args.base}/api/v1/schema/?format=json"]
        + ["--checks", "not_a_server_error", "--seed", str(args.seed)]
        + ["--max-examples", str(args.schemathesis_examples), "--workers", "2"],
        capture_output=True,
        text=True,
    )
    summary = [line for line in run.stdout.splitlines() if line.strip()][-6:]
    print("schemathesis over /api/v1/schema/ (not_a_server_error):")
    for line in summary:
        print("  " + line)
    return 1 if errors or run.returncode else 0


if __name__ == "__main__":
    sys.exit(main())

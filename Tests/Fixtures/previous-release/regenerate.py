#!/usr/bin/env python3
"""Writes the previous-release fixture: a data folder made by the build of the previous release.

    git worktree add /tmp/prev 64ec1f5 && (cd /tmp/prev && swift build --product nailbook)
    Tests/Fixtures/previous-release/regenerate.py /tmp/prev/.build/debug/nailbook

It runs `nailbook serve --demo` of that build on a free loopback port (its own admin token; LINE pointed at a closed
port, so nothing leaves the machine; snapshots every 12 records, 1 KiB segments), then through the API: two
customers without LINE, five bookings, one of them cancelled, a snapshot, then six bookings and a reschedule after
it; stops the node (SIGTERM: the log is flushed) and replaces data/ next to this script with the node's wal/ and
snapshots/, and expected.json with what the tests check (ids, LSN, digest). Secrets the node generated (session key,
demo master key) are left out: the fixture needs none. Needs python3 only.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

TOKEN = "previous-release-fixture-token"
HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(base, method, path, body=None, expected=(200, 201)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status, text = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    if status not in expected:
        sys.exit(f"regenerate: {method} {path} answered {status}: {text[:300]!r}")
    return json.loads(text) if text else None


def wait_healthy(base, node):
    deadline = time.time() + 60
    while time.time() < deadline:
        if node.poll() is not None:
            sys.exit("regenerate: the node exited: see its output above")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    sys.exit("regenerate: the node did not become healthy")


def free_slots(base, merchant, service, staff):
    """Free start times of `staff` for `service`, on the first dates from the day after tomorrow that have any."""
    day = date.today() + timedelta(days=2)
    for _ in range(14):
        query = f"/v1/merchants/{merchant}/availability?serviceId={service}&date={day}&staffId={staff}"
        slots = call(base, "GET", query)["slots"]
        if len(slots) >= 22:
            return [slot["startsAt"] for slot in slots]
        day += timedelta(days=1)
    sys.exit("regenerate: no day with free slots in two weeks")


def wait_for_snapshot(data, newer_than):
    deadline = time.time() + 20
    while time.time() < deadline:
        names = [n for n in os.listdir(os.path.join(data, "snapshots")) if n.endswith(".snap")]
        if any(int(n[5:-5]) > newer_than for n in names):
            return
        time.sleep(0.2)
    sys.exit("regenerate: no snapshot was taken")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: regenerate.py PREVIOUS-RELEASE-NAILBOOK-BINARY")
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="nailbook-fixture-")
    data = os.path.join(work, "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = dict(os.environ, NAILBOOK_ADMIN_TOKEN=TOKEN, LINE_API_BASE="http://127.0.0.1:9")
    environment.pop("NAILBOOK_MASTER_KEY", None)
    node = subprocess.Popen(
        [binary, "serve", "--demo", "--data", data, "--port", str(port), "--snapshot-every-records", "12",
         "--segment-size-bytes", "1024"],
        env=environment)
    try:
        wait_healthy(base, node)
        merchant = call(base, "GET", "/v1/merchants")["merchants"][0]["id"]
        staff = call(base, "GET", f"/v1/merchants/{merchant}/staff")["staff"][0]["id"]
        services = call(base, "GET", f"/v1/merchants/{merchant}/services")["services"]
        service = min(services, key=lambda s: s["durationMinutes"])["id"]
        customers = [
            call(base, "POST", f"/v1/merchants/{merchant}/customers", {"displayName": name})["id"]
            for name in ["Fixture customer A", "Fixture customer B"]
        ]
        slots = free_slots(base, merchant, service, staff)
        def book(index):
            body = {"serviceId": service, "staffId": staff, "customerId": customers[index % 2],
                    "startsAt": slots[index * 2]}
            return call(base, "POST", f"/v1/merchants/{merchant}/bookings", body)["id"]
        before = [book(index) for index in range(5)]
        call(base, "POST", f"/v1/merchants/{merchant}/bookings/{before[1]}/cancel", {"reason": "fixture"})
        wait_for_snapshot(data, 0)
        after = [book(index) for index in range(5, 11)]
        call(base, "POST", f"/v1/merchants/{merchant}/bookings/{after[0]}/reschedule", {"startsAt": slots[2]})  # the cancelled booking's time
        state = call(base, "GET", "/v1/admin/state")
    finally:
        node.send_signal(signal.SIGTERM)
        node.wait(timeout=30)
    target = os.path.join(HERE, "data")
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    for folder in ["wal", "snapshots"]:
        shutil.copytree(os.path.join(data, folder), os.path.join(target, folder))
    shutil.rmtree(work)
    expected = {"writtenBy": os.environ.get("FIXTURE_COMMIT", "64ec1f5"), "merchantId": merchant,
                "appliedLsn": state["appliedLsn"], "digest": state["digest"], "bookings": before + after,
                "cancelled": before[1], "rescheduled": {"id": after[0], "startsAt": slots[2]}}
    with open(os.path.join(HERE, "expected.json"), "w") as file:
        json.dump(expected, file, indent=2)
        file.write("\n")
    print(json.dumps(expected, indent=2))


if __name__ == "__main__":
    main()

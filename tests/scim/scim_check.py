"""RFC 7643/7644 compliance of one tenant's SCIM service, checked by PyPI `scim2-tester`.

Usage: scim_check.py <base url> <bearer token>

Runs every check scim2-tester has (discovery, and create, read, list, attributes, replace,
PATCH add/replace/remove and delete for each resource type the server publishes), prints one
line per check, and exits 1 when any check ends in anything but SUCCESS or SKIPPED (SKIPPED:
what the server says it does not support, such as root `/.search`).
"""

import sys

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

ACCEPTED = {Status.SUCCESS, Status.SKIPPED}


def main() -> int:
    base_url, token = sys.argv[1], sys.argv[2]
    http = httpx2.Client(
        base_url=base_url.rstrip("/") + "/",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    client = SyncSCIMClient(http)
    client.discover()
    results = check_server(client, raise_exceptions=False)
    failed = 0
    for result in results:
        ok = result.status in ACCEPTED
        failed += 0 if ok else 1
        where = f"[{result.resource_type}] " if result.resource_type else ""
        line = f"{result.status.name:8} {where}{result.title}"
        if not ok:
            line += f": {result.reason or result.description or ''}"
        print(line)
    passed = sum(1 for result in results if result.status == Status.SUCCESS)
    skipped = sum(1 for result in results if result.status == Status.SKIPPED)
    print(f"scim2-tester: {passed} passed, {skipped} skipped, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())

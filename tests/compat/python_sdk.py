"""Descope's own Python SDK (PyPI `descope`) against our server: the core tenant and user calls.

Run by python-sdk.test.mjs, which starts the server and passes TENANTKIT_BASE_URL,
TENANTKIT_PROJECT_ID and TENANTKIT_MANAGEMENT_KEY. Exits non-zero (an AssertionError or the SDK's
AuthException with the server's error) when a call fails or returns something else than promised.
"""

import os
import time

from descope import AssociatedTenant, DescopeClient
from descope.exceptions import AuthException

client = DescopeClient(
    project_id=os.environ["TENANTKIT_PROJECT_ID"],
    management_key=os.environ["TENANTKIT_MANAGEMENT_KEY"],
    base_url=os.environ["TENANTKIT_BASE_URL"],
)
users = client.mgmt.user


def users_part():
    login_id = f"py-{int(time.time() * 1000)}@acme.test"
    created = users.create(
        login_id=login_id,
        email=login_id,
        display_name="Pat Python",
        user_tenants=[AssociatedTenant("acme", ["Support Agent"])],
    )["user"]
    assert created["loginIds"] == [login_id], created
    assert created["name"] == "Pat Python", created
    assert [(t["tenantId"], t["roleNames"]) for t in created["userTenants"]] == [
        ("acme", ["Support Agent"])
    ], created

    loaded = users.load(login_id)["user"]
    assert loaded["userId"] == created["userId"], loaded

    found = users.search_all(tenant_ids=["acme"], text=login_id)
    assert [u["loginIds"][0] for u in found["users"]] == [login_id], found
    page = users.search_all(tenant_ids=["acme"], limit=5)
    assert len(page["users"]) == 5, page

    updated = users.update(login_id=login_id, email=login_id, display_name="Patricia Python")["user"]
    assert updated["name"] == "Patricia Python", updated

    assert users.deactivate(login_id)["user"]["status"] == "disabled"
    assert users.activate(login_id)["user"]["status"] == "enabled"

    with_role = users.add_tenant_roles(login_id, "acme", ["Tenant Admin"])["user"]
    roles = next(t["roleNames"] for t in with_role["userTenants"] if t["tenantId"] == "acme")
    assert sorted(roles) == ["Support Agent", "Tenant Admin"], with_role

    users.delete(login_id)
    try:
        users.load(login_id)
    except AuthException as error:
        assert error.status_code == 404, error
    else:
        raise AssertionError("a deleted user can still be loaded")


def tenants_part():
    tenants = client.mgmt.tenant
    suffix = int(time.time() * 1000)
    created = tenants.create(name=f"Py Tenant {suffix}", self_provisioning_domains=[f"py-{suffix}.test"])
    assert created["id"].startswith("T"), created
    tenants.create(name=f"Py Named {suffix}", id=f"py-{suffix}")
    loaded = tenants.load(created["id"])
    assert loaded["name"] == f"Py Tenant {suffix}", loaded
    assert loaded["selfProvisioningDomains"] == [f"py-{suffix}.test"], loaded
    tenants.update(id=created["id"], name=f"Py Tenant Renamed {suffix}")
    assert tenants.load(created["id"])["name"] == f"Py Tenant Renamed {suffix}"
    all_ids = [t["id"] for t in tenants.load_all()["tenants"]]
    assert f"py-{suffix}" in all_ids and created["id"] in all_ids, all_ids
    found = tenants.search_all(ids=[f"py-{suffix}"])["tenants"]
    assert [t["id"] for t in found] == [f"py-{suffix}"], found
    tenants.delete(id=f"py-{suffix}", cascade=True)
    try:
        tenants.load(f"py-{suffix}")
    except AuthException as error:
        assert error.status_code == 404, error
    else:
        raise AssertionError("a deleted tenant can still be loaded")


users_part()
tenants_part()
print("python sdk: all calls succeeded")


# Sign-in history (Descope's `users_auth_history`): two password sign-ins, then `user.history`,
# which posts a bare array of user ids and reads a bare array of entries.
def history_part():
    import json
    import urllib.error
    import urllib.request

    login_id = f"py-history-{int(time.time() * 1000)}@acme.test"
    created = users.create(
        login_id=login_id, email=login_id, user_tenants=[AssociatedTenant("acme", [])]
    )["user"]
    users.set_active_password(login_id, "History-Passw0rd!")

    def sign_in(password):
        request = urllib.request.Request(
            f"{os.environ['TENANTKIT_BASE_URL']}/v1/auth/password/signin",
            data=json.dumps({"loginId": login_id, "password": password}).encode(),
            headers={"Content-Type": "application/json", "User-Agent": "python-sdk-compat/1.0"},
        )
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    assert sign_in("wrong") == 401
    assert sign_in("History-Passw0rd!") == 200
    history = users.history([created["userId"]])
    assert isinstance(history, list), history
    assert [(e["success"], e["reason"]) for e in history] == [
        (True, ""),
        (False, "wrong_password"),
    ], history
    for entry in history:
        assert entry["userId"] == created["userId"], entry
        assert isinstance(entry["loginTime"], int), entry
        assert entry["ip"] == "127.0.0.1", entry
        assert entry["userAgent"] == "python-sdk-compat/1.0", entry
        assert (entry["city"], entry["country"]) == ("", ""), entry
    users.delete(login_id)


history_part()
print("python sdk: history calls succeeded")

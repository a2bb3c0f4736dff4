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


def sso_setup_links_part():
    """generate_sso_configuration_link / revoke_sso_configuration_link (issue 19)."""
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    tenants = client.mgmt.tenant
    link = tenants.generate_sso_configuration_link(
        tenant_id="acme", expire_time=21600, email="py-it@acme.test", actor_id="python-sdk"
    )
    base = os.environ["TENANTKIT_BASE_URL"]
    assert link.startswith(f"{base}/tk/sso-setup#token=ssolink_"), link
    secret = urllib.parse.parse_qs(urllib.parse.urlsplit(link).fragment)["token"][0]

    def status_with_link(path):
        request = urllib.request.Request(
            f"{base}{path}",
            headers={"Authorization": f"Bearer {os.environ['TENANTKIT_PROJECT_ID']}:{secret}"},
        )
        try:
            with urllib.request.urlopen(request) as response:
                json.load(response)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert status_with_link("/v2/mgmt/sso/settings/all?tenantId=acme") == 200
    assert status_with_link("/v1/mgmt/user/customattributes?tenant=acme") == 403
    # Without expire_time (the SDK then omits it): the server's default lifetime.
    assert "#token=ssolink_" in tenants.generate_sso_configuration_link(tenant_id="acme")
    try:
        tenants.generate_sso_configuration_link(tenant_id="acme", expire_time=31 * 24 * 3600)
    except AuthException as error:
        assert error.status_code == 400, error
    else:
        raise AssertionError("a lifetime over 30 days was accepted")
    tenants.revoke_sso_configuration_link(tenant_id="acme", sso_id="no-such-config")
    assert status_with_link("/v2/mgmt/sso/settings/all?tenantId=acme") == 200, "another ssoId's revoke"
    tenants.revoke_sso_configuration_link(tenant_id="acme")
    assert status_with_link("/v2/mgmt/sso/settings/all?tenantId=acme") == 401


sso_setup_links_part()
print("python sdk: sso setup links succeeded")

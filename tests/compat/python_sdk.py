"""Descope's own Python SDK (PyPI `descope`) against our server: the core tenant and user calls.

Run by python-sdk.test.mjs, which starts the server and passes TENANTKIT_BASE_URL,
TENANTKIT_PROJECT_ID and TENANTKIT_MANAGEMENT_KEY. Exits non-zero (an AssertionError or the SDK's
AuthException with the server's error) when a call fails or returns something else than promised.
"""

import os
import time
from urllib.parse import parse_qs, urlparse

from descope import AssociatedTenant, DeliveryMethod, DescopeClient
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


def test_users_part():
    """Test users sign in with generated codes and links, redeemed through the SDK's auth calls
    (which verify the JWTs against our public keys); an embedded link signs in once."""
    login_id = f"py-test-{int(time.time() * 1000)}@acme.test"
    created = users.create_test_user(
        login_id=login_id, email=login_id, user_tenants=[AssociatedTenant("acme", [])]
    )["user"]
    assert created["test"] is True, created
    user_id = created["userId"]

    otp = users.generate_otp_for_test_user(DeliveryMethod.EMAIL, login_id)
    assert len(otp["code"]) == 6 and otp["loginId"] == login_id, otp
    signed_in = client.otp.verify_code(DeliveryMethod.EMAIL, login_id, otp["code"])
    assert signed_in["sessionToken"]["sub"] == user_id, signed_in

    magic = users.generate_magic_link_for_test_user(
        DeliveryMethod.EMAIL, login_id, "https://app.example.test/verify"
    )
    token = parse_qs(urlparse(magic["link"]).query)["t"][0]
    assert client.magiclink.verify(token)["sessionToken"]["sub"] == user_id

    enchanted = users.generate_enchanted_link_for_test_user(login_id, "https://app.example.test/verify")
    client.enchantedlink.verify(parse_qs(urlparse(enchanted["link"]).query)["t"][0])
    assert client.enchantedlink.get_session(enchanted["pendingRef"])["sessionToken"]["sub"] == user_id

    embedded = users.generate_embedded_link(login_id)
    assert client.magiclink.verify(embedded)["sessionToken"]["sub"] == user_id
    try:
        client.magiclink.verify(embedded)
    except AuthException as error:
        assert error.status_code == 401, error
    else:
        raise AssertionError("an embedded link signed in twice")

    users.delete_all_test_users()


users_part()
tenants_part()
test_users_part()
print("python sdk: all calls succeeded")


def impersonation_part():
    """descope_client.mgmt.jwt.impersonate and stop_impersonation (Python sends explicit nulls)."""
    import base64
    import json

    def claims_of(jwt):
        payload = jwt.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))

    login_id = f"py-imp-{int(time.time() * 1000)}@acme.test"
    target = users.create(
        login_id=login_id, email=login_id, user_tenants=[AssociatedTenant("acme", [])]
    )["user"]
    admin = users.load("admin@acme.test")["user"]

    jwt = client.mgmt.jwt.impersonate("admin@acme.test", login_id, False)
    claims = claims_of(jwt)
    assert claims["sub"] == target["userId"], claims
    assert claims["act"] == {"sub": admin["userId"]}, claims
    assert list(claims["tenants"]) == ["acme"], claims

    try:
        client.mgmt.jwt.impersonate(admin["userId"], login_id, True)
    except AuthException as error:
        assert error.status_code == 400, error
    else:
        raise AssertionError("validate_consent=True was accepted")

    actor = client.mgmt.jwt.stop_impersonation(jwt)
    assert claims_of(actor)["sub"] == admin["userId"], claims_of(actor)
    assert "act" not in claims_of(actor), claims_of(actor)
    users.delete(login_id)
    print("python sdk: impersonation calls succeeded")


impersonation_part()
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

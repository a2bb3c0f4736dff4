"""A real SAML 2.0 identity provider for the tests and the demo: PyPI `pysaml2` on loopback.

pysaml2 (`saml2.server.Server`, with Debian's `xmlsec1` as its signer) does everything a service
provider is tested against: it parses and checks our AuthnRequest (HTTP-Redirect binding), looks
the service provider up in its metadata (the ACS URL it posts to), builds the Response with its
Subject, Conditions, AudienceRestriction, AuthnStatement and AttributeStatement, and signs the
assertion. Only the glue is ours: the HTTP server, a sign-in page that asks for nothing but the
user's email (a test IdP: no passwords), and where the users come from.

- Users: a JSON file (`--users`), read again at every sign-in so a test can change an attribute
  between two sign-ins: `{"grace@acme.test": {"firstName": "Grace", "groups": ["engineers"]}}`.
  Every key is sent as an attribute of that name (NameFormat basic); lists become several values.
  The NameID is the email (format emailAddress).
- Service providers: trusted when their entity id (our SP metadata URL) starts with one of the
  `--trust` prefixes; their metadata is fetched from that URL when their first request arrives
  and again whenever it fails, as Okta or Entra ID do with a metadata URL.
- IdP-initiated sign-in: `GET /idp-initiated?sp=<SP entity id>&email=<user>` posts an unsolicited
  Response (no InResponseTo).
- Its signing key and self-signed certificate are made with `openssl` at start in `--dir`.

Routes: `/metadata` (IdP metadata), `/cert.pem`, `/sso/redirect` (the SSO URL: the sign-in page),
`POST /sso/login` (email + the request: the auto-posting form to the ACS), `/idp-initiated`.

Prints one line `READY {json}` once listening, with url, entityId, ssoUrl, metadataUrl,
certificateFile and certificate (PEM), the values to paste into a connection's settings.
"""

import argparse
import html
import json
import os
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# pysaml2 imports a cipher mode that cryptography has moved; it is not used for signing.
warnings.filterwarnings("ignore", message=".*CFB")

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, xmldsig
from saml2.authn_context import PASSWORD
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--users", required=True, help="JSON file of the users")
    parser.add_argument("--dir", required=True, help="where the key and certificate are written")
    parser.add_argument(
        "--trust",
        action="append",
        default=[],
        help="an SP entity id prefix whose metadata is fetched and trusted (repeatable)",
    )
    parser.add_argument("--xmlsec", default="/usr/bin/xmlsec1")
    return parser.parse_args()


def make_certificate(directory):
    """An RSA key and a self-signed certificate, made once per state directory."""
    directory = os.path.abspath(directory)
    os.makedirs(directory, exist_ok=True)
    key, cert = os.path.join(directory, "idp-key.pem"), os.path.join(directory, "idp-cert.pem")
    if not (os.path.exists(key) and os.path.exists(cert)):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365",
             "-subj", "/CN=TenantKit test IdP (pysaml2)", "-keyout", key, "-out", cert],
            check=True,
            capture_output=True,
        )
    return key, cert


class Idp:
    def __init__(self, args, base):
        self.args = args
        self.base = base
        self.key, self.cert = make_certificate(args.dir)
        self.lock = threading.Lock()
        self.known_sps = set()
        config = IdPConfig().load({
            "entityid": f"{base}/metadata",
            "service": {
                "idp": {
                    "name": "TenantKit test IdP",
                    "endpoints": {
                        "single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "want_authn_requests_signed": False,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_BASIC,
                        },
                    },
                },
            },
            "key_file": self.key,
            "cert_file": self.cert,
            "xmlsec_binary": args.xmlsec,
            "metadata": {},
        })
        self.server = Server(config=config)

    def trusted(self, entity_id):
        return any(entity_id.startswith(prefix) for prefix in self.args.trust)

    def load_sp(self, entity_id, refresh=False):
        """Fetches and loads a trusted SP's metadata (its entity id is its metadata URL)."""
        if not self.trusted(entity_id):
            raise PermissionError(f"service provider {entity_id!r} is not trusted (--trust)")
        with self.lock:
            if entity_id in self.known_sps and not refresh:
                return
            with urllib.request.urlopen(entity_id, timeout=10) as answer:
                metadata = answer.read().decode("utf-8")
            self.server.metadata.load("inline", metadata)
            self.known_sps.add(entity_id)

    def users(self):
        with open(self.args.users, encoding="utf-8") as file:
            return json.load(file)

    def metadata(self):
        return create_metadata_string(None, config=self.server.config, sign=False).decode("utf-8")

    def parse_request(self, saml_request):
        """pysaml2 parses the AuthnRequest; the SP's metadata is loaded first when needed."""
        issuer = self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message.issuer.text
        self.load_sp(issuer)
        return self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)

    def respond(self, email, in_response_to, sp_entity_id, destination, relay_state):
        """The signed Response for `email` as pysaml2 builds it, in its auto-posting form."""
        attributes = self.users().get(email)
        if attributes is None:
            raise LookupError(f"no user {email!r} at this IdP")
        identity = {
            name: value if isinstance(value, list) else [str(value)]
            for name, value in attributes.items()
        }
        response = self.server.create_authn_response(
            identity,
            in_response_to,
            destination,
            sp_entity_id,
            userid=email,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": PASSWORD, "authn_auth": self.base},
            sign_assertion=True,
            sign_response=False,
            # pysaml2's default is RSA-SHA1, which service providers (ours too) refuse.
            sign_alg=xmldsig.SIG_RSA_SHA256,
            digest_alg=xmldsig.DIGEST_SHA256,
        )
        form = self.server.apply_binding(
            BINDING_HTTP_POST, str(response), destination, relay_state, response=True
        )
        return form["data"]

    def acs_of(self, sp_entity_id):
        for service in self.server.metadata.assertion_consumer_service(sp_entity_id, BINDING_HTTP_POST):
            return service["location"]
        raise LookupError(f"no HTTP-POST ACS in the metadata of {sp_entity_id!r}")


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test IdP: sign in</title>
<style>body{{font:16px system-ui;max-width:28rem;margin:3rem auto}}label,input,button{{display:block;margin:.5rem 0}}</style>
</head><body><main><h1>Test IdP (pysaml2)</h1><p>Signing in to {sp}</p>
<form method="post" action="/sso/login">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" list="users" required>
<datalist id="users">{users}</datalist>
<input type="hidden" name="SAMLRequest" value="{request}"><input type="hidden" name="RelayState" value="{relay}">
<button type="submit">Sign in</button></form></main></body></html>"""


def handler_for(idp):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body, content_type="text/html; charset=utf-8"):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def fail(self, status, message):
            self.send(status, f"<!doctype html><title>Test IdP</title><p>{html.escape(message)}</p>")

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            try:
                if url.path == "/metadata":
                    self.send(200, idp.metadata(), "application/samlmetadata+xml")
                elif url.path == "/cert.pem":
                    with open(idp.cert, encoding="utf-8") as file:
                        self.send(200, file.read(), "application/x-pem-file")
                elif url.path == "/sso/redirect":
                    request = query.get("SAMLRequest", "")
                    message = idp.parse_request(request).message
                    users = "".join(f'<option value="{html.escape(u)}">' for u in idp.users())
                    self.send(200, PAGE.format(
                        sp=html.escape(message.issuer.text),
                        users=users,
                        request=html.escape(request),
                        relay=html.escape(query.get("RelayState", "")),
                    ))
                elif url.path == "/idp-initiated":
                    sp = query.get("sp", "")
                    idp.load_sp(sp)
                    self.send(200, idp.respond(query.get("email", ""), None, sp, idp.acs_of(sp), ""))
                else:
                    self.fail(404, "not found")
            except PermissionError as error:
                self.fail(403, str(error))
            except LookupError as error:
                self.fail(404, str(error))
            except Exception as error:  # noqa: BLE001 - a test IdP answers every failure
                self.fail(400, f"{type(error).__name__}: {error}")

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8")))
            if url.path != "/sso/login":
                return self.fail(404, "not found")
            try:
                request = idp.parse_request(form.get("SAMLRequest", ""))
                args = idp.server.response_args(request.message, [BINDING_HTTP_POST])
                self.send(200, idp.respond(
                    form.get("email", "").strip(),
                    args["in_response_to"],
                    args["sp_entity_id"],
                    args["destination"],
                    form.get("RelayState", ""),
                ))
            except PermissionError as error:
                self.fail(403, str(error))
            except LookupError as error:
                self.fail(404, str(error))
            except Exception as error:  # noqa: BLE001 - a test IdP answers every failure
                self.fail(400, f"{type(error).__name__}: {error}")

    return Handler


def main():
    args = parse_args()
    httpd = ThreadingHTTPServer((args.host, args.port), None)
    base = f"http://{args.host}:{httpd.server_address[1]}"
    idp = Idp(args, base)
    httpd.RequestHandlerClass = handler_for(idp)
    with open(idp.cert, encoding="utf-8") as file:
        certificate = file.read()
    print("READY " + json.dumps({
        "url": base,
        "entityId": f"{base}/metadata",
        "ssoUrl": f"{base}/sso/redirect",
        "metadataUrl": f"{base}/metadata",
        "certificateFile": idp.cert,
        "certificate": certificate,
    }), flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())

"""A small OpenID provider standing in for ProConnect in the tests: it signs its tokens with an
RSA key generated for the run, publishes the public half as a JWKS, checks the client's secret
and PKCE verifier, and answers at the requests level (`responses`), as ProConnect would over HTTP.

`issue` says what the next token will hold (claims, audience, expiry), as a misbehaving or
hostile provider might."""

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field

import jwt
import responses
from cryptography.hazmat.primitives.asymmetric import rsa

BASE_URL = "https://proconnect.example.org/api/v2"
CLIENT_ID = "relais-emploi-test"
CLIENT_SECRET = "secret-du-client-de-test"


@dataclass
class Provider:
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = "cle-de-test"
    codes: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    audience: str = CLIENT_ID
    lifetime: int = 60
    issued: list = field(default_factory=list)

    def settings(self, settings):
        """Configure the application for this provider, as the PROCONNECT_* variables would."""
        settings.PROCONNECT_ENABLED = True
        settings.PROCONNECT_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_ISSUER = BASE_URL
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{BASE_URL}/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{BASE_URL}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{BASE_URL}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{BASE_URL}/jwks"
        settings.OIDC_OP_LOGOUT_ENDPOINT = f"{BASE_URL}/session/end"
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_RP_SCOPES = "openid email given_name usual_name siret"
        settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
        settings.OIDC_USE_PKCE = True
        settings.OIDC_STORE_ID_TOKEN = True
        settings.OIDC_CREATE_USER = False
        settings.OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect:callback"
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "proconnect.backends.ProConnectBackend"]

    def register(self, mock: responses.RequestsMock):
        mock.add_callback(responses.POST, f"{BASE_URL}/token", callback=self._token)
        mock.add_callback(responses.GET, f"{BASE_URL}/userinfo", callback=self._userinfo)
        mock.add_callback(responses.GET, f"{BASE_URL}/jwks", callback=self._jwks)

    def authorize(self, location):
        """What the browser gets back from the provider's login page: the callback's query."""
        url = urllib.parse.urlsplit(location)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{BASE_URL}/authorize"
        query = dict(urllib.parse.parse_qsl(url.query))
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert set(query["scope"].split()) >= {"openid", "email"} and query["acr_values"] == "eidas1"
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query["nonce"],
            "challenge": query["code_challenge"],
            "redirect": query["redirect_uri"],
        }
        return {"code": code, "state": query["state"]}

    def sign(self, payload):
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def _claims(self, **extra):
        now = int(time.time())
        return {
            "iss": BASE_URL,
            "aud": self.audience,
            "sub": "agent-1",
            "iat": now,
            "exp": now + self.lifetime,
            **extra,
        }

    def _token(self, request):
        form = dict(urllib.parse.parse_qsl(request.body))
        grant = self.codes.pop(form.get("code"), None)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if (
            grant is None
            or form.get("client_secret") != CLIENT_SECRET
            or challenge != grant["challenge"]
            or form.get("redirect_uri") != grant["redirect"]
        ):
            return 400, {}, json.dumps({"error": "invalid_grant"})
        id_token = self.sign(self._claims(nonce=grant["nonce"]))
        self.issued.append(id_token)
        body = {"access_token": "jeton-d-acces", "token_type": "Bearer", "expires_in": 60, "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _userinfo(self, request):
        if request.headers.get("Authorization") != "Bearer jeton-d-acces":
            return 401, {}, ""
        # ProConnect answers the userinfo endpoint with a signed JWT.
        return 200, {"Content-Type": "application/jwt"}, self.sign(self._claims(**self.claims))

    def _jwks(self, request):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        body = {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

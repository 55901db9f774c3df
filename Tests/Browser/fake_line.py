"""A stand-in for LINE on loopback for the browser tests: LINE Login's verify endpoint, the Messaging API's push
(recorded), and a stub LIFF SDK (`window.liff`) served as the page's SDK script — no network."""
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The stub SDK: init resolves at once; the ID token is whatever the test put in localStorage
# ("liff-stub-token"); login() hands out a fresh valid token and goes to the redirect URI, as LINE Login would.
LIFF_STUB = """
window.liff = {
  _inited: false,
  init: function (config) { this._inited = true; this._liffId = config.liffId; return Promise.resolve(); },
  isInClient: function () { if (!this._inited) { throw new Error("isInClient before init"); } return true; },
  isLoggedIn: function () { return !!localStorage.getItem("liff-stub-token"); },
  getIDToken: function () {
    if (!this._inited) { throw new Error("getIDToken before init"); }
    return localStorage.getItem("liff-stub-token");
  },
  login: function (options) {
    localStorage.setItem("liff-stub-token", "valid-Ufresh0000000000000000000000000001");
    window.location.href = (options && options.redirectUri) || window.location.href;
  },
  logout: function () { localStorage.removeItem("liff-stub-token"); }
};
"""


class FakeLine:
    def __init__(self):
        self.pushes = []
        self.verifies = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.startswith("/sdk.js"):
                    return self._send(200, LIFF_STUB, "text/javascript")
                if self.path.startswith("/v2/bot/profile/"):
                    return self._send(404, '{"message":"Not found"}')
                self._send(404, "{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.path == "/oauth2/v2.1/verify":
                    form = dict(urllib.parse.parse_qsl(body.decode()))
                    with fake.lock:
                        fake.verifies.append(form)
                    token = form.get("id_token", "")
                    if token.startswith("valid-"):
                        now = int(time.time())
                        claims = {"iss": "https://access.line.me", "sub": token[len("valid-"):],
                                  "aud": form.get("client_id"), "exp": now + 3600, "iat": now,
                                  "amr": ["linesso"], "name": "LINE 顧客"}
                        return self._send(200, json.dumps(claims))
                    if token == "expired":
                        return self._send(400, '{"error":"invalid_request","error_description":"IdToken expired."}')
                    return self._send(400, '{"error":"invalid_request","error_description":"Invalid IdToken."}')
                if self.path == "/v2/bot/message/push":
                    with fake.lock:
                        fake.pushes.append(json.loads(body or b"{}"))
                    return self._send(200, '{"sentMessages":[{"id":"1","quoteToken":"q"}]}')
                if self.path == "/v2/bot/message/reply":
                    return self._send(200, "{}")
                self._send(404, "{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

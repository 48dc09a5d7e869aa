"""A small HTTP client for the bench: one connection a request (gunicorn's sync workers close them),
cookies kept by hand (production cookies are `Secure`; the bench talks plain HTTP on localhost
and says `X-Forwarded-Proto: https`, as the TLS-terminating proxy in front of production does),
CSRF token and Referer sent the way a browser sends them."""

import http.client
import json
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    seconds: float  # client time: request written to last byte read, on localhost

    @property
    def queries(self) -> int | None:
        value = self.headers.get("x-bench-queries")
        return int(value) if value is not None else None

    @property
    def server_ms(self) -> float | None:
        match = re.search(r"dur=([0-9.]+)", self.headers.get("server-timing", ""))
        return float(match.group(1)) if match else None

    @property
    def peak_rss_kb(self) -> int | None:
        value = self.headers.get("x-bench-peak-rss-kb")
        return int(value) if value else None

    def json(self):
        return json.loads(self.body)


@dataclass
class Client:
    host: str
    port: int
    cookies: dict = field(default_factory=dict)
    timeout: float = 120  # beyond gunicorn's 60 s worker timeout

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Reply:
        sent = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            "User-Agent": "salesops-bench",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            sent["Referer"] = f"{self.origin}{path}"
            sent["Origin"] = self.origin
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        sent.update(headers or {})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        seconds = time.perf_counter() - started
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data, seconds)

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, data: dict) -> Reply:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", path, body=urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path: str, data: dict) -> Reply:
        return self.request("POST", path, body=json.dumps(data).encode(),
                            headers={"Content-Type": "application/json", "Accept": "application/json"})

    def sign_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        reply = self.post_form("/accounts/login/", {"username": username, "password": password})
        if reply.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in as {username} failed: HTTP {reply.status}")
        self.get("/")  # the rotated csrftoken after sign-in

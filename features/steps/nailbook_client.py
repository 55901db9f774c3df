"""A small Nailbook API client for the behave steps: `requests` and the standard library only.

It is loaded by behave like a step module (it defines no steps) and imported by the step modules.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

DEFAULT_URL = "http://127.0.0.1:8080"
REQUEST_TIMEOUT_SECONDS = 15
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


def zone(name: str) -> dt.tzinfo:
    """The IANA zone; falls back to a fixed offset for the salons' zones if the system has no tz data."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        fixed = {"Asia/Taipei": 8, "Asia/Tokyo": 9, "Asia/Bangkok": 7}
        if name not in fixed:
            raise
        return dt.timezone(dt.timedelta(hours=fixed[name]), name)


def parse_time(text: str) -> dt.datetime:
    """Parses an RFC 3339 date-time with an offset (as the API returns them) into an aware datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class Answer:
    """One HTTP exchange, kept for assertions (including the headers every answer must carry)."""

    method: str
    path: str
    status: int
    headers: dict[str, str]
    body: Any
    text: str

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS and self.path.startswith("/v1/")

    @property
    def code(self) -> str | None:
        """The problem `code` of an error answer."""
        return self.body.get("code") if isinstance(self.body, dict) else None

    def describe(self) -> str:
        return f"{self.method} {self.path} -> {self.status} {self.text[:500]}"

    def expect(self, status: int) -> Any:
        """The JSON body, after checking the status."""
        assert self.status == status, f"expected {status}, got {self.describe()}"
        return self.body

    def expect_problem(self, status: int, code: str) -> dict:
        """The problem body, after checking status, media type and code."""
        assert self.status == status, f"expected {status} {code}, got {self.describe()}"
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip()
        assert media_type == "application/problem+json", f"expected application/problem+json, got {media_type!r}"
        assert isinstance(self.body, dict), f"expected a problem object, got {self.text[:200]!r}"
        assert self.body.get("code") == code, f"expected code {code!r}, got {self.describe()}"
        assert self.body.get("status") == status, f"problem status {self.body.get('status')!r} != {status}"
        for member in ("type", "title", "detail"):
            assert isinstance(self.body.get(member), str), f"problem member {member!r} missing: {self.text[:300]}"
        return self.body


class NailbookClient:
    """Talks to one Nailbook server; every answer is recorded in `answers`."""

    def __init__(self, base_url: str, admin_token: str | None):
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token
        self.session = requests.Session()
        self.answers: list[Answer] = []

    def close(self) -> None:
        self.session.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        use_admin: bool = False,
        body: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        session: requests.Session | None = None,
    ) -> Answer:
        """Sends one request. `token` is the bearer token; `use_admin` sends the admin token instead."""
        request_headers = dict(headers or {})
        bearer = self.admin_token if use_admin else token
        if bearer is not None:
            request_headers["Authorization"] = f"Bearer {bearer}"
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            request_headers["Content-Type"] = "application/json"
        response = (session or self.session).request(
            method,
            self.base_url + path,
            params=params,
            data=data,
            headers=request_headers,
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
        answer = self._answer(method, path, response)
        self.answers.append(answer)
        return answer

    @staticmethod
    def _answer(method: str, path: str, response: requests.Response) -> Answer:
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        return Answer(
            method=method,
            path=path,
            status=response.status_code,
            headers=dict(response.headers),
            body=body,
            text=response.text,
        )


@dataclass
class Salon:
    """A merchant created for one scenario, with what the scenario made in it (by display name)."""

    id: str
    name: str
    api_key: str
    time_zone: str
    staff: dict[str, str] = field(default_factory=dict)
    services: dict[str, dict] = field(default_factory=dict)
    customers: dict[str, str] = field(default_factory=dict)
    bookings: dict[str, dict] = field(default_factory=dict)
    holds: dict[str, dict] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"/v1/merchants/{self.id}"

    @property
    def tz(self) -> dt.tzinfo:
        return zone(self.time_zone)

    def local(self, day: dt.date, clock: str) -> dt.datetime:
        """The aware instant of a wall-clock time ("14:00") on a local date in the salon's zone."""
        hour, minute = (int(part) for part in clock.split(":"))
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def rfc3339(self, day: dt.date, clock: str) -> str:
        """The text the API answers for that instant: whole seconds with the salon's offset."""
        return self.local(day, clock).isoformat(timespec="seconds")

    def service(self, name: str | None = None) -> dict:
        """A service by name, or the only/last one added."""
        if name is not None:
            return self.services[name]
        assert self.services, "the scenario has no service yet"
        return list(self.services.values())[-1]

    def staff_named(self, id_: str) -> str:
        for name, known in self.staff.items():
            if known == id_:
                return name
        return id_


def salon_call(context, method: str, path: str, salon: Salon | None = None, **kwargs) -> Answer:
    """A request made by a salon itself (by default the scenario's), with its own API key, under its
    own /v1/merchants/{id}."""
    salon = salon or context.salon
    return context.api.call(method, salon.path + path, token=salon.api_key, **kwargs)

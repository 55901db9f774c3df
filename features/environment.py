"""behave hooks: where the server is, and a fresh client for every scenario.

Environment:
  NAILBOOK_URL          base URL of a running server (default http://127.0.0.1:8080)
  NAILBOOK_ADMIN_TOKEN  the server's admin token (required: every scenario creates its own salon)
  NAILBOOK_SKIP_SLOW    set to 1 to skip scenarios tagged @slow (the hold-expiry one waits ~1 minute)
"""

import os
import sys
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "steps"))

from nailbook_client import DEFAULT_URL, NailbookClient  # noqa: E402

SERVER_WAIT_SECONDS = 30


def before_all(context):
    context.nailbook_url = os.environ.get("NAILBOOK_URL", DEFAULT_URL).rstrip("/")
    context.admin_token = os.environ.get("NAILBOOK_ADMIN_TOKEN")
    if not context.admin_token:
        raise RuntimeError("NAILBOOK_ADMIN_TOKEN is not set: the scenarios create salons with the admin token")
    _wait_for_server(context.nailbook_url)


def _wait_for_server(base_url):
    """Waits until GET /health answers 200, so that a server still starting does not fail every scenario."""
    deadline = time.monotonic() + SERVER_WAIT_SECONDS
    last = None
    while time.monotonic() < deadline:
        try:
            response = requests.get(base_url + "/health", timeout=3)
            if response.status_code == 200:
                return
            last = f"/health answered {response.status_code}: {response.text[:200]}"
        except requests.RequestException as error:
            last = str(error)
        time.sleep(0.5)
    raise RuntimeError(f"no healthy Nailbook server at {base_url} after {SERVER_WAIT_SECONDS} s ({last})")


def before_scenario(context, scenario):
    if "slow" in scenario.effective_tags and os.environ.get("NAILBOOK_SKIP_SLOW") == "1":
        scenario.skip("NAILBOOK_SKIP_SLOW=1")
        return
    context.api = NailbookClient(context.nailbook_url, context.admin_token)
    context.salons = {}
    context.salon = None
    context.booking_day = None
    context.last = None
    context.race = []
    context.repeats = []


def after_scenario(context, scenario):
    api = getattr(context, "api", None)
    if api is not None:
        api.close()

"""Browser tests of the customer booking pages: a real `nailbook serve --demo` on a temporary data folder, a fake
LINE (Login verify, push, stub LIFF SDK) on loopback, Debian's Chromium driven by Playwright with a phone viewport
and a LINE in-app user agent. Screenshots of every step go to .build/screenshots/; page sizes and request counts to
.build/screenshots/budgets.json. Prints 'N passed, M failed' and exits non-zero on any failure."""
import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from fake_line import FakeLine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, ".build", "screenshots")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
LINE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Mobile/15E148 Safari Line/14.9.0")
LIFF_ID = "1657000001-Browser"
budgets = {"pages": {}, "bookingRequestsAfterFirstPage": None}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`nailbook serve --demo` with LINE and LINE Login pointed at the fake."""

    def __init__(self, fake):
        self.data = tempfile.mkdtemp(prefix="nailbook-browser-")
        self.port = free_port()
        self.token = "browser-" + secrets.token_hex(8)
        env = dict(os.environ)
        env.update({
            "NAILBOOK_ADMIN_TOKEN": self.token,
            "NAILBOOK_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "LINE_API_BASE": fake.base, "LINE_LOGIN_API_BASE": fake.base,
            "NAILBOOK_LIFF_SDK_URL": fake.base + "/sdk.js",
            "NAILBOOK_WAITLIST_SCAN_SECONDS": "0.5",
        })
        binary = os.environ["NAILBOOK_BIN"]
        self.log = open(self.data + ".log", "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--demo", "--data", self.data, "--port", str(self.port)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start; see " + self.data + ".log")

    def api(self, method, path, body=None, token=None):
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": "Bearer " + (token or self.token), "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read() or b"{}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


class World:
    def __init__(self, server, fake, browser):
        self.server, self.fake, self.browser = server, fake, browser
        merchants = server.api("GET", "/v1/merchants")["merchants"]
        self.demo = next(m["id"] for m in merchants if m["name"].startswith("Demo Nail Studio"))
        # A second salon with a LIFF app, one technician and a one-minute hold (for the LINE and expiry tests).
        made = server.api("POST", "/v1/merchants", {"name": "LIFF 美甲", "holdMinutes": 1})
        self.liff, key = made["id"], made["apiKey"]
        hours = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(1, 8)]
        server.api("POST", f"/v1/merchants/{self.liff}/staff", {"name": "小美", "workingHours": hours}, token=key)
        server.api("POST", f"/v1/merchants/{self.liff}/services",
                   {"name": "凝膠指甲 Gel manicure", "durationMinutes": 60, "price": 1200}, token=key)
        server.api("PUT", f"/v1/merchants/{self.liff}/line-channel",
                   {"channelId": "2000000001", "channelSecret": "0123456789abcdef0123456789abcdef",
                    "channelAccessToken": "browser-token", "liffId": LIFF_ID}, token=key)

    def context(self, token=None):
        context = self.browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, user_agent=LINE_UA,
            locale="zh-TW", extra_http_headers={"Accept-Language": "zh-TW,zh;q=0.9"})
        if token:
            context.add_init_script(
                "if (!sessionStorage.getItem('seeded')) { localStorage.setItem('liff-stub-token', %s);"
                " sessionStorage.setItem('seeded', '1'); }" % json.dumps(token))
        return context

    def url(self, merchant, path=""):
        return f"{self.server.base}/book/{merchant}{path}"


def shot(page, name):
    page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def axe_clean(page, name):
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{name}: axe: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in bad)


def measure(page):
    """Bytes transferred (headers + bodies) per navigation, recorded into budgets."""
    sizes = []

    def finished(request):
        try:
            s = request.sizes()
            sizes.append(s["responseBodySize"] + s["responseHeadersSize"])
        except Exception:
            pass
    page.on("requestfinished", finished)
    return sizes


def record_size(name, sizes):
    budgets["pages"][name] = sum(sizes)
    sizes.clear()


def demo_sign_in(world, page):
    page.goto(world.url(world.demo))
    page.click("#demo-sign-in")
    page.wait_for_selector("#choose-time")


# ---------------------------------------------------------------- scenarios

def test_book_end_to_end(world):
    context = world.context()
    page = context.new_page()
    sizes = measure(page)
    page.goto(world.url(world.demo))
    shot(page, "01-sign-in")
    axe_clean(page, "sign-in")
    record_size("sign-in", sizes)
    page.click("#demo-sign-in")
    page.wait_for_selector("#choose-time")
    assert "凝膠指甲 Gel manicure" in page.content() and "NT$1,200" in page.content()
    shot(page, "02-menu")
    axe_clean(page, "menu")
    record_size("menu", sizes)
    # Requests that reached the server (DevTools tells which ones the browser's cache answered).
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sent, cached = [], set()
    cdp.on("Network.requestWillBeSent",
           lambda e: sent.append((e["requestId"], e["request"]["method"] + " " + e["request"]["url"])))
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on("Network.responseReceived",
           lambda e: cached.add(e["requestId"]) if e["response"].get("fromDiskCache") else None)
    page.click("#choose-time")
    page.wait_for_selector("button.slot")
    assert "上午" in page.content() or "下午" in page.content() or "晚上" in page.content()
    shot(page, "03-times")
    axe_clean(page, "times")
    record_size("times", sizes)
    page.click("button.slot >> nth=0")
    page.wait_for_selector("#countdown")
    shot(page, "04-hold")
    axe_clean(page, "hold")
    record_size("hold", sizes)
    page.fill("#note", "想做法式 <b>French</b>")
    page.click("#confirm")
    page.wait_for_selector(".notice.success")
    assert "法式 <b>French</b>" in page.inner_text("main")
    shot(page, "05-booked")
    axe_clean(page, "booked")
    record_size("booked", sizes)
    # A redirect reuses its request id: every hop counts, cache hits and the favicon do not.
    requests = [url for rid, url in sent if rid not in cached and not url.endswith("/favicon.ico")]
    budgets["bookingRequestsAfterFirstPage"] = len(requests)
    budgets["bookingRequestURLs"] = requests
    booking_id = page.url.split("/bookings/")[1].split("?")[0]
    page.click("nav >> text=我的預約")
    page.wait_for_selector(f"[data-booking-id='{booking_id}']")
    shot(page, "06-my-bookings")
    axe_clean(page, "my bookings")
    record_size("my-bookings", sizes)
    listed = world.server.api("GET", f"/v1/merchants/{world.demo}/bookings")["bookings"]
    assert any(b["id"] == booking_id for b in listed), "booking not in the API"
    context.close()


def test_race_for_last_slot(world):
    contexts = [world.context(), world.context()]
    pages = [c.new_page() for c in contexts]
    day = None
    for page in pages:
        demo_sign_in(world, page)
        page.check("input[name=staff] >> nth=1")  # a named technician: each start is her last free one
        page.click("#choose-time")
        page.wait_for_selector("button.slot")
        # A day after the first free one, so that it still has other starts once this one is taken (late in the
        # day, today's last free start may be the only one).
        day = day or page.get_attribute("a.chip:not(.selected):not(.full) >> nth=0", "href").split("date=")[1].split("&")[0]
        page.click(f"a.chip[href*='date={day}']")
        page.wait_for_selector("button.slot")
    value = pages[0].get_attribute("button.slot >> nth=0", "value")
    pages[0].click(f"button.slot[value='{value}']")
    pages[0].wait_for_selector("#countdown")
    pages[1].click(f"button.slot[value='{value}']")
    pages[1].wait_for_selector(".notice[role=alert]")
    assert "剛剛被預約走了" in pages[1].inner_text(".notice[role=alert]")
    assert pages[1].locator(f"button.slot[value='{value}']").count() == 0, "the taken slot is still offered"
    assert pages[1].locator("button.slot").count() > 0, "no fresh slots"
    shot(pages[1], "07-race-lost")
    axe_clean(pages[1], "race lost")
    for c in contexts:
        c.close()


def book_first(world, page):
    page.click("#choose-time")
    page.click("button.slot >> nth=0")
    page.click("#confirm")
    page.wait_for_selector(".notice.success")
    return page.url.split("/bookings/")[1].split("?")[0]


def test_cancel_within_deadline(world):
    context = world.context()
    page = context.new_page()
    demo_sign_in(world, page)
    booking_id = book_first(world, page)
    page.goto(world.url(world.demo, "/bookings"))
    page.click(f"[data-booking-id='{booking_id}'] button.danger")
    page.wait_for_selector(".notice")
    assert "已為您取消預約" in page.inner_text(".notice")
    shot(page, "08-cancelled")
    status = world.server.api("GET", f"/v1/merchants/{world.demo}/bookings/{booking_id}")["status"]
    assert status == "cancelled", status
    context.close()


def test_reschedule(world):
    context = world.context()
    page = context.new_page()
    demo_sign_in(world, page)
    booking_id = book_first(world, page)
    before = world.server.api("GET", f"/v1/merchants/{world.demo}/bookings/{booking_id}")["startsAt"]
    page.click("a.button.secondary")
    page.wait_for_selector("button.slot")
    shot(page, "09-reschedule-times")
    page.click("button.slot >> nth=-1")
    page.wait_for_selector(".notice.success")
    assert "已為您更改預約時間" in page.inner_text(".notice")
    after = world.server.api("GET", f"/v1/merchants/{world.demo}/bookings/{booking_id}")["startsAt"]
    assert after != before, "the booking did not move"
    shot(page, "10-rescheduled")
    context.close()


def test_book_a_visit_of_two_services(world):
    context = world.context()
    page = context.new_page()
    demo_sign_in(world, page)
    page.check("input[name=also] >> nth=1")
    page.click("#choose-time")
    page.wait_for_selector("button.slot")
    assert " + " in page.inner_text(".summary"), page.inner_text(".summary")
    axe_clean(page, "visit times")
    shot(page, "14-visit-times")
    page.click("button.slot >> nth=0")
    page.wait_for_selector(".notice.success")
    booking_id = page.url.split("/bookings/")[1].split("?")[0]
    booking = world.server.api("GET", f"/v1/merchants/{world.demo}/bookings/{booking_id}")
    assert len(booking["items"]) == 2, booking
    assert " + " in page.inner_text("main")
    shot(page, "15-visit-booked")
    context.close()


def test_waitlist_notify_me_then_book_the_offer(world):
    context = world.context()
    page = context.new_page()
    demo_sign_in(world, page)
    page.click("#choose-time")
    page.wait_for_selector("button.notify-me")
    page.click("button.notify-me")
    page.wait_for_selector(".waitlist-entry")
    assert "已加入候補" in page.inner_text(".notice"), page.inner_text(".notice")
    axe_clean(page, "waitlist joined")
    shot(page, "16-waitlist-joined")
    # The day still has free times, so the leader's next scan (every 0.5 s here) offers the first of them.
    for _ in range(40):
        page.reload()
        if page.query_selector("button.accept-offer"):
            break
        time.sleep(0.25)
    assert "有空檔為您保留" in page.inner_text(".offer"), page.inner_text("main")
    axe_clean(page, "waitlist offer")
    shot(page, "17-waitlist-offer")
    entry_id = page.get_attribute(".waitlist-entry", "data-entry-id")
    entry = world.server.api("GET", f"/v1/merchants/{world.demo}/waitlist/{entry_id}")
    assert entry["status"] == "offered", entry
    page.click("button.accept-offer")
    page.wait_for_selector(".notice.success")
    booking_id = page.url.split("/bookings/")[1].split("?")[0]
    assert booking_id == entry["offer"]["bookingId"], (booking_id, entry["offer"])
    booking = world.server.api("GET", f"/v1/merchants/{world.demo}/bookings/{booking_id}")
    assert booking["startsAt"] == entry["offer"]["startsAt"], booking
    shot(page, "18-waitlist-booked")
    context.close()


def test_expired_id_token_then_book_through_line(world):
    context = world.context(token="expired")
    page = context.new_page()
    page.goto(world.url(world.liff))
    page.wait_for_selector("#liff-relogin")
    assert "登入已過期" in page.inner_text("main")
    shot(page, "11-id-token-expired")
    axe_clean(page, "id token expired")
    page.click("#login-again")
    page.wait_for_selector("#choose-time")
    verified = [v for v in world.fake.verifies if v.get("id_token", "").startswith("valid-")]
    assert verified and verified[-1]["client_id"] == "1657000001", world.fake.verifies
    book_first(world, page)
    deadline = time.time() + 15
    while time.time() < deadline and not any(
            p.get("to") == "Ufresh0000000000000000000000000001" for p in world.fake.pushes):
        time.sleep(0.2)
    assert any(p.get("to") == "Ufresh0000000000000000000000000001" for p in world.fake.pushes), \
        "no LINE confirmation pushed"
    context.close()


def test_expired_hold(world):
    context = world.context(token="valid-Uhold00000000000000000000000000001")
    page = context.new_page()
    page.goto(world.url(world.liff))
    page.wait_for_selector("#choose-time")
    page.click("#choose-time")
    page.click("button.slot >> nth=0")
    page.wait_for_selector("#countdown")
    page.wait_for_selector("#countdown[role=alert]", timeout=75000)
    shot(page, "12-hold-expired-countdown")
    page.click("#confirm")
    page.wait_for_selector(".notice[role=alert]")
    assert "保留時間已過" in page.inner_text(".notice[role=alert]")
    shot(page, "13-hold-expired")
    context.close()


def run(tests, make_world, always_first=False):
    """Runs `tests` against one server, one fake LINE and one browser; prints PASS/FAIL per test and returns
    (passed, failed, server). BROWSER_TEST=<part of a name> runs only the matching tests (and, with
    `always_first`, the first test, which the others build on)."""
    os.makedirs(SHOTS, exist_ok=True)
    fake = FakeLine().start()
    server = Server(fake)
    passed, failed = 0, 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            world = make_world(server, fake, browser)
            only = os.environ.get("BROWSER_TEST")
            for test in tests:
                if only and only not in test.__name__ and not (always_first and test is tests[0]):
                    continue
                started = time.time()
                try:
                    test(world)
                    passed += 1
                    print(f"PASS {test.__name__} ({time.time() - started:.1f} s)", flush=True)
                except Exception:
                    failed += 1
                    print(f"FAIL {test.__name__}", flush=True)
                    traceback.print_exc()
            browser.close()
    finally:
        server.stop()
        fake.stop()
    return passed, failed, server


def finish(passed, failed, server):
    """Keeps the server's data folder and log when a test failed; prints the count and exits with its status."""
    if failed:
        print("server log:", server.data + ".log")
    else:
        shutil.rmtree(server.data, ignore_errors=True)
        os.remove(server.data + ".log")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def main():
    passed, failed, server = run(
        [test_book_end_to_end, test_race_for_last_slot, test_cancel_within_deadline, test_reschedule,
         test_book_a_visit_of_two_services, test_waitlist_notify_me_then_book_the_offer,
         test_expired_id_token_then_book_through_line, test_expired_hold], World)
    with open(os.path.join(SHOTS, "budgets.json"), "w") as out:
        json.dump(budgets, out, indent=1)
    print("page bytes transferred:", json.dumps(budgets["pages"]))
    print("booking requests after the first page:", budgets["bookingRequestsAfterFirstPage"])
    finish(passed, failed, server)


if __name__ == "__main__":
    main()

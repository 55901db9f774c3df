"""Browser tests of the back-office and the admin console: a real `nailbook serve --demo`, the fake LINE, Debian's
Chromium driven by Playwright at a desktop viewport (the customer at a phone viewport inside a LINE user agent).
One browser for the file. Screenshots go to .build/screenshots/office-*.png. Prints 'N passed, M failed'."""
import datetime
import json
import time
from zoneinfo import ZoneInfo

from booking_test import LINE_UA, PHONE, axe_clean, finish, run, shot

DESKTOP = {"width": 1280, "height": 900}
LIFF_ID = "1657000002-Office"
PASSWORD = "salon password 1"


class World:
    def __init__(self, server, fake, browser):
        self.server, self.fake, self.browser = server, fake, browser
        self.salon = None
        self.key = None

    def desktop(self):
        return self.browser.new_context(viewport=DESKTOP, locale="zh-TW",
                                        extra_http_headers={"Accept-Language": "zh-TW,zh;q=0.9"})

    def url(self, path):
        return self.server.base + path


def office_shot(page, name):
    shot(page, "office-" + name)


def sign_in(page, world, login, password=PASSWORD):
    page.goto(world.url("/office/signin"))
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("#sign-in")


def create_account(page, link, login, name):
    page.goto(link)
    page.fill("#displayName", name)
    page.fill("#login", login)
    page.fill("#password", PASSWORD)
    page.fill("#password2", PASSWORD)
    page.click("#create-account")


# ---------------------------------------------------------------- scenarios

def line_customer(world, line_user_id):
    """A phone browser context signed in through the stub LIFF as the LINE user `line_user_id`."""
    context = world.browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, user_agent=LINE_UA, locale="zh-TW",
        extra_http_headers={"Accept-Language": "zh-TW,zh;q=0.9"})
    context.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { localStorage.setItem('liff-stub-token', 'valid-%s');"
        " sessionStorage.setItem('seeded', '1'); }" % line_user_id)
    return context


def test_admin_creates_salon_and_owner_sets_it_up(world):
    context = world.desktop()
    admin = context.new_page()
    admin.goto(world.url("/admin"))
    admin.wait_for_selector("#token")
    axe_clean(admin, "admin sign-in")
    admin.fill("#token", world.server.token)
    admin.click("#token-sign-in")
    admin.wait_for_selector("#create-salon")
    admin.fill("#salon-name", "瀏覽器美甲 Browser Nails")
    admin.select_option("#salon-zone", "Asia/Taipei")
    admin.click("#create-salon")
    admin.wait_for_selector("#invite-link")
    link = admin.input_value("#invite-link")
    assert "/office/invite/" in link, link
    office_shot(admin, "01-admin-salons")
    axe_clean(admin, "admin salons")
    context.close()

    context = world.desktop()
    owner = context.new_page()
    owner.goto(link)
    axe_clean(owner, "invite")
    office_shot(owner, "02-invite")
    create_account(owner, link, "owner@browser.test", "王店長")
    owner.wait_for_selector("#figure-revenue")
    axe_clean(owner, "today")
    office_shot(owner, "03-today")
    # A technician working every day 09:00-21:00 with a lunch break, and a service.
    owner.goto(world.url("/office/staff"))
    owner.fill("#staff-name", "Ploy")
    for day in range(1, 8):
        owner.fill(f"input[name=day{day}_start]", "09:00")
        owner.fill(f"input[name=day{day}_end]", "21:00")
        owner.fill(f"input[name=day{day}_break_start]", "13:00")
        owner.fill(f"input[name=day{day}_break_end]", "13:30")
    axe_clean(owner, "staff")
    owner.click("#add-technician")
    owner.wait_for_selector("#save-technician")
    axe_clean(owner, "technician")
    office_shot(owner, "04-technician")
    # A shared resource (pedicure chairs), then a service that uses it.
    owner.goto(world.url("/office/resources"))
    owner.fill("#resource-name", "足湯沙發 Pedicure chair")
    owner.fill("#resource-capacity", "5")
    owner.click("#add-resource")
    owner.wait_for_selector("text=足湯沙發 Pedicure chair")
    axe_clean(owner, "resources")
    office_shot(owner, "04c-resources")
    owner.goto(world.url("/office/services"))
    owner.fill("#service-name", "凝膠指甲 Gel manicure")
    owner.fill("#service-duration", "60")
    owner.fill("#service-price", "1200")
    owner.click("#add-service")
    owner.wait_for_selector("#save-service")
    owner.check("input[name^=resource_]")
    owner.click("#save-service")
    owner.wait_for_selector("input[name^=resource_]:checked")
    axe_clean(owner, "service")
    office_shot(owner, "04d-service-resources")
    # The salon's LINE channel, through the LINE settings page: the token is never shown again, only its last 4.
    owner.goto(world.url("/office/line"))
    owner.fill("#line-channel-id", "2000000002")
    owner.fill("#line-secret", "0123456789abcdef0123456789abcdef")
    owner.fill("#line-token", "browser-token")
    owner.fill("#line-liff", LIFF_ID)
    owner.click("#save-line")
    owner.wait_for_selector("#line-saved")
    html = owner.content()
    assert "…oken" in html and "browser-token" not in html and "0123456789abcdef" not in html
    axe_clean(owner, "LINE settings")
    office_shot(owner, "04b-line-settings")
    # Two-step sign-in: the set-up page with its key (not turned on here; the Swift tests cover the codes).
    owner.goto(world.url("/office/two-factor"))
    owner.click("#two-factor-setup")
    owner.wait_for_selector("#two-factor-key")
    axe_clean(owner, "two-step set-up")
    context.close()
    merchants = world.server.api("GET", "/v1/merchants")["merchants"]
    world.salon = next(m["id"] for m in merchants if m["name"].startswith("瀏覽器美甲"))
    world.key = world.server.api("POST", f"/v1/merchants/{world.salon}/api-keys")["apiKey"]
    channel = world.server.api("GET", f"/v1/merchants/{world.salon}/line-channel", token=world.key)
    assert channel["liffId"] == LIFF_ID and channel["accessTokenLast4"] == "oken", channel


def test_customer_booking_reaches_open_calendar_and_a_move_reaches_line(world):
    assert world.salon, "needs the salon of the first scenario"
    tomorrow = (datetime.datetime.now(ZoneInfo("Asia/Taipei")) + datetime.timedelta(days=1)).date().isoformat()
    owner_context = world.desktop()
    owner = owner_context.new_page()
    sign_in(owner, world, "owner@browser.test")
    owner.wait_for_selector("#figure-revenue")
    owner.goto(world.url(f"/office/calendar?date={tomorrow}"))
    owner.wait_for_selector("table.calendar")
    owner.evaluate("window.__stayed = true")
    assert owner.locator("td.booking").count() == 0

    customer_id = "Uoffice000000000000000000000000001"
    customer_context = line_customer(world, customer_id)
    customer = customer_context.new_page()
    customer.goto(world.url(f"/book/{world.salon}"))
    customer.wait_for_selector("#choose-time")
    customer.click("#choose-time")
    customer.wait_for_selector("a.chip, button.slot")
    customer.click(f"a.chip[href*='date={tomorrow}']")
    customer.wait_for_selector("button.slot")
    customer.click("button.slot >> nth=0")
    customer.wait_for_selector("#countdown")
    customer.click("#confirm")
    customer.wait_for_selector(".notice.success")
    customer_context.close()

    owner.wait_for_selector("td.booking a", timeout=15000)
    assert owner.evaluate("window.__stayed === true"), "the calendar reloaded instead of updating in place"
    office_shot(owner, "05-calendar")
    axe_clean(owner, "calendar")
    pushes_before = len([p for p in world.fake.pushes if p.get("to") == customer_id])
    owner.click("td.booking a")
    owner.wait_for_selector("#move")
    axe_clean(owner, "booking")
    office_shot(owner, "06-booking")
    start = owner.input_value("#move-time")
    hour, minute = map(int, start.split(":"))
    later = f"{hour + 2:02d}:{minute:02d}" if hour < 18 else f"{hour - 2:02d}:{minute:02d}"
    owner.fill("#move-time", later)
    owner.click("#move")
    owner.wait_for_selector("#booking-when")
    assert later in owner.inner_text("#booking-when"), owner.inner_text("#booking-when")
    deadline = time.time() + 15
    while time.time() < deadline and len([p for p in world.fake.pushes if p.get("to") == customer_id]) <= max(
            pushes_before, 1):
        time.sleep(0.2)
    to_customer = [p for p in world.fake.pushes if p.get("to") == customer_id]
    assert len(to_customer) >= 2 and len(to_customer) > pushes_before, world.fake.pushes
    owner_context.close()


def test_owner_drags_a_booking_to_another_time(world):
    assert world.salon, "needs the salon of the first scenario"
    tomorrow = (datetime.datetime.now(ZoneInfo("Asia/Taipei")) + datetime.timedelta(days=1)).date().isoformat()
    context = world.desktop()
    owner = context.new_page()
    sign_in(owner, world, "owner@browser.test")
    owner.wait_for_selector("#figure-revenue")
    owner.goto(world.url(f"/office/calendar?date={tomorrow}"))
    source = owner.locator("a[data-booking]").first
    booking = source.get_attribute("data-booking")
    before = world.server.api("GET", f"/v1/merchants/{world.salon}/bookings/{booking}", token=world.key)["startsAt"]
    begins = int(datetime.datetime.fromisoformat(before).timestamp())
    # A free start the 60-minute booking fits at: this cell and the three after it are free.
    start = next(begins + hours * 3600 for hours in (3, 4, 5, -3, -4)
                 if all(owner.locator(f"td.free[data-start='{begins + hours * 3600 + quarter * 900}']").count()
                        for quarter in range(4)))
    target = owner.locator(f"td.free[data-start='{start}']")
    pushes_before = len(world.fake.pushes)
    # HTML5 drag and drop as the page sees it: dragstart on the booking, dragover and drop on the cell, one
    # DataTransfer carrying the booking's id between them.
    transfer = owner.evaluate_handle("() => new DataTransfer()")
    source.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    owner.wait_for_selector("#calendar-message:not(:empty)")
    assert "已移動" in owner.inner_text("#calendar-message"), owner.inner_text("#calendar-message")
    after = world.server.api("GET", f"/v1/merchants/{world.salon}/bookings/{booking}", token=world.key)["startsAt"]
    assert after != before, (before, after)
    moved = datetime.datetime.fromisoformat(after).timestamp()
    assert int(moved) == start, (after, start)
    owner.wait_for_selector(f"td.booking a[data-booking='{booking}']")
    office_shot(owner, "06b-dragged")
    deadline = time.time() + 15
    while time.time() < deadline and len(world.fake.pushes) <= pushes_before:
        time.sleep(0.2)
    assert len(world.fake.pushes) > pushes_before, "no rescheduled push after the drag"
    # The week view of the technician shows the booking too.
    owner.click("nav.views a >> nth=1")
    owner.wait_for_selector(f"a[data-booking='{booking}']")
    axe_clean(owner, "week view")
    office_shot(owner, "06c-week")
    context.close()


def test_staff_cannot_open_settings(world):
    assert world.salon, "needs the salon of the first scenario"
    staff = world.server.api("GET", f"/v1/merchants/{world.salon}/staff", token=world.key)["staff"][0]["id"]
    invite = world.server.api("POST", f"/v1/merchants/{world.salon}/invites",
                              {"role": "staff", "staffId": staff}, token=world.key)
    context = world.desktop()
    page = context.new_page()
    create_account(page, invite["url"], "ploy", "Ploy")
    page.wait_for_selector("#figure-revenue")
    assert page.locator("a[href='/office/staff']").count() == 0
    answer = page.goto(world.url("/office/services"))
    assert answer.status == 403, answer.status
    assert page.locator("[role=alert]").count() == 1
    office_shot(page, "07-staff-forbidden")
    axe_clean(page, "forbidden")
    context.close()


def test_five_wrong_passwords_lock_the_account(world):
    context = world.desktop()
    page = context.new_page()
    for _ in range(5):
        sign_in(page, world, "owner@browser.test", "not the password")
        page.wait_for_selector("#signin-error")
    sign_in(page, world, "owner@browser.test")
    page.wait_for_selector("#signin-error")
    assert "15" in page.inner_text("#signin-error"), page.inner_text("#signin-error")
    office_shot(page, "08-locked")
    axe_clean(page, "locked")
    context.close()


def test_admin_suspends_salon_and_its_booking_page_says_so(world):
    assert world.salon, "needs the salon of the first scenario"
    context = world.desktop()
    admin = context.new_page()
    admin.goto(world.url("/admin/signin"))
    admin.fill("#token", world.server.token)
    admin.click("#token-sign-in")
    admin.wait_for_selector(f"tr[data-salon='{world.salon}'] .suspend-toggle")
    admin.click(f"tr[data-salon='{world.salon}'] .suspend-toggle")
    admin.wait_for_selector(f"tr[data-salon='{world.salon}'] form[action$='/resume']")
    office_shot(admin, "09-suspended")
    axe_clean(admin, "console with a suspended salon")
    admin.goto(world.url("/admin/node"))
    admin.wait_for_selector("#node-durable")
    assert admin.inner_text("#node-writes"), "the node panel says whether writes are taken"
    axe_clean(admin, "node panel")
    office_shot(admin, "11-node")
    admin.goto(world.url("/admin/line"))
    admin.wait_for_selector(f"tr[data-salon='{world.salon}']")
    axe_clean(admin, "LINE across salons")
    admin.goto(world.url("/admin"))
    admin.wait_for_selector(f"tr[data-salon='{world.salon}'] .suspend-toggle")
    customer_context = world.browser.new_context(viewport=PHONE, is_mobile=True, user_agent=LINE_UA, locale="zh-TW")
    customer = customer_context.new_page()
    answer = customer.goto(world.url(f"/book/{world.salon}"))
    assert answer.status == 503, answer.status
    assert "暫停" in customer.inner_text("main"), customer.inner_text("main")
    shot(customer, "office-10-booking-page-suspended")
    axe_clean(customer, "suspended booking page")
    admin.click(f"tr[data-salon='{world.salon}'] .suspend-toggle")
    admin.wait_for_selector(f"tr[data-salon='{world.salon}'] form[action$='/suspend']")
    assert customer.goto(world.url(f"/book/{world.salon}")).status == 200
    customer_context.close()
    context.close()


def test_waitlist_offer_reaches_line_and_the_office(world):
    assert world.salon, "needs the salon of the first scenario"
    customer_id = "Uoffice000000000000000000000000002"
    customer_context = line_customer(world, customer_id)
    customer = customer_context.new_page()
    customer.goto(world.url(f"/book/{world.salon}"))
    customer.wait_for_selector("#choose-time")
    customer.click("#choose-time")
    customer.wait_for_selector("button.notify-me")
    customer.click("button.notify-me")
    customer.wait_for_selector(".waitlist-entry")
    # The chosen day has free times: the leader's next scan offers the first, and LINE gets the offer.
    deadline = time.time() + 15
    offers = []
    while time.time() < deadline and not offers:
        offers = [p for p in world.fake.pushes if p.get("to") == customer_id and "accept-offer" in json.dumps(p)]
        time.sleep(0.2)
    assert offers, world.fake.pushes
    assert "預約這個時段" in json.dumps(offers[0], ensure_ascii=False), offers[0]

    context = world.desktop()
    owner = context.new_page()
    sign_in(owner, world, "owner@browser.test")
    owner.wait_for_selector("#figure-revenue")
    owner.goto(world.url("/office/waitlist"))
    owner.wait_for_selector("table.waitlist small.offer")
    axe_clean(owner, "waitlist")
    office_shot(owner, "12-waitlist")

    customer.reload()
    customer.wait_for_selector("button.accept-offer")
    customer.click("button.accept-offer")
    customer.wait_for_selector(".notice.success")
    customer_context.close()
    owner.reload()
    owner.wait_for_selector("table.waitlist-closed td")
    assert "已預約" in owner.inner_text("table.waitlist-closed"), owner.inner_text("main")
    context.close()


def main():
    tests = [test_admin_creates_salon_and_owner_sets_it_up,
             test_customer_booking_reaches_open_calendar_and_a_move_reaches_line,
             test_owner_drags_a_booking_to_another_time, test_waitlist_offer_reaches_line_and_the_office,
             test_staff_cannot_open_settings, test_five_wrong_passwords_lock_the_account,
             test_admin_suspends_salon_and_its_booking_page_says_so]
    finish(*run(tests, World, always_first=True))


if __name__ == "__main__":
    main()

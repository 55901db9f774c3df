"""The waitlist: joining, the offers the leader's scan makes, and their answers."""

import time
import uuid

import parse_types  # noqa: F401  (registers Name, Clock)
from behave import given, then, when
from nailbook_client import salon_call

# The leader scans the waitlist every few seconds (NAILBOOK_WAITLIST_SCAN_SECONDS; 5 by default).
OFFER_WAIT_SECONDS = 20


@given('a customer "{name}"')
def step_customer(context, name):
    body = {"displayName": name, "lineUserId": f"U{uuid.uuid4().hex}"}
    customer = salon_call(context, "POST", "/customers", body=body).expect(201)
    context.salon.customers[name] = customer["id"]


def entries(context):
    if not hasattr(context, "waitlist"):
        context.waitlist = {}
    return context.waitlist


def join(context, customer, service, staff, start, end):
    salon = context.salon
    body = {
        "customerId": salon.customers[customer],
        "serviceId": salon.service(service)["id"],
        "staffId": salon.staff[staff],
        "from": salon.rfc3339(context.booking_day, start),
        "to": salon.rfc3339(context.booking_day, end),
    }
    context.last = salon_call(context, "POST", "/waitlist", body=body)
    return context.last


@when('{customer:Name} joins the waitlist for "{service}" with {staff:Name} from {start:Clock} to {end:Clock}')
def step_join(context, customer, service, staff, start, end):
    entry = join(context, customer, service, staff, start, end).expect(201)
    assert entry["status"] == "waiting" and entry["offer"] is None, entry
    entries(context)[customer] = entry


@then('{customer:Name} cannot join the waitlist for "{service}" with {staff:Name} from {start:Clock} to {end:Clock} again')
def step_join_again(context, customer, service, staff, start, end):
    join(context, customer, service, staff, start, end).expect_problem(409, "duplicate")


def entry_of(context, customer):
    entry = entries(context)[customer]
    return salon_call(context, "GET", f"/waitlist/{entry['id']}").expect(200)


@then("{customer:Name} is waiting")
def step_waiting(context, customer):
    # Give the scan a chance to (wrongly) offer something.
    time.sleep(1)
    entry = entry_of(context, customer)
    assert entry["status"] == "waiting", entry


@then("{customer:Name} is offered {clock:Clock} with {staff:Name}")
def step_offered(context, customer, clock, staff):
    salon = context.salon
    deadline = time.monotonic() + OFFER_WAIT_SECONDS
    entry = entry_of(context, customer)
    while entry["status"] != "offered" and time.monotonic() < deadline:
        time.sleep(0.2)
        entry = entry_of(context, customer)
    assert entry["status"] == "offered", entry
    offer = entry["offer"]
    assert offer["startsAt"] == salon.rfc3339(context.booking_day, clock), offer
    assert offer["staffId"] == salon.staff[staff], offer
    assert offer["bookingId"].startswith("bkg_") and offer["expiresAt"], offer
    entries(context)[customer] = entry


@when("{customer:Name} declines the offer")
def step_decline(context, customer):
    entry = entries(context)[customer]
    declined = salon_call(context, "POST", f"/waitlist/{entry['id']}/decline").expect(200)
    assert declined["status"] == "declined", declined


@when("{customer:Name} accepts the offer")
def step_accept(context, customer):
    entry = entries(context)[customer]
    context.last = salon_call(context, "POST", f"/waitlist/{entry['id']}/accept")
    context.salon.bookings[customer] = context.last.expect(201)


@when("{customer:Name} leaves the waitlist")
def step_leave(context, customer):
    entry = entries(context)[customer]
    salon_call(context, "DELETE", f"/waitlist/{entry['id']}").expect(200)


@then("{customer:Name} has the booking she was offered, with {staff:Name} at {clock:Clock}")
def step_has_offered_booking(context, customer, staff, clock):
    salon = context.salon
    booking = salon.bookings[customer]
    offered = entries(context)[customer]["offer"]
    assert booking["id"] == offered["bookingId"], (booking, offered)
    assert booking["customerId"] == salon.customers[customer], booking
    assert booking["staffId"] == salon.staff[staff], booking
    assert booking["startsAt"] == salon.rfc3339(context.booking_day, clock), booking
    assert booking["status"] == "confirmed", booking


@then("{customer:Name}'s waitlist entry is \"{status}\"")
def step_entry_status(context, customer, status):
    entry = entry_of(context, customer)
    assert entry["status"] == status, entry

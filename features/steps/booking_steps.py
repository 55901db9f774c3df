"""Booking, holding, cancelling and moving, as a salon's back office (its API key) does it, and the checks."""

import datetime as dt
import threading
import time

import parse_types  # noqa: F401  (registers Name, Clock, Code, Thing)
import requests
from behave import given, step, then, when
from nailbook_client import parse_time, salon_call

# ---------------------------------------------------------------------------------------------- helpers


def booking_body(context, customer, staff, clock, **extra):
    salon = context.salon
    return {
        "serviceId": salon.service()["id"],
        "staffId": salon.staff[staff],
        "customerId": salon.customers[customer],
        "startsAt": salon.rfc3339(context.booking_day, clock),
        **extra,
    }


def book(context, customer, staff, clock, headers=None, **extra):
    """Sends a booking request and remembers it (for a retry) and its answer."""
    body = booking_body(context, customer, staff, clock, **extra)
    context.last_request = {"customer": customer, "body": body}
    context.last = salon_call(context, "POST", "/bookings", body=body, headers=headers)
    if context.last.status == 201:
        context.salon.bookings[customer] = context.last.body
    return context.last


def booking_of(context, customer):
    booking = context.salon.bookings.get(customer)
    assert booking is not None, f"{customer} has no booking in this scenario"
    return booking


def fetch_booking(context, customer):
    booking = booking_of(context, customer)
    return salon_call(context, "GET", f"/bookings/{booking['id']}").expect(200)


def day_bounds(context):
    """The booking day as [local midnight, next local midnight), in the salon's zone."""
    start = dt.datetime.combine(context.booking_day, dt.time(0, 0), tzinfo=context.salon.tz)
    end = dt.datetime.combine(context.booking_day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=context.salon.tz)
    return start.isoformat(), end.isoformat()


def bookings_on_booking_day(context, **filters):
    start, end = day_bounds(context)
    params = {"from": start, "to": end, "limit": "500", **filters}
    listing = salon_call(context, "GET", "/bookings", params=params).expect(200)
    assert listing["nextCursor"] is None, "one page is enough for a scenario"
    starts = [parse_time(b["startsAt"]) for b in listing["bookings"]]
    assert starts == sorted(starts), "bookings are listed by start"
    return listing["bookings"]


def assert_confirmed_at(context, booking, staff, clock):
    salon = context.salon
    service = salon.service()
    expected_start = salon.local(context.booking_day, clock)
    assert booking["status"] == "confirmed", booking
    assert booking["staffId"] == salon.staff[staff], f"booked with {salon.staff_named(booking['staffId'])}"
    # Times come back in the salon's zone, with its offset, as whole seconds.
    assert booking["startsAt"] == expected_start.isoformat(timespec="seconds"), booking["startsAt"]
    expected_end = expected_start + dt.timedelta(minutes=service["durationMinutes"])
    assert parse_time(booking["endsAt"]) == expected_end, booking["endsAt"]


def offered(context, staff, clock):
    """Whether availability offers `staff` at `clock` on the booking day."""
    salon = context.salon
    params = {
        "serviceId": salon.service()["id"],
        "date": context.booking_day.isoformat(),
        "staffId": salon.staff[staff],
    }
    availability = salon_call(context, "GET", "/availability", params=params).expect(200)
    assert availability["date"] == context.booking_day.isoformat(), availability["date"]
    assert availability["timeZone"] == salon.time_zone, availability["timeZone"]
    wanted = salon.local(context.booking_day, clock)
    return any(
        slot["staffId"] == salon.staff[staff] and parse_time(slot["startsAt"]) == wanted
        for slot in availability["slots"]
    )


# ---------------------------------------------------------------------------------------------- booking


@when("{customer:Name} books {staff:Name} at {clock:Clock}")
@when("{customer:Name} tries to book {staff:Name} at {clock:Clock}")
def step_book(context, customer, staff, clock):
    book(context, customer, staff, clock)


@given("{customer:Name} has booked {staff:Name} at {clock:Clock}")
def step_has_booked(context, customer, staff, clock):
    booking = book(context, customer, staff, clock).expect(201)
    assert_confirmed_at(context, booking, staff, clock)


@when('{customer:Name} books {staff:Name} at {clock:Clock} with Idempotency-Key "{key}"')
def step_book_idempotently(context, customer, staff, clock, key):
    book(context, customer, staff, clock, headers={"Idempotency-Key": key})
    context.repeats.append(context.last)


@when('the same request is sent again with Idempotency-Key "{key}"')
def step_repeat(context, key):
    request = context.last_request
    context.last = salon_call(context, "POST", "/bookings", body=request["body"], headers={"Idempotency-Key": key})
    context.repeats.append(context.last)


@then("the booking is confirmed for {staff:Name} at {clock:Clock}")
def step_booking_confirmed(context, staff, clock):
    booking = context.last.expect(201)
    assert booking["id"].startswith("bkg_"), booking
    assert_confirmed_at(context, booking, staff, clock)


@then("both bookings are confirmed")
def step_both_confirmed(context):
    bookings = context.salon.bookings
    assert len(bookings) == 2, f"expected two bookings, have {sorted(bookings)}"
    for customer, booking in bookings.items():
        assert booking["status"] == "confirmed", (customer, booking)
        assert booking["customerId"] == context.salon.customers[customer], (customer, booking)


@then("both answers are 201 with the same booking id")
def step_same_booking(context):
    first, second = context.repeats[-2:]
    assert first.expect(201)["id"] == second.expect(201)["id"], (first.describe(), second.describe())
    assert first.body == second.body, "a repeat answers exactly what the first request answered"


@then("{staff:Name}'s bookings on the booking day are:")
def step_staff_bookings_table(context, staff):
    salon = context.salon
    listed = bookings_on_booking_day(context, staffId=salon.staff[staff])
    expected = [
        (salon.customers[row["customer"]], salon.local(context.booking_day, row["starts"]),
         salon.local(context.booking_day, row["ends"]))
        for row in context.table
    ]
    actual = [(b["customerId"], parse_time(b["startsAt"]), parse_time(b["endsAt"])) for b in listed]
    assert actual == expected, f"expected {expected}, listed {actual}"


@then("{staff:Name} has exactly {count:d} confirmed booking on the booking day")
@then("{staff:Name} has exactly {count:d} confirmed bookings on the booking day")
def step_staff_count(context, staff, count):
    listed = bookings_on_booking_day(context, staffId=context.salon.staff[staff], status="confirmed")
    assert len(listed) == count, [b["id"] for b in listed]


@then("the salon has exactly {count:d} booking on the booking day")
@then("the salon has exactly {count:d} bookings on the booking day")
def step_salon_count(context, count):
    listed = bookings_on_booking_day(context)
    assert len(listed) == count, [b["id"] for b in listed]


@then("every successful write answered with an X-Nailbook-LSN header")
def step_lsn_headers(context):
    writes = [a for a in context.api.answers if a.is_write and 200 <= a.status < 300]
    assert writes, "the scenario made no write"
    for answer in writes:
        lsn = answer.headers.get("X-Nailbook-LSN", "")
        assert lsn.isdigit() and int(lsn) > 0, f"X-Nailbook-LSN {lsn!r} on {answer.method} {answer.path}"
    for answer in context.api.answers:
        applied = answer.headers.get("X-Nailbook-Applied-LSN", "")
        assert applied.isdigit(), f"X-Nailbook-Applied-LSN {applied!r} on {answer.method} {answer.path}"
    lsns = [int(a.headers["X-Nailbook-LSN"]) for a in writes]
    assert lsns == sorted(lsns) and len(set(lsns)) == len(lsns), f"one after another, each write logs anew: {lsns}"


# ---------------------------------------------------------------------------------------------- the race


@when("{first:Name} and {second:Name} both book {staff:Name} at {clock:Clock} at the same moment")
def step_race(context, first, second, staff, clock):
    """Two threads, each with its own connection (sessions are not thread-safe), released together by a barrier."""
    barrier = threading.Barrier(2)
    results = {}

    def attempt(customer):
        body = booking_body(context, customer, staff, clock)
        with requests.Session() as session:
            barrier.wait(timeout=10)
            results[customer] = context.api.call(
                "POST", context.salon.path + "/bookings", token=context.salon.api_key, body=body, session=session
            )

    threads = [threading.Thread(target=attempt, args=(customer,)) for customer in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 2, f"both requests must finish: {sorted(results)}"
    context.race = [(customer, results[customer]) for customer in (first, second)]


@then("exactly one of them gets the booking")
def step_one_winner(context):
    winners = [(customer, answer) for customer, answer in context.race if answer.status == 201]
    assert len(winners) == 1, [answer.describe() for _, answer in context.race]
    customer, answer = winners[0]
    context.salon.bookings[customer] = answer.body
    context.race_winner = customer


@then('the other is refused with 409 "overlap" naming the winner\'s booking')
def step_loser(context):
    winner_booking = context.salon.bookings[context.race_winner]
    losers = [answer for customer, answer in context.race if customer != context.race_winner]
    assert len(losers) == 1
    problem = losers[0].expect_problem(409, "overlap")
    assert problem.get("conflictingId") == winner_booking["id"], problem


# ---------------------------------------------------------------------------------------------- refusals


@step('the request is refused with {status:d} "{code:Code}"')
def step_refused(context, status, code):
    context.last.expect_problem(status, code)


@step('the request is refused with {status:d} "{code:Code}" naming {customer:Name}\'s {thing:Thing}')
def step_refused_naming(context, status, code, customer, thing):
    problem = context.last.expect_problem(status, code)
    blocker = booking_of(context, customer) if thing == "booking" else context.salon.holds[customer]
    assert problem.get("conflictingId") == blocker["id"], problem


# ---------------------------------------------------------------------------------------------- holds


@given("{customer:Name} holds {staff:Name}'s {clock:Clock}")
def step_hold(context, customer, staff, clock):
    salon = context.salon
    body = {
        "serviceId": salon.service()["id"],
        "staffId": salon.staff[staff],
        "startsAt": salon.rfc3339(context.booking_day, clock),
        "customerId": salon.customers[customer],
    }
    hold = salon_call(context, "POST", "/holds", body=body).expect(201)
    assert hold["id"].startswith("hld_"), hold
    assert hold["staffId"] == salon.staff[staff] and hold["customerId"] == salon.customers[customer], hold
    assert hold["startsAt"] == body["startsAt"], hold
    assert parse_time(hold["expiresAt"]) > parse_time(hold["createdAt"]), hold
    salon.holds[customer] = hold


@when("{customer:Name} confirms her hold")
def step_confirm_hold(context, customer):
    hold = context.salon.holds[customer]
    body = {
        "serviceId": hold["serviceId"],
        "staffId": hold["staffId"],
        "customerId": context.salon.customers[customer],
        "startsAt": hold["startsAt"],
        "holdId": hold["id"],
    }
    context.last = salon_call(context, "POST", "/bookings", body=body)
    if context.last.status == 201:
        context.salon.bookings[customer] = context.last.body
        assert context.last.body["holdId"] == hold["id"], context.last.body


@when("{customer:Name}'s hold is released")
def step_release_hold(context, customer):
    hold = context.salon.holds[customer]
    answer = salon_call(context, "DELETE", f"/holds/{hold['id']}")
    assert answer.status == 204, answer.describe()


@step("{clock:Clock} is offered for {staff:Name} on the booking day")
def step_offered(context, clock, staff):
    assert offered(context, staff, clock), f"{clock} should be offered for {staff}"


@step("{clock:Clock} is not offered for {staff:Name} on the booking day")
def step_not_offered(context, clock, staff):
    assert not offered(context, staff, clock), f"{clock} should not be offered for {staff}"


@then("within {seconds:d} seconds {clock:Clock} is offered for {staff:Name} on the booking day again")
def step_offered_within(context, seconds, clock, staff):
    deadline = time.monotonic() + seconds
    while not offered(context, staff, clock):
        assert time.monotonic() < deadline, f"{clock} was still not offered after {seconds} s"
        time.sleep(2)


@then("the request is refused as an expired hold")
def step_refused_expired(context):
    # Past its expiresAt a hold answers 410 hold_expired; once the sweeper has removed it, 404 not_found.
    if context.last.status == 404:
        context.last.expect_problem(404, "not_found")
    else:
        context.last.expect_problem(410, "hold_expired")


# ---------------------------------------------------------------------------------------------- changes


@when('the salon cancels {customer:Name}\'s booking because "{reason}"')
def step_cancel(context, customer, reason):
    booking = booking_of(context, customer)
    context.last = salon_call(context, "POST", f"/bookings/{booking['id']}/cancel", body={"reason": reason})


@then('{customer:Name}\'s booking is cancelled with reason "{reason}"')
def step_cancelled(context, customer, reason):
    answered = context.last.expect(200)
    stored = fetch_booking(context, customer)
    for booking in (answered, stored):
        assert booking["status"] == "cancelled", booking
        assert booking["cancelReason"] == reason, booking
        assert booking["cancelledAt"] is not None and booking["completedAt"] is None, booking


@when("the salon moves {customer:Name}'s booking to {clock:Clock}")
def step_reschedule(context, customer, clock):
    booking = booking_of(context, customer)
    body = {"startsAt": context.salon.rfc3339(context.booking_day, clock)}
    context.last = salon_call(context, "POST", f"/bookings/{booking['id']}/reschedule", body=body)


@then("{customer:Name}'s booking still starts at {clock:Clock} with {staff:Name}")
def step_still_at(context, customer, clock, staff):
    assert_confirmed_at(context, fetch_booking(context, customer), staff, clock)


@then("{customer:Name}'s booking is still confirmed")
def step_still_confirmed(context, customer):
    assert fetch_booking(context, customer)["status"] == "confirmed"


@then('the history of {customer:Name}\'s booking reads "{actions}"')
def step_history(context, customer, actions):
    booking = booking_of(context, customer)
    history = salon_call(context, "GET", f"/bookings/{booking['id']}/history").expect(200)
    expected = [action.strip() for action in actions.split(",")]
    assert [event["action"] for event in history["events"]] == expected, history
    for event in history["events"]:
        # Everything here was done with the salon's API key through the API.
        assert event["actor"]["type"] == "merchant", event
        assert (event["actor"]["id"] or "").startswith("key_"), event
        assert event["channel"] == "api", event


# ---------------------------------------------------------------------------------------------- tenancy


@when("{other:Name} reads {customer:Name}'s booking with its own API key")
def step_other_reads(context, other, customer):
    booking = booking_of(context, customer)
    # Through the intruder's own merchant path, with its own key: the booking is not there.
    context.last = salon_call(context, "GET", f"/bookings/{booking['id']}", salon=context.salons[other])


@when("{other:Name} tries to cancel {customer:Name}'s booking with its own API key")
def step_other_cancels(context, other, customer):
    booking = booking_of(context, customer)
    intruder = context.salons[other]
    # Through the owner's merchant path, with the intruder's key.
    path = f"{context.salon.path}/bookings/{booking['id']}/cancel"
    context.last = context.api.call("POST", path, token=intruder.api_key, body={"reason": "不是我的"})


@when("{other:Name} lists {owner:Name}'s bookings with its own API key")
def step_other_lists(context, other, owner):
    path = f"{context.salons[owner].path}/bookings"
    context.last = context.api.call("GET", path, token=context.salons[other].api_key)


@when("someone reads {owner:Name}'s bookings without a token")
def step_no_token(context, owner):
    context.last = context.api.call("GET", f"{context.salons[owner].path}/bookings")


@when('someone reads {owner:Name}\'s bookings with the token "{token}"')
def step_bad_token(context, owner, token):
    context.last = context.api.call("GET", f"{context.salons[owner].path}/bookings", token=token)

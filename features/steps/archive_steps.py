"""Steps of the archive and erasure scenarios (features/archive.feature)."""

import datetime as dt

from behave import then, when

from booking_steps import booking_of
from nailbook_client import salon_call


@when("the platform archives the closed bookings that started before the day after the booking day")
def step_archive(context):
    context.before_archive = {
        customer: salon_call(context, "GET", f"/bookings/{booking['id']}").expect(200)
        for customer, booking in context.salon.bookings.items()
    }
    cutoff = dt.datetime.combine(
        context.booking_day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=context.salon.tz).isoformat()
    answer = context.api.call("POST", "/v1/admin/archive", use_admin=True, body={"before": cutoff}).expect(200)
    assert answer["archivedBookings"] >= 1, answer


@then("{customer:Name}'s booking reads the same as before, marked archived")
def step_same_archived(context, customer):
    booking = booking_of(context, customer)
    now = salon_call(context, "GET", f"/bookings/{booking['id']}").expect(200)
    before = dict(context.before_archive[customer])
    assert now.pop("archived") is True, now
    assert now == before, (now, before)


@then("{customer:Name}'s bookings list her booking as archived")
def step_customer_list(context, customer):
    booking = booking_of(context, customer)
    listed = salon_call(context, "GET", f"/customers/{booking['customerId']}/bookings").expect(200)
    entries = [entry for entry in listed["bookings"] if entry["id"] == booking["id"]]
    assert len(entries) == 1 and entries[0].get("archived") is True, listed


@then("the salon's CSV export lists {customer:Name}'s booking as archived")
def step_export(context, customer):
    booking = booking_of(context, customer)
    answer = salon_call(context, "GET", "/export/bookings", params={"format": "csv"})
    assert answer.status == 200 and answer.headers.get("Content-Type", "").startswith("text/csv"), answer.describe()
    rows = [line for line in answer.text.splitlines() if line.startswith(booking["id"] + ",")]
    assert len(rows) == 1 and rows[0].endswith(",true"), rows


@when("the salon erases {customer:Name}'s personal data")
def step_erase(context, customer):
    booking = booking_of(context, customer)
    salon_call(context, "POST", f"/customers/{booking['customerId']}/erase").expect(200)


@then('{customer:Name}\'s archived booking keeps its times but not the reason "{reason}"')
def step_erased_archived(context, customer, reason):
    booking = booking_of(context, customer)
    now = salon_call(context, "GET", f"/bookings/{booking['id']}").expect(200)
    before = context.before_archive[customer]
    assert now.get("archived") is True, now
    assert now["startsAt"] == before["startsAt"] and now["endsAt"] == before["endsAt"], now
    assert now["status"] == "cancelled" and now["cancelReason"] != reason, now
    history = salon_call(context, "GET", f"/bookings/{booking['id']}/history").expect(200)
    assert reason not in str(history), history

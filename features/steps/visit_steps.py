"""Multi-service visits: several services in one booking, back to back or at the same time."""

import parse_types  # noqa: F401  (registers Name, Clock)
from behave import then, when
from nailbook_client import salon_call


def book_visit(context, customer, services, clock, parallel=False):
    salon = context.salon
    body = {
        "customerId": salon.customers[customer],
        "startsAt": salon.rfc3339(context.booking_day, clock),
        "items": [{"serviceId": salon.service(name)["id"]} for name in services],
    }
    if parallel:
        body["parallel"] = True
    context.last = salon_call(context, "POST", "/bookings", body=body)
    if context.last.status == 201:
        context.salon.bookings[customer] = context.last.body
    return context.last


@when('{customer:Name} books a visit of "{services}" at {clock:Clock}')
def step_book_visit(context, customer, services, clock):
    book_visit(context, customer, [name.strip() for name in services.split(",")], clock)


@when('{customer:Name} books "{first}" and "{second}" at the same time at {clock:Clock}')
@when('{customer:Name} tries to book "{first}" and "{second}" at the same time at {clock:Clock}')
def step_book_parallel(context, customer, first, second, clock):
    book_visit(context, customer, [first, second], clock, parallel=True)


@then("{customer:Name}'s visit runs:")
def step_visit_runs(context, customer):
    salon = context.salon
    visit = context.last.expect(201)
    assert visit["customerId"] == salon.customers[customer], visit
    names = {service["id"]: name for name, service in salon.services.items()}
    actual = [
        (names[item["serviceId"]], salon.staff_named(item["staffId"]), item["startsAt"], item["endsAt"])
        for item in visit["items"]
    ]
    expected = [
        (
            row["service"],
            row["technician"],
            salon.rfc3339(context.booking_day, row["from"]),
            salon.rfc3339(context.booking_day, row["to"]),
        )
        for row in context.table
    ]
    assert actual == expected, actual
    fetched = salon_call(context, "GET", f"/bookings/{visit['id']}").expect(200)
    assert fetched == visit, "the visit reads back as it was answered"


@then("{customer:Name}'s visit has {technicians:d} different technicians")
def step_visit_technicians(context, customer, technicians):
    visit = context.salon.bookings[customer]
    assert len({item["staffId"] for item in visit["items"]}) == technicians, visit["items"]


def visit_starts(context, services):
    salon = context.salon
    ids = ",".join(salon.service(name.strip())["id"] for name in services.split(","))
    params = {"items": ids, "date": context.booking_day.isoformat()}
    answer = salon_call(context, "GET", "/visit-availability", params=params).expect(200)
    return {slot["startsAt"] for slot in answer["slots"]}


@then('a visit of "{services}" is offered at {clock:Clock}')
def step_visit_offered(context, services, clock):
    starts = visit_starts(context, services)
    assert context.salon.rfc3339(context.booking_day, clock) in starts, sorted(starts)


@then('a visit of "{services}" is not offered at {clock:Clock}')
def step_visit_not_offered(context, services, clock):
    starts = visit_starts(context, services)
    assert context.salon.rfc3339(context.booking_day, clock) not in starts, sorted(starts)

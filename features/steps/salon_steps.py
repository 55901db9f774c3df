"""Setting the scene: a salon of its own for every scenario, its technician, menu and customers."""

import datetime as dt
import uuid

import parse_types  # noqa: F401  (registers Name, Clock, Zone, …)
from behave import given
from nailbook_client import Salon, salon_call

EVERY_DAY = range(1, 8)  # ISO weekdays, 1 = Monday … 7 = Sunday


def create_salon(context, name, time_zone, **settings):
    """Creates a merchant with the admin token; the scenario then acts as the salon with its API key."""
    answer = context.api.call(
        "POST",
        "/v1/merchants",
        use_admin=True,
        body={"name": name, "timeZone": time_zone, **settings},
    )
    merchant = answer.expect(201)
    assert merchant["name"] == name, merchant
    assert merchant["timeZone"] == time_zone, merchant
    assert merchant["id"].startswith("mer_"), merchant
    assert merchant.get("apiKey"), "a new merchant comes with its first API key"
    salon = Salon(id=merchant["id"], name=name, api_key=merchant["apiKey"], time_zone=time_zone)
    context.salons[name] = salon
    return salon


@given('a salon "{name}" in {time_zone:Zone}')
def step_a_salon(context, name, time_zone):
    context.salon = create_salon(context, name, time_zone)


@given('another salon "{name}" in {time_zone:Zone}')
def step_another_salon(context, name, time_zone):
    other = create_salon(context, name, time_zone)
    assert other.id != context.salon.id
    assert other.api_key != context.salon.api_key


@given("the salon keeps holds for {minutes:d} minute")
@given("the salon keeps holds for {minutes:d} minutes")
def step_hold_minutes(context, minutes):
    merchant = salon_call(context, "PATCH", "", body={"holdMinutes": minutes}).expect(200)
    assert merchant["holdMinutes"] == minutes, merchant


@given('a technician "{name}" who works from {start:Clock} to {end:Clock} every day')
def step_technician(context, name, start, end):
    hours = [{"weekday": weekday, "start": start, "end": end} for weekday in EVERY_DAY]
    staff = salon_call(context, "POST", "/staff", body={"name": name, "workingHours": hours}).expect(201)
    assert staff["name"] == name, staff
    assert staff["active"] is True, staff
    assert staff["serviceIds"] is None, "no serviceIds means every service"
    assert sorted((w["weekday"], w["start"], w["end"]) for w in staff["workingHours"]) == sorted(
        (w["weekday"], w["start"], w["end"]) for w in hours
    ), staff["workingHours"]
    context.salon.staff[name] = staff["id"]


@given('a {minutes:d}-minute service "{name}"')
def step_service(context, minutes, name):
    body = {"name": name, "durationMinutes": minutes, "bufferBeforeMinutes": 0, "bufferAfterMinutes": 0}
    service = salon_call(context, "POST", "/services", body=body).expect(201)
    assert service["durationMinutes"] == minutes, service
    assert service["bufferBeforeMinutes"] == 0 and service["bufferAfterMinutes"] == 0, service
    context.salon.services[name] = service


@given('the customers "{first}" and "{second}"')
def step_customers(context, first, second):
    for name in (first, second):
        body = {"displayName": name, "lineUserId": f"U{uuid.uuid4().hex}"}
        customer = salon_call(context, "POST", "/customers", body=body).expect(201)
        assert customer["displayName"] == name, customer
        assert customer["lineUserId"] == body["lineUserId"], customer
        context.salon.customers[name] = customer["id"]


@given("the booking day is {days:d} days from today")
def step_booking_day(context, days):
    today = dt.datetime.now(context.salon.tz).date()
    context.booking_day = today + dt.timedelta(days=days)

import Core
import Hummingbird

/// "My bookings": the list, one booking, cancel, and reschedule (atomic, as in the API) within the deadline.
struct MyBookings: Sendable {
    let web: CustomerWeb

    /// Whether the customer may still cancel or move a confirmed booking (the salon's cancellation deadline).
    static func isChangeable(_ booking: Booking, merchant: Merchant, now: Instant) -> Bool {
        guard booking.status == .confirmed, now < booking.startsAt else { return false }
        guard let deadline = merchant.rules.cancelDeadlineMinutes else { return true }
        return now <= booking.startsAt.adding(minutes: -deadline)
    }

    private func row(_ booking: Booking, _ visit: CustomerWeb.Visit) -> BookingsPage.Row {
        let merchant = visit.merchant
        let base = "/book/\(merchant.id)/bookings/\(booking.id)"
        let changeable = Self.isChangeable(booking, merchant: merchant, now: visit.now)
        let upcomingConfirmed = booking.status == .confirmed && visit.now < booking.startsAt
        return BookingsPage.Row(
            id: booking.id.description,
            service: web.engine.serviceNames(of: booking), staff: web.engine.staffNames(of: booking),
            when: LocalFormat.dateTime(booking.startsAt, zone: merchant.zone, visit.texts),
            status: visit.texts["status_" + booking.shownStatus], detailURL: base, cancelURL: base + "/cancel",
            rescheduleURL: booking.items.isEmpty ? base + "/reschedule" : nil, changeable: changeable,
            deadlineText: upcomingConfirmed && !changeable
                ? visit.texts.text("deadline_passed", n: merchant.rules.cancelDeadlineMinutes ?? 0) : nil)
    }

    private func notice(_ request: Request, _ visit: CustomerWeb.Visit) -> String? {
        guard let key = request.uri.queryParameters.get("notice"),
            ["booked", "cancelled", "rescheduled", "deadline_passed", "waitlist_joined", "waitlist_left", "offer_gone"]
                .contains(key)
        else { return nil }
        if key == "booked" { return visit.texts["confirmed_text"] }
        if key == "deadline_passed" {
            return visit.texts.text("deadline_passed", n: visit.merchant.rules.cancelDeadlineMinutes ?? 0)
        }
        return visit.texts[key]
    }

    /// `GET /book/{m}/bookings`.
    func list(_ request: Request, _ visit: CustomerWeb.Visit, _ session: CustomerSession) -> Response {
        let all = web.engine.bookings(
            BookingQuery(merchantID: visit.merchant.id, customerID: session.customerID, limit: BookingQuery.limitMax)
        ).bookings
        let upcoming = all.filter { $0.status == .confirmed && visit.now < $0.startsAt }
        let past = all.filter { !($0.status == .confirmed && visit.now < $0.startsAt) }.reversed()
        let waiting = WaitlistPages(web: web).rows(visit, session)
        let page = BookingsPage(
            chrome: web.chrome(visit), notice: notice(request, visit),
            waiting: waiting, hasWaiting: !waiting.isEmpty, upcoming: upcoming.map { row($0, visit) },
            past: past.map { row($0, visit) }, noUpcoming: upcoming.isEmpty, noPast: past.isEmpty)
        return web.page(page, "bookings")
    }

    /// The customer's own booking named by the path.
    private func own(_ context: NailbookContext, _ visit: CustomerWeb.Visit, _ session: CustomerSession) -> Booking? {
        guard let id = context.parameters.get("bookingId").flatMap(BookingID.init),
            let booking = web.engine.booking(id, merchantID: visit.merchant.id),
            booking.customerID == session.customerID
        else { return nil }
        return booking
    }

    /// `GET /book/{m}/bookings/{b}`.
    func detail(
        _ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit, _ session: CustomerSession
    ) -> Response {
        guard let booking = own(context, visit, session) else { return web.notFound(visit) }
        let price = web.engine.price(of: booking)
        let page = BookingDetailPage(
            chrome: web.chrome(visit), notice: notice(request, visit), booking: row(booking, visit),
            price: LocalFormat.price(price, currency: visit.merchant.currency), note: booking.note)
        return web.page(page, "booking")
    }

    /// `POST /book/{m}/bookings/{b}/cancel`.
    func cancel(_ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        let list = "/book/\(visit.merchant.id)/bookings"
        guard let booking = own(context, visit, session) else { return web.notFound(visit) }
        switch try await web.engine.cancelBooking(
            booking.id, merchantID: visit.merchant.id, reason: nil, web.command(session, now: visit.now))
        {
        case .success: return web.redirect(list + "?notice=cancelled")
        case .failure(let rejection) where rejection.code == .cancellationDeadlinePassed:
            return web.redirect(list + "?notice=deadline_passed")
        case .failure: return web.redirect(list)
        }
    }

    /// `GET /book/{m}/bookings/{b}/reschedule?date=`: the free starts with the same technician.
    func rescheduleTimes(
        _ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit, _ session: CustomerSession
    ) async -> Response {
        guard let booking = own(context, visit, session), booking.items.isEmpty,
            let service = web.engine.service(booking.serviceID, merchantID: visit.merchant.id)
        else { return web.notFound(visit) }
        let base = "/book/\(visit.merchant.id)/bookings/\(booking.id)"
        guard Self.isChangeable(booking, merchant: visit.merchant, now: visit.now) else {
            return web.redirect("/book/\(visit.merchant.id)/bookings?notice=deadline_passed")
        }
        let query = request.uri.queryParameters
        let question = TimesPage.Question(
            service: service, staffID: booking.staffID, date: query.get("date").flatMap(LocalDate.init),
            link: { date in "\(base)/reschedule?date=\(date)" })
        let staffName = web.engine.staff(booking.staffID, merchantID: visit.merchant.id)?.name ?? ""
        let page = await TimesPage.make(
            web, visit, question, heading: visit.texts["new_time"],
            summary: service.name + " · " + staffName + " · "
                + LocalFormat.dateTime(booking.startsAt, zone: visit.merchant.zone, visit.texts),
            notice: BookingFlow.notice(query.get("notice")), action: base + "/reschedule",
            staffField: booking.staffID.description, backURL: "/book/\(visit.merchant.id)/bookings")
        return web.page(page, "times")
    }

    /// `POST /book/{m}/bookings/{b}/reschedule` (field `slot`): moved atomically, or fresh slots and a notice.
    func reschedule(_ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        guard let booking = own(context, visit, session), booking.items.isEmpty else { return web.notFound(visit) }
        let base = "/book/\(visit.merchant.id)/bookings/\(booking.id)"
        guard Self.isChangeable(booking, merchant: visit.merchant, now: visit.now) else {
            return web.redirect("/book/\(visit.merchant.id)/bookings?notice=deadline_passed")
        }
        guard let slot = TimesPage.parseSlot(form["slot"]) else { return web.redirect(base + "/reschedule") }
        switch try await web.engine.rescheduleBooking(
            booking.id, merchantID: visit.merchant.id, to: BookingMove(startsAt: slot.1),
            web.command(session, now: visit.now))
        {
        case .success: return web.redirect(base + "?notice=rescheduled")
        case .failure:
            return web.redirect(base + "/reschedule?date=\(form["date"] ?? "")&notice=taken")
        }
    }
}

import Core
import Hummingbird

/// The waitlist on the booking pages: "notify me if something frees up" on a day's times, and the customer's
/// open entries on "my bookings", where an offered slot is booked or passed on.
struct WaitlistPages: Sendable {
    let web: CustomerWeb

    /// The customer's open entries, as rows of "my bookings".
    func rows(_ visit: CustomerWeb.Visit, _ session: CustomerSession) -> [BookingsPage.WaitRow] {
        let merchant = visit.merchant
        let entries = web.engine.waitlist(of: merchant.id, customerID: session.customerID, openOnly: true)
        return entries.reversed().map { entry in
            let base = "/book/\(merchant.id)/waitlist/\(entry.id)"
            let offer = entry.offerHoldID.flatMap { web.engine.hold($0, merchantID: merchant.id) }
            let staff = entry.staffID.flatMap { web.engine.staff($0, merchantID: merchant.id) }
            let services = entry.items.isEmpty ? [entry.serviceID] : entry.items.map(\.serviceID)
            return BookingsPage.WaitRow(
                id: entry.id.description,
                service: services.map { web.engine.service($0, merchantID: merchant.id)?.name ?? "" }
                    .joined(separator: " + "),
                staff: staff?.name ?? visit.texts["any_technician"],
                window: LocalFormat.window(from: entry.from, to: entry.to, zone: merchant.zone, visit.texts),
                offer: offer.map { hold in
                    BookingsPage.Offer(
                        when: LocalFormat.dateTime(hold.startsAt, zone: merchant.zone, visit.texts),
                        staff: web.engine.staff(hold.staffID, merchantID: merchant.id)?.name ?? "",
                        until: LocalFormat.time(hold.expiresAt, zone: merchant.zone),
                        acceptURL: base + "/accept")
                },
                leaveURL: base + "/leave")
        }
    }

    /// `POST /book/{m}/waitlist` (fields `service`, `staff`, `date`): wait for anything on that day.
    func join(_ request: Request, _ visit: CustomerWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        let merchant = visit.merchant
        let base = "/book/\(merchant.id)"
        guard let serviceID = form["service"].flatMap(ServiceID.init), let date = form["date"].flatMap(LocalDate.init)
        else { return web.redirect(base) }
        let staff = form["staff"].flatMap(StaffID.init).flatMap { web.engine.staff($0, merchantID: merchant.id) }
        let services = BookingFlow.services(form["items"], web: web, merchantID: merchant.id)
        let also = services.dropFirst().map { "&also=\($0.id)" }.joined()
        let back = "\(base)/times?service=\(serviceID)&staff=\(form["staff"] ?? "any")\(also)&date=\(date)"
        var wanted = NewWaitlistEntry(
            merchantID: merchant.id, customerID: session.customerID, serviceID: serviceID, staffID: staff?.id,
            from: max(merchant.zone.startOfDay(date), visit.now),
            to: merchant.zone.startOfDay(date.adding(days: 1)))
        if services.count > 1 { wanted.items = BookingFlow.items(services, staff: staff) }
        switch try await web.engine.joinWaitlist(wanted, web.command(session, now: visit.now)) {
        case .success: return web.redirect(base + "/bookings?notice=waitlist_joined")
        case .failure(let rejection) where rejection.code == .duplicate:
            return web.redirect(back + "&notice=waitlist_already")
        case .failure(let rejection) where rejection.code == .tooManyWaitlistEntries:
            return web.redirect(back + "&notice=waitlist_full")
        case .failure(let rejection) where rejection.code == .customerBlocked:
            return web.redirect(base)
        case .failure: return web.redirect(back + "&notice=waitlist_refused")
        }
    }

    /// `POST /book/{m}/waitlist/{e}/accept`: book the slot offered.
    func accept(_ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit) async throws -> Response {
        try await answer(request, context, visit) { id, session in
            let list = "/book/\(visit.merchant.id)/bookings"
            switch try await web.engine.acceptWaitlistOffer(
                id, merchantID: visit.merchant.id, customerID: session.customerID,
                web.command(session, now: visit.now))
            {
            case .success(let booking): return web.redirect("\(list)/\(booking.id)?notice=booked")
            case .failure: return web.redirect(list + "?notice=offer_gone")
            }
        }
    }

    /// `POST /book/{m}/waitlist/{e}/leave`: stop waiting, or pass an offered slot on.
    func leave(_ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit) async throws -> Response {
        try await answer(request, context, visit) { id, session in
            let list = "/book/\(visit.merchant.id)/bookings"
            switch try await web.engine.leaveWaitlist(
                id, merchantID: visit.merchant.id, customerID: session.customerID,
                web.command(session, now: visit.now))
            {
            case .success: return web.redirect(list + "?notice=waitlist_left")
            case .failure: return web.redirect(list + "?notice=offer_gone")
            }
        }
    }

    private func answer(
        _ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit,
        _ body: (WaitlistEntryID, CustomerSession) async throws -> Response
    ) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        guard let id = context.parameters.get("entryId").flatMap(WaitlistEntryID.init),
            web.engine.waitlistEntry(id, merchantID: visit.merchant.id, customerID: session.customerID) != nil
        else { return web.notFound(visit) }
        return try await body(id, session)
    }
}

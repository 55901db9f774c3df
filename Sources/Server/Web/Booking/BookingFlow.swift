import Core
import Hummingbird

/// The booking flow of a signed-in customer: time slots → hold (with a countdown) → confirm.
struct BookingFlow: Sendable {
    let web: CustomerWeb

    /// `GET /book/{m}/times?service=&staff=&date=&notice=`.
    func times(_ request: Request, _ visit: CustomerWeb.Visit) async -> Response {
        let query = request.uri.queryParameters
        let merchant = visit.merchant
        guard let serviceID = query.get("service").flatMap(ServiceID.init),
            let service = web.engine.service(serviceID, merchantID: merchant.id), service.isActive
        else { return web.redirect("/book/\(merchant.id)") }
        let staffText = query.get("staff") ?? "any"
        let staffID = StaffID(staffText)
        let staff = staffID.flatMap { web.engine.staff($0, merchantID: merchant.id) }
        if staffID != nil && staff == nil { return web.redirect("/book/\(merchant.id)") }
        let base = "/book/\(merchant.id)"
        let field = staff?.id.description ?? "any"
        let also = query.getAll("also").compactMap(ServiceID.init).compactMap {
            web.engine.service($0, merchantID: merchant.id)
        }.filter(\.isActive).prefix(VisitItem.perVisitMax - 1)
        let services = [service] + also
        let alsoQuery = also.map { "&also=\($0.id)" }.joined()
        var question = TimesPage.Question(
            service: service, staffID: staff?.id, date: query.get("date").flatMap(LocalDate.init),
            link: { date in "\(base)/times?service=\(serviceID)&staff=\(field)\(alsoQuery)&date=\(date)" })
        if services.count > 1 { question.visit = Self.items(services, staff: staff) }
        let page = await TimesPage.make(
            web, visit, question, heading: visit.texts["choose_time"],
            summary: services.map(\.name).joined(separator: " + ") + " · "
                + (staff?.name ?? visit.texts["any_technician"]),
            notice: Self.notice(query.get("notice")), action: base + (services.count > 1 ? "/visits" : "/holds"),
            staffField: field, backURL: base, waitlistAction: base + "/waitlist")
        return web.page(page, "times")
    }

    /// The services a form's comma-separated `items` field names (unknown ids left out).
    static func services(_ field: String?, web: CustomerWeb, merchantID: MerchantID) -> [Service] {
        (field ?? "").split(separator: ",").compactMap { ServiceID(String($0)) }.compactMap {
            web.engine.service($0, merchantID: merchantID)
        }
    }

    /// A visit's items: the chosen technician for the services they do, anyone for the others.
    static func items(_ services: [Service], staff: Staff?) -> [VisitItemRequest] {
        services.map { service in
            VisitItemRequest(serviceID: service.id, staffID: staff.flatMap { $0.canPerform(service) ? $0.id : nil })
        }
    }

    /// `POST /book/{m}/visits` (fields `items`, `staff`, `date`, `slot`): a visit of several services is booked at
    /// once (it takes no hold), every service or none; if the time was taken meanwhile, fresh times and a word.
    func bookVisit(_ request: Request, _ visit: CustomerWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        let merchant = visit.merchant
        let base = "/book/\(merchant.id)"
        let services = Self.services(form["items"], web: web, merchantID: merchant.id)
        guard (2...VisitItem.perVisitMax).contains(services.count), let slot = TimesPage.parseSlot(form["slot"]) else {
            return web.redirect(base)
        }
        let staff = form["staff"].flatMap(StaffID.init).flatMap { web.engine.staff($0, merchantID: merchant.id) }
        let items = Self.items(services, staff: staff)
        var wanted = NewBooking(
            merchantID: merchant.id, serviceID: items[0].serviceID, staffID: items[0].staffID,
            customerID: session.customerID, startsAt: slot.1)
        wanted.items = items
        switch try await web.engine.createBooking(wanted, web.command(session, now: visit.now)) {
        case .success(let made): return web.redirect("\(base)/bookings/\(made.id)?notice=booked")
        case .failure:
            let also = services.dropFirst().map { "&also=\($0.id)" }.joined()
            return web.redirect(
                "\(base)/times?service=\(services[0].id)&staff=\(form["staff"] ?? "any")\(also)"
                    + "&date=\(form["date"] ?? "")&notice=taken")
        }
    }

    /// The notices the flow redirects with (anything else is ignored).
    static func notice(_ key: String?) -> String? {
        let known = [
            "taken", "hold_expired", "too_many_holds", "cancelled", "rescheduled", "waitlist_already", "waitlist_full",
            "waitlist_refused",
        ]
        guard let key, known.contains(key) else {
            return nil
        }
        return key
    }

    /// `POST /book/{m}/holds` (fields `service`, `staff`, `date`, `slot`): hold the slot, then show it.
    func hold(_ request: Request, _ visit: CustomerWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        let base = "/book/\(visit.merchant.id)"
        guard let serviceID = form["service"].flatMap(ServiceID.init),
            let slot = TimesPage.parseSlot(form["slot"])
        else { return web.redirect(base) }
        let back = "\(base)/times?service=\(serviceID)&staff=\(form["staff"] ?? "any")&date=\(form["date"] ?? "")"
        let wanted = NewHold(
            merchantID: visit.merchant.id, serviceID: serviceID, staffID: slot.0, startsAt: slot.1,
            customerID: session.customerID, liveHoldsPerCustomerMax: web.configuration.holdsPerCustomerMax)
        switch try await web.engine.createHold(wanted, web.command(session, now: visit.now)) {
        case .success(let hold): return web.redirect("\(base)/holds/\(hold.id)")
        case .failure(let rejection) where rejection.code == .tooManyHolds:
            return web.redirect(back + "&notice=too_many_holds")
        case .failure:
            // Taken meanwhile, or no longer bookable: fresh slots and a friendly word, never an error page.
            return web.redirect(back + "&notice=taken")
        }
    }

    /// The customer's own live hold named by the path.
    private func ownHold(_ context: NailbookContext, _ visit: CustomerWeb.Visit, _ session: CustomerSession) -> Hold? {
        guard let id = context.parameters.get("holdId").flatMap(HoldID.init),
            let hold = web.engine.hold(id, merchantID: visit.merchant.id), hold.customerID == session.customerID
        else { return nil }
        return hold
    }

    private func timesURL(_ visit: CustomerWeb.Visit, _ hold: Hold, staff: String, notice: String? = nil) -> String {
        let date = visit.merchant.zone.localDateTime(at: hold.startsAt).date
        return "/book/\(visit.merchant.id)/times?service=\(hold.serviceID)&staff=\(staff)&date=\(date)"
            + (notice.map { "&notice=" + $0 } ?? "")
    }

    /// `GET /book/{m}/holds/{h}`.
    func holdPage(_ context: NailbookContext, _ visit: CustomerWeb.Visit, _ session: CustomerSession) -> Response {
        let base = "/book/\(visit.merchant.id)"
        guard let hold = ownHold(context, visit, session) else { return web.redirect(base + "?notice=hold_expired") }
        guard hold.isLive(at: visit.now) else {
            return web.redirect(timesURL(visit, hold, staff: "any", notice: "hold_expired"))
        }
        let service = web.engine.service(hold.serviceID, merchantID: visit.merchant.id)
        let remaining = hold.expiresAt - visit.now
        let page = HoldPage(
            chrome: web.chrome(visit), service: service?.name ?? "",
            staff: web.engine.staff(hold.staffID, merchantID: visit.merchant.id)?.name ?? "",
            when: LocalFormat.dateTime(hold.startsAt, zone: visit.merchant.zone, visit.texts),
            price: LocalFormat.price(service?.price ?? 0, currency: visit.merchant.currency),
            remainingSeconds: remaining,
            remainingText: "\(remaining / 60):" + (remaining % 60 < 10 ? "0" : "") + "\(remaining % 60)",
            confirmURL: "\(base)/holds/\(hold.id)/confirm", releaseURL: "\(base)/holds/\(hold.id)/release",
            timesURL: timesURL(visit, hold, staff: "any"), noteMax: NewBooking.noteLengthMax)
        return web.page(page, "hold")
    }

    /// `POST /book/{m}/holds/{h}/confirm` (field `note`): the booking, with channel `liff`.
    func confirm(_ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        let base = "/book/\(visit.merchant.id)"
        guard let hold = ownHold(context, visit, session) else { return web.redirect(base + "?notice=hold_expired") }
        let note = String((form["note"] ?? "").prefix(NewBooking.noteLengthMax))
        let booking = NewBooking(
            merchantID: visit.merchant.id, serviceID: hold.serviceID, staffID: hold.staffID,
            customerID: session.customerID, startsAt: hold.startsAt, holdID: hold.id, note: note)
        switch try await web.engine.createBooking(booking, web.command(session, now: visit.now)) {
        case .success(let made): return web.redirect("\(base)/bookings/\(made.id)?notice=booked")
        case .failure(let rejection) where rejection.code == .holdExpired:
            return web.redirect(timesURL(visit, hold, staff: "any", notice: "hold_expired"))
        case .failure:
            return web.redirect(timesURL(visit, hold, staff: "any", notice: "taken"))
        }
    }

    /// `POST /book/{m}/holds/{h}/release`: give the slot back and choose again.
    func release(_ request: Request, _ context: NailbookContext, _ visit: CustomerWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let session: CustomerSession
        switch web.authorizeWrite(request, visit, form: form) {
        case .failure(let refusal): return refusal.response
        case .success(let allowed): session = allowed
        }
        guard let hold = ownHold(context, visit, session) else { return web.redirect("/book/\(visit.merchant.id)") }
        _ = try await web.engine.releaseHold(
            hold.id, merchantID: visit.merchant.id, web.command(session, now: visit.now))
        return web.redirect(timesURL(visit, hold, staff: "any"))
    }
}

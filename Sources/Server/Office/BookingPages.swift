import Core
import Foundation
import Hummingbird

/// A booking in the back-office: its details, history and actions (move, change technician, cancel with a
/// reason, complete, no-show), and the form that makes a new one from an empty calendar cell. Every change goes
/// through the engine's atomic commands, as the API's do; a conflict shows why.
struct BookingPages: Sendable {
    let web: OfficeWeb

    struct Option: Codable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct HistoryRow: Codable, Sendable {
        var at: String
        var action: String
        var who: String
    }

    /// The view model of `office-booking.mustache`.
    struct DetailPage: Codable, Sendable {
        var chrome: OfficeChrome
        var id: String
        var when: String
        var customer: String
        var phone: String?
        var service: String
        var technician: String
        var status: String
        var note: String?
        var cancelReason: String?
        var open: Bool
        /// Awaiting the salon's approval (approve and decline buttons).
        var pending: Bool
        var date: String
        var time: String
        var technicians: [Option]
        var history: [HistoryRow]
        var error: String?
        var calendar: String
    }

    /// The view model of `office-new-booking.mustache`.
    struct NewPage: Codable, Sendable {
        var chrome: OfficeChrome
        var when: String
        var technician: String
        var staff: String
        var start: String
        var services: [Option]
        /// Every active service, for the services that may follow in the same visit.
        var laterServices: [Option]
        var customers: [Option]
        var error: String?
    }

    /// A booking of the visitor's salon that the visitor may see (a staff account: its technician's only).
    func booking(_ context: NailbookContext, _ visit: OfficeWeb.Visit, merchant: Merchant) -> Booking? {
        guard let text = context.parameters.get("bookingId"), let id = BookingID(text),
            let booking = web.engine.booking(id, merchantID: merchant.id)
        else { return nil }
        if let only = visit.account?.staffOnly, booking.staffID != only { return nil }
        return booking
    }

    func detail(
        _ visit: OfficeWeb.Visit, merchant: Merchant, _ booking: Booking, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let zone = merchant.zone
        let engine = web.engine
        let customer = engine.customer(booking.customerID, merchantID: merchant.id)
        let staff = engine.staff(of: merchant.id).filter(\.isActive)
        let local = zone.localDateTime(at: booking.startsAt)
        let history = (engine.history(of: booking.id, merchantID: merchant.id) ?? []).map { change in
            HistoryRow(
                at: LocalFormat.dateTime(change.at, zone: zone, visit.texts), action: change.action.name,
                who: web.authorName(change.origin))
        }
        let page = DetailPage(
            chrome: web.chrome(visit, title: visit.texts["office_booking"], section: "calendar"),
            id: booking.id.description, when: LocalFormat.dateTime(booking.startsAt, zone: zone, visit.texts),
            customer: customer?.displayName ?? "", phone: customer?.phone,
            service: engine.serviceNames(of: booking), technician: engine.staffNames(of: booking),
            status: visit.texts["status_" + booking.shownStatus], note: booking.note.isEmpty ? nil : booking.note,
            cancelReason: booking.cancelReason, open: booking.status == .confirmed, pending: booking.awaitingApproval,
            date: local.date.description,
            time: LocalFormat.clock(minutes: local.secondsOfDay / 60),
            technicians: staff.map {
                Option(value: $0.id.description, label: $0.name, selected: $0.id == booking.staffID)
            }, history: history, error: error, calendar: "/office/calendar?date=\(local.date)")
        return web.page(page, "office-booking", status: status)
    }

    /// `POST /office/bookings/{id}/{action}`: cancel (field `reason`), complete, no-show, move (fields `date`,
    /// `time`, `staffId`; or `start` in seconds since the epoch and `staffId`, as a drag onto a free cell sends).
    func act(
        _ action: String, _ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ booking: Booking
    ) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        let engine = web.engine
        let context = web.command(visit)
        let result: Result<Booking, Rejection>
        switch action {
        case "cancel":
            let reason = (form["reason"] ?? "").isEmpty ? nil : form["reason"]
            result = try await engine.cancelBooking(booking.id, merchantID: merchant.id, reason: reason, context)
        case "complete":
            result = try await engine.completeBooking(booking.id, merchantID: merchant.id, context)
        case "approve":
            result = try await engine.approveBooking(booking.id, merchantID: merchant.id, context)
        case "decline" where booking.awaitingApproval:
            let reason = (form["reason"] ?? "").isEmpty ? visit.texts["office_declined_reason"] : form["reason"]
            result = try await engine.cancelBooking(booking.id, merchantID: merchant.id, reason: reason, context)
        case "no-show":
            result = try await engine.markNoShow(booking.id, merchantID: merchant.id, context)
        case "move" where form["start"] != nil:
            // A drag onto a free cell: the cell's start instant and technician.
            guard let seconds = form["start"].flatMap({ Int64($0) }) else {
                return detail(
                    visit, merchant: merchant, booking, error: visit.texts["office_bad_time"],
                    status: .unprocessableContent)
            }
            var staffID = form["staffId"].flatMap { StaffID($0) }
            if let only = visit.account?.staffOnly { staffID = only }
            let move = BookingMove(startsAt: Instant(secondsSinceEpoch: seconds), staffID: staffID)
            result = try await engine.rescheduleBooking(booking.id, merchantID: merchant.id, to: move, context)
        case "move":
            guard let date = LocalDate(form["date"] ?? ""), let time = TimeOfDay(form["time"] ?? "") else {
                return detail(
                    visit, merchant: merchant, booking, error: visit.texts["office_bad_time"],
                    status: .unprocessableContent)
            }
            var staffID = form["staffId"].flatMap { StaffID($0) }
            if let only = visit.account?.staffOnly { staffID = only }
            let move = BookingMove(startsAt: merchant.zone.instant(on: date, at: time.minutes), staffID: staffID)
            result = try await engine.rescheduleBooking(booking.id, merchantID: merchant.id, to: move, context)
        default:
            return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
        }
        switch result {
        case .success(let changed):
            return web.redirect("/office/bookings/\(changed.id)")
        case .failure(let rejection):
            return detail(
                visit, merchant: merchant, engine.booking(booking.id, merchantID: merchant.id) ?? booking,
                error: OfficeProblems.text(rejection, visit.texts), status: .conflict)
        }
    }

    /// `GET /office/bookings/new?staff=…&start=…`.
    func newForm(
        _ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let query = request.uri.queryParameters
        guard let staffID = query.get("staff").flatMap({ StaffID($0) }),
            let staff = web.engine.staff(staffID, merchantID: merchant.id),
            let seconds = query.get("start").flatMap({ Int64($0) })
        else { return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound) }
        if let only = visit.account?.staffOnly, only != staffID { return web.forbidden(visit) }
        let start = Instant(secondsSinceEpoch: seconds)
        let active = web.engine.services(of: merchant.id).filter(\.isActive)
        let services = active.filter { $0.staffIDs?.contains(staffID) ?? true }
        let customers = web.engine.customers(of: merchant.id).suffix(500).reversed().map {
            Option(
                value: $0.id.description, label: $0.displayName + ($0.phone.map { " · " + $0 } ?? ""), selected: false)
        }
        return web.page(
            NewPage(
                chrome: web.chrome(visit, title: visit.texts["office_new_booking"], section: "calendar"),
                when: LocalFormat.dateTime(start, zone: merchant.zone, visit.texts), technician: staff.name,
                staff: staffID.description, start: String(seconds),
                services: services.map { Self.option($0, merchant) },
                laterServices: active.map { Self.option($0, merchant) },
                customers: Array(customers), error: error),
            "office-new-booking", status: status)
    }

    static func option(_ service: Service, _ merchant: Merchant) -> Option {
        Option(
            value: service.id.description,
            label: service.name + " · \(service.durationMinutes) min · "
                + LocalFormat.price(service.price, currency: merchant.currency), selected: false)
    }

    /// `POST /office/bookings` (fields `staffId`, `start`, `serviceId`, optionally `then1` and `then2` — services
    /// that follow in the same visit, by the same technician when they do them, else anyone free — and
    /// `customerId` or a walk-in's `walkInName` and `walkInPhone`).
    func create(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let staffID = form["staffId"].flatMap({ StaffID($0) }),
            let seconds = form["start"].flatMap({ Int64($0) }),
            let serviceID = form["serviceId"].flatMap({ ServiceID($0) })
        else {
            return web.message(visit, title: "422", text: visit.texts["office_bad_time"], status: .unprocessableContent)
        }
        if let only = visit.account?.staffOnly, only != staffID { return web.forbidden(visit) }
        let engine = web.engine
        let context = web.command(visit)
        var customerID = form["customerId"].flatMap { CustomerID($0) }
        let walkIn = (form["walkInName"] ?? "").trimmingCharacters(in: .whitespaces)
        if !walkIn.isEmpty {
            let phone = (form["walkInPhone"] ?? "").trimmingCharacters(in: .whitespaces)
            switch try await engine.createCustomer(
                merchantID: merchant.id, CustomerDraft(displayName: walkIn, phone: phone.isEmpty ? nil : phone),
                context)
            {
            case .success(let customer): customerID = customer.id
            case .failure(let rejection):
                return web.message(
                    visit, title: "422", text: OfficeProblems.text(rejection, visit.texts),
                    status: .unprocessableContent)
            }
        }
        guard let customerID else {
            return web.message(
                visit, title: "422", text: visit.texts["office_pick_customer"], status: .unprocessableContent)
        }
        var request = NewBooking(
            merchantID: merchant.id, serviceID: serviceID, staffID: staffID, customerID: customerID,
            startsAt: Instant(secondsSinceEpoch: seconds))
        let later = ["then1", "then2"].compactMap { form[$0].flatMap { ServiceID($0) } }.compactMap {
            engine.service($0, merchantID: merchant.id)
        }
        if !later.isEmpty, let staff = engine.staff(staffID, merchantID: merchant.id) {
            request.items =
                [VisitItemRequest(serviceID: serviceID, staffID: staffID)]
                + later.map { VisitItemRequest(serviceID: $0.id, staffID: staff.canPerform($0) ? staffID : nil) }
        }
        switch try await engine.createBooking(request, context) {
        case .success(let booking): return web.redirect("/office/bookings/\(booking.id)")
        case .failure(let rejection):
            return web.message(
                visit, title: "409", text: OfficeProblems.text(rejection, visit.texts), status: .conflict)
        }
    }
}

/// The words a back-office page uses for an engine's refusal.
enum OfficeProblems {
    static func text(_ rejection: Rejection, _ texts: PageTexts) -> String {
        switch rejection.code {
        case .overlap: return texts["office_conflict_overlap"]
        case .outsideWorkingHours: return texts["office_conflict_hours"]
        case .outsideBookingWindow: return texts["office_conflict_window"]
        case .invalidStateTransition: return texts["office_conflict_state"]
        case .resourceUnavailable: return texts["office_conflict_resource"]
        default: return rejection.detail
        }
    }
}

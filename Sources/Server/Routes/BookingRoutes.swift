import Core
import HTTPTypes
import Hummingbird

/// `/v1/merchants/{m}/bookings`: book, list, read, history, and the status changes.
struct BookingRoutes {
    let api: API

    struct CreateBody: Decodable {
        var serviceId: String?
        var staffId: String?
        var items: [ItemBody]?
        var parallel: Bool?
        var startsAt: String
        var customerId: String
        var holdId: String?
        var note: String?
        var allowOutsideWorkingHours: Bool?
    }

    /// One service of a visit.
    struct ItemBody: Decodable {
        var serviceId: String
        var staffId: String?
    }

    struct CancelBody: Decodable { var reason: String? }

    struct RescheduleBody: Decodable {
        var startsAt: String
        var staffId: String?
        var allowOutsideWorkingHours: Bool?
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/bookings") { request, context in
            let merchant = try api.merchant(context)
            let started = ContinuousClock.now
            do {
                let response = try await create(request, context, merchant)
                record(merchant, problem: nil, since: started)
                return response
            } catch let problem as Problem {
                record(merchant, problem: problem, since: started)
                throw problem
            } catch {
                record(merchant, problem: Problem(.internalServerError, code: "internal", detail: ""), since: started)
                throw error
            }
        }
        registerQueries(on: router)
        registerChanges(on: router)
    }

    private func create(_ request: Request, _ context: NailbookContext, _ merchant: Merchant) async throws -> Response {
        let body = try await RequestBody.decode(CreateBody.self, from: request, context: context)
        let items = try Self.items(of: body)
        var booking = NewBooking(
            merchantID: merchant.id,
            serviceID: items[0].serviceID,
            staffID: items[0].staffID,
            customerID: try Parse.id(body.customerId, field: "customerId"),
            startsAt: try Parse.instant(body.startsAt, field: "startsAt"),
            holdID: try body.holdId.map { try Parse.id($0, field: "holdId") },
            note: body.note ?? "",
            allowOutsideWorkingHours: body.allowOutsideWorkingHours ?? false,
            idempotencyKey: request.headers[Self.idempotencyKey]
        )
        if items.count > 1 {
            booking.items = items
            booking.parallel = body.parallel ?? false
        }
        let created = try await api.engine.createBooking(booking, api.command(context)).orProblem()
        return JSONResponse.make(.created) { json in json.booking(created, zone: merchant.zone) }
    }

    /// The services asked for: `serviceId` (and `staffId`) for one, or `items` for a visit (one item is the same
    /// as `serviceId`).
    static func items(of body: CreateBody) throws -> [VisitItemRequest] {
        switch (body.serviceId, body.items) {
        case (.some(let serviceID), .none):
            guard body.parallel == nil else { throw Problem.invalid("parallel", "parallel goes with items") }
            return [
                VisitItemRequest(
                    serviceID: try Parse.id(serviceID, field: "serviceId"),
                    staffID: try body.staffId.map { try Parse.id($0, field: "staffId") })
            ]
        case (.none, .some(let items)):
            guard body.staffId == nil else { throw Problem.invalid("staffId", "give each item its staffId") }
            guard (1...VisitItem.perVisitMax).contains(items.count) else {
                throw Problem.invalid("items", "a visit has 1 to \(VisitItem.perVisitMax) items")
            }
            return try items.map { item in
                VisitItemRequest(
                    serviceID: try Parse.id(item.serviceId, field: "items"),
                    staffID: try item.staffId.map { try Parse.id($0, field: "items") })
            }
        case (.some, .some): throw Problem.invalid("items", "give serviceId or items, not both")
        case (.none, .none): throw Problem.invalid("serviceId", "serviceId is required")
        }
    }

    private func record(_ merchant: Merchant, problem: Problem?, since started: ContinuousClock.Instant) {
        let seconds = (ContinuousClock.now - started).inSeconds
        api.metrics.bookingAttempt(
            merchantID: merchant.id, status: ServerMetrics.bookingStatus(for: problem), seconds: seconds)
    }

    private func registerQueries(on router: RouterGroup<NailbookContext>) {
        router.get("merchants/:merchantId/bookings") { request, context in
            let merchant = try api.merchant(context)
            let page = api.engine.bookings(try query(request, merchant: merchant))
            return JSONResponse.make { json in
                json.object { json in
                    json.field("bookings") { json in
                        json.array(page.bookings) { json, booking in json.booking(booking, zone: merchant.zone) }
                    }
                    json.field("nextCursor", page.next.map(Self.cursorText))
                }
            }
        }
        router.get("merchants/:merchantId/bookings/:bookingId") { _, context in
            let (merchant, booking, archived) = try foundOrArchived(context)
            return JSONResponse.make { json in json.booking(booking, zone: merchant.zone, archived: archived != nil) }
        }
        router.get("merchants/:merchantId/bookings/:bookingId/history") { _, context in
            let (merchant, booking, archived) = try foundOrArchived(context)
            let history = archived?.history ?? api.engine.history(of: booking.id, merchantID: merchant.id) ?? []
            return JSONResponse.make { json in
                json.object { json in
                    json.field("events") { json in
                        json.array(history) { json, change in json.change(change, zone: merchant.zone) }
                    }
                }
            }
        }
    }

    private func registerChanges(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/bookings/:bookingId/cancel") { request, context in
            let (merchant, booking) = try found(context)
            let body = try await RequestBody.decode(
                CancelBody.self, from: request, context: context, emptyIsObject: true)
            let changed = try await api.engine.cancelBooking(
                booking.id,
                merchantID: merchant.id,
                reason: body.reason,
                api.command(context)
            ).orProblem()
            return JSONResponse.make { json in json.booking(changed, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/bookings/:bookingId/reschedule") { request, context in
            let (merchant, booking) = try found(context)
            let body = try await RequestBody.decode(RescheduleBody.self, from: request, context: context)
            let move = BookingMove(
                startsAt: try Parse.instant(body.startsAt, field: "startsAt"),
                staffID: try body.staffId.map { try Parse.id($0, field: "staffId") },
                allowOutsideWorkingHours: body.allowOutsideWorkingHours ?? false
            )
            let changed = try await api.engine.rescheduleBooking(
                booking.id,
                merchantID: merchant.id,
                to: move,
                api.command(context)
            ).orProblem()
            return JSONResponse.make { json in json.booking(changed, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/bookings/:bookingId/complete") { _, context in
            let (merchant, booking) = try found(context)
            let changed = try await api.engine.completeBooking(
                booking.id, merchantID: merchant.id, api.command(context)
            )
            .orProblem()
            return JSONResponse.make { json in json.booking(changed, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/bookings/:bookingId/approve") { _, context in
            let (merchant, booking) = try found(context)
            let changed = try await api.engine.approveBooking(booking.id, merchantID: merchant.id, api.command(context))
                .orProblem()
            return JSONResponse.make { json in json.booking(changed, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/bookings/:bookingId/decline") { request, context in
            // Declining a booking that waited for approval cancels it; the customer hears why.
            let (merchant, booking) = try found(context)
            let body = try await RequestBody.decode(
                CancelBody.self, from: request, context: context, emptyIsObject: true)
            guard booking.awaitingApproval else {
                throw Problem(
                    .conflict, code: "invalid_state_transition", detail: "the booking is not awaiting approval")
            }
            let changed = try await api.engine.cancelBooking(
                booking.id, merchantID: merchant.id, reason: body.reason ?? "declined by the salon",
                api.command(context)
            ).orProblem()
            return JSONResponse.make { json in json.booking(changed, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/bookings/:bookingId/no-show") { _, context in
            let (merchant, booking) = try found(context)
            let changed = try await api.engine.markNoShow(booking.id, merchantID: merchant.id, api.command(context))
                .orProblem()
            return JSONResponse.make { json in json.booking(changed, zone: merchant.zone) }
        }
    }

    /// A booking in memory, or else read back from the archive (with its entry).
    private func foundOrArchived(_ context: NailbookContext) throws -> (Merchant, Booking, ArchivedBooking?) {
        let merchant = try api.merchant(context)
        let id: BookingID = try api.pathID("bookingId", context)
        if let booking = api.engine.booking(id, merchantID: merchant.id) { return (merchant, booking, nil) }
        guard let archived = try api.archivedBooking(id, merchantID: merchant.id) else {
            throw Problem.notFound("booking")
        }
        return (merchant, archived.booking, archived)
    }

    private func found(_ context: NailbookContext) throws -> (Merchant, Booking) {
        let merchant = try api.merchant(context)
        let id: BookingID = try api.pathID("bookingId", context)
        guard let booking = api.engine.booking(id, merchantID: merchant.id) else { throw Problem.notFound("booking") }
        return (merchant, booking)
    }

    private func query(_ request: Request, merchant: Merchant) throws -> BookingQuery {
        let parameters = request.uri.queryParameters
        var query = BookingQuery(merchantID: merchant.id)
        query.from = try parameters.get("from").map { try Parse.instant($0, field: "from") }
        query.to = try parameters.get("to").map { try Parse.instant($0, field: "to") }
        query.staffID = try parameters.get("staffId").map { try Parse.id($0, field: "staffId") }
        query.customerID = try parameters.get("customerId").map { try Parse.id($0, field: "customerId") }
        if let status = parameters.get("status") {
            guard let parsed = BookingStatus(name: status) else {
                throw Problem.invalid("status", "status must be confirmed, completed, cancelled or no_show")
            }
            query.status = parsed
        }
        if let limit = parameters.get("limit") {
            guard let parsed = Int(limit), (1...BookingQuery.limitMax).contains(parsed) else {
                throw Problem.invalid("limit", "limit must be 1 to \(BookingQuery.limitMax)")
            }
            query.limit = parsed
        }
        if let cursor = parameters.get("cursor") {
            guard let parsed = Self.cursor(cursor) else { throw Problem.invalid("cursor", "cursor is not valid") }
            query.after = parsed
        }
        return query
    }

    static func cursorText(_ cursor: BookingCursor) -> String {
        "c\(cursor.startsAt.secondsSinceEpoch)_\(cursor.id)"
    }

    static func cursor(_ text: String) -> BookingCursor? {
        guard text.hasPrefix("c"), let separator = text.firstIndex(of: "_") else { return nil }
        guard let seconds = Int64(text[text.index(after: text.startIndex)..<separator]),
            let id = BookingID(String(text[text.index(after: separator)...]))
        else { return nil }
        return BookingCursor(startsAt: Instant(secondsSinceEpoch: seconds), id: id)
    }
}

extension BookingRoutes.CreateBody: FlatDecodable {
    init?(flat object: FlatJSONObject) {
        guard case .string(let startsAt)? = object["startsAt"], case .string(let customerId)? = object["customerId"],
            let serviceId = object.string("serviceId"), let staffId = object.string("staffId"),
            let parallel = object.bool("parallel"), let holdId = object.string("holdId"),
            let note = object.string("note"), let allowOutside = object.bool("allowOutsideWorkingHours"),
            object.lacks("items")
        else { return nil }
        self.serviceId = serviceId
        self.staffId = staffId
        self.parallel = parallel
        self.startsAt = startsAt
        self.customerId = customerId
        self.holdId = holdId
        self.note = note
        self.allowOutsideWorkingHours = allowOutside
    }
}

import Core
import Hummingbird

/// `/v1/merchants/{m}/waitlist`: customers waiting for a slot to free up, and the offers made to them.
struct WaitlistRoutes {
    let api: API

    struct JoinBody: Decodable {
        var customerId: String
        var serviceId: String?
        var staffId: String?
        var items: [BookingRoutes.ItemBody]?
        var from: String
        var to: String
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/waitlist") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(JoinBody.self, from: request, context: context)
            let item = try Self.service(of: body)
            let join = NewWaitlistEntry(
                merchantID: merchant.id, customerID: try Parse.id(body.customerId, field: "customerId"),
                serviceID: item.serviceID, staffID: item.staffID, from: try Parse.instant(body.from, field: "from"),
                to: try Parse.instant(body.to, field: "to"))
            let entry = try await api.engine.joinWaitlist(join, api.command(context)).orProblem()
            return entryResponse(entry, merchant, status: .created)
        }
        router.get("merchants/:merchantId/waitlist") { request, context in
            let merchant = try api.merchant(context)
            let parameters = request.uri.queryParameters
            let customerID: CustomerID? = try parameters.get("customerId").map {
                try Parse.id($0, field: "customerId")
            }
            let openOnly: Bool
            switch parameters.get("status") {
            case nil, "all": openOnly = false
            case "open": openOnly = true
            default: throw Problem.invalid("status", "status is open or all")
            }
            let entries = api.engine.waitlist(of: merchant.id, customerID: customerID, openOnly: openOnly)
            let holds = api.engine.store.read { state in entries.compactMap { $0.offerHoldID.flatMap { state.ledger.holds[$0] } } }
            return JSONResponse.make { json in
                json.object { json in
                    json.field("entries") { json in
                        json.array(entries) { json, entry in
                            json.waitlistEntry(
                                entry, offer: holds.first { $0.id == entry.offerHoldID }, zone: merchant.zone)
                        }
                    }
                }
            }
        }
        router.get("merchants/:merchantId/waitlist/:entryId") { _, context in
            let (merchant, entry) = try found(context)
            return entryResponse(entry, merchant)
        }
        router.delete("merchants/:merchantId/waitlist/:entryId") { _, context in
            let (merchant, entry) = try found(context)
            let left = try await api.engine.leaveWaitlist(entry.id, merchantID: merchant.id, api.command(context))
                .orProblem()
            return entryResponse(left, merchant)
        }
        router.post("merchants/:merchantId/waitlist/:entryId/decline") { _, context in
            let (merchant, entry) = try found(context)
            guard entry.status == .offered else {
                throw Problem(Rejection(.invalidStateTransition, "no offer is open for this entry"))
            }
            let declined = try await api.engine.leaveWaitlist(entry.id, merchantID: merchant.id, api.command(context))
                .orProblem()
            return entryResponse(declined, merchant)
        }
        router.post("merchants/:merchantId/waitlist/:entryId/accept") { _, context in
            let (merchant, entry) = try found(context)
            let booking = try await api.engine.acceptWaitlistOffer(
                entry.id, merchantID: merchant.id, api.command(context)
            ).orProblem()
            return JSONResponse.make(entry.status == .booked ? .ok : .created) { json in
                json.booking(booking, zone: merchant.zone)
            }
        }
    }

    /// The one service an entry waits for: `serviceId` (with `staffId`), or `items` with exactly one item.
    static func service(of body: JoinBody) throws -> VisitItemRequest {
        switch (body.serviceId, body.items) {
        case (.some(let serviceID), .none):
            return VisitItemRequest(
                serviceID: try Parse.id(serviceID, field: "serviceId"),
                staffID: try body.staffId.map { try Parse.id($0, field: "staffId") })
        case (.none, .some(let items)):
            guard body.staffId == nil else { throw Problem.invalid("staffId", "give each item its staffId") }
            guard items.count == 1, let item = items.first else {
                throw Problem.invalid("items", "a waitlist entry waits for one service; book visits of several directly")
            }
            return VisitItemRequest(
                serviceID: try Parse.id(item.serviceId, field: "items"),
                staffID: try item.staffId.map { try Parse.id($0, field: "items") })
        case (.some, .some): throw Problem.invalid("items", "give serviceId or items, not both")
        case (.none, .none): throw Problem.invalid("serviceId", "serviceId is required")
        }
    }

    private func entryResponse(
        _ entry: WaitlistEntry, _ merchant: Merchant, status: HTTPResponse.Status = .ok
    ) -> Response {
        let offer = entry.offerHoldID.flatMap { id in api.engine.store.read { $0.ledger.holds[id] } }
        return JSONResponse.make(status) { json in json.waitlistEntry(entry, offer: offer, zone: merchant.zone) }
    }

    private func found(_ context: NailbookContext) throws -> (Merchant, WaitlistEntry) {
        let merchant = try api.merchant(context)
        let id: WaitlistEntryID = try api.pathID("entryId", context)
        guard let entry = api.engine.waitlistEntry(id, merchantID: merchant.id) else {
            throw Problem.notFound("waitlist entry")
        }
        return (merchant, entry)
    }
}

extension JSONWriter {
    /// A waitlist entry; `offer` is the hold of its outstanding offer (the slot, until when it is kept).
    mutating func waitlistEntry(_ entry: WaitlistEntry, offer: Hold?, zone: ZoneRules) {
        object { json in
            json.field("id", entry.id.description)
            json.field("merchantId", entry.merchantID.description)
            json.field("customerId", entry.customerID.description)
            json.field("serviceId", entry.serviceID.description)
            json.field("staffId", entry.staffID?.description)
            json.time("from", entry.from, zone)
            json.time("to", entry.to, zone)
            json.time("joinedAt", entry.joinedAt, zone)
            json.field("status", entry.status.name)
            json.time("closedAt", entry.closedAt, zone)
            json.field("bookingId", entry.status == .booked ? entry.offeredBookingID?.description : nil)
            guard let holdID = entry.offerHoldID else { return json.field("offer", String?.none) }
            let hold = offer?.id == holdID ? offer : nil
            json.field("offer") { json in
                json.object { json in
                    json.field("holdId", holdID.description)
                    json.field("bookingId", entry.offeredBookingID?.description)
                    json.field("staffId", hold?.staffID.description)
                    json.time("startsAt", hold?.startsAt, zone)
                    json.time("endsAt", hold?.endsAt, zone)
                    json.time("expiresAt", hold?.expiresAt, zone)
                }
            }
        }
    }
}

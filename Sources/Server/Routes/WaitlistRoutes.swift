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
        var parallel: Bool?
        var from: String
        var to: String
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/waitlist") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(JoinBody.self, from: request, context: context)
            let items = try Self.items(of: body)
            var join = NewWaitlistEntry(
                merchantID: merchant.id, customerID: try Parse.id(body.customerId, field: "customerId"),
                serviceID: items[0].serviceID, staffID: items[0].staffID,
                from: try Parse.instant(body.from, field: "from"), to: try Parse.instant(body.to, field: "to"))
            if items.count > 1 {
                join.items = items
                join.parallel = body.parallel ?? false
            }
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
            let holds = api.engine.store.read { state in
                entries.compactMap { $0.offerHoldID.flatMap { state.ledger.holds[$0] } }
            }
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

    /// What an entry waits for: `serviceId` (with `staffId`), or `items` (one item is the same as `serviceId`).
    static func items(of body: JoinBody) throws -> [VisitItemRequest] {
        var booking = BookingRoutes.CreateBody(
            serviceId: body.serviceId, staffId: body.staffId, items: body.items, parallel: body.parallel, startsAt: "",
            customerId: body.customerId)
        if body.items?.count == 1 { booking.parallel = nil }
        return try BookingRoutes.items(of: booking)
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
            json.field("items") { json in
                json.array(entry.items) { json, item in
                    json.object { json in
                        json.field("serviceId", item.serviceID.description)
                        json.field("staffId", item.staffID?.description)
                    }
                }
            }
            json.field("parallel", entry.parallel)
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
                    json.field("items") { json in
                        json.array(hold?.items ?? []) { json, item in
                            json.object { json in
                                json.field("serviceId", item.serviceID.description)
                                json.field("staffId", item.staffID.description)
                                json.time("startsAt", item.startsAt, zone)
                                json.time("endsAt", item.endsAt, zone)
                            }
                        }
                    }
                }
            }
        }
    }
}

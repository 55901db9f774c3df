import Core
import Hummingbird

/// `GET /v1/merchants/{m}/availability?serviceId=&date=&staffId=`: the free slots of one local date.
struct AvailabilityRoutes {
    let api: API

    func register(on router: RouterGroup<NailbookContext>) {
        router.get("merchants/:merchantId/availability") { request, context in
            let merchant = try api.merchant(context)
            let query = request.uri.queryParameters
            guard let serviceText = query.get("serviceId") else {
                throw Problem.invalid("serviceId", "serviceId is required")
            }
            guard let dateText = query.get("date") else { throw Problem.invalid("date", "date is required") }
            let question = AvailabilityQuery(
                merchantID: merchant.id,
                serviceID: try Parse.id(serviceText, field: "serviceId"),
                date: try Parse.date(dateText, field: "date"),
                staffID: try query.get("staffId").map { try Parse.id($0, field: "staffId") }
            )
            let availability = try await api.engine.availability(question, now: api.clock()).orProblem()
            return JSONResponse.make { json in
                json.object { json in
                    json.field("date", availability.date.description)
                    json.field("timeZone", merchant.zone.identifier)
                    json.field("slots") { json in
                        json.array(availability.slots) { json, slot in
                            json.object { json in
                                json.id("staffId", slot.staffID)
                                json.time("startsAt", slot.startsAt, merchant.zone)
                                json.time("endsAt", slot.endsAt, merchant.zone)
                            }
                        }
                    }
                }
            }
        }
        router.get("merchants/:merchantId/visit-availability") { request, context in
            let merchant = try api.merchant(context)
            let query = request.uri.queryParameters
            guard let itemsText = query.get("items") else { throw Problem.invalid("items", "items is required") }
            guard let dateText = query.get("date") else { throw Problem.invalid("date", "date is required") }
            let question = VisitAvailabilityQuery(
                merchantID: merchant.id, items: try Self.items(itemsText),
                parallel: try Self.flag(query.get("parallel"), field: "parallel"),
                date: try Parse.date(dateText, field: "date"))
            let slots = try await api.engine.visitAvailability(question, now: api.clock()).orProblem()
            return JSONResponse.make { json in
                json.object { json in
                    json.field("date", question.date.description)
                    json.field("timeZone", merchant.zone.identifier)
                    json.field("slots") { json in
                        json.array(slots) { json, slot in
                            json.object { json in
                                json.time("startsAt", slot.startsAt, merchant.zone)
                                json.time("endsAt", slot.endsAt, merchant.zone)
                                json.field("items") { json in
                                    json.array(slot.items) { json, item in
                                        json.object { json in
                                            json.field("serviceId", item.serviceID.description)
                                            json.field("staffId", item.staffID.description)
                                            json.time("startsAt", item.startsAt, merchant.zone)
                                            json.time("endsAt", item.endsAt, merchant.zone)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `svc_a,svc_b:stf_x,…`: each service, with its technician after a colon when one is named.
    static func items(_ text: String) throws -> [VisitItemRequest] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard (2...VisitItem.perVisitMax).contains(parts.count) else {
            throw Problem.invalid("items", "items lists 2 to \(VisitItem.perVisitMax) services")
        }
        return try parts.map { part in
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw Problem.invalid("items", "an item is serviceId or serviceId:staffId") }
            return VisitItemRequest(
                serviceID: try Parse.id(String(pieces[0]), field: "items"),
                staffID: try pieces.count == 2 ? Parse.id(String(pieces[1]), field: "items") : nil)
        }
    }

    /// `true` or `false` (absent: false).
    static func flag(_ text: String?, field: String) throws -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        default: throw Problem.invalid(field, "\(field) must be true or false")
        }
    }
}

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
                                json.field("staffId", slot.staffID.description)
                                json.time("startsAt", slot.startsAt, merchant.zone)
                                json.time("endsAt", slot.endsAt, merchant.zone)
                            }
                        }
                    }
                }
            }
        }
    }
}

import Core
import Hummingbird

/// `/v1/merchants/{m}/holds`: hold a slot while the customer confirms; release it.
struct HoldRoutes {
    let api: API

    struct CreateBody: Decodable {
        var serviceId: String
        var staffId: String
        var startsAt: String
        var customerId: String?
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/holds") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(CreateBody.self, from: request, context: context)
            let request = NewHold(
                merchantID: merchant.id,
                serviceID: try Parse.id(body.serviceId, field: "serviceId"),
                staffID: try Parse.id(body.staffId, field: "staffId"),
                startsAt: try Parse.instant(body.startsAt, field: "startsAt"),
                customerID: try body.customerId.map { try Parse.id($0, field: "customerId") }
            )
            let hold = try await api.engine.createHold(request, api.command(context)).orProblem()
            return JSONResponse.make(.created) { json in json.hold(hold, zone: merchant.zone) }
        }
        router.delete("merchants/:merchantId/holds/:holdId") { _, context in
            let merchant = try api.merchant(context)
            let id: HoldID = try api.pathID("holdId", context)
            try await api.engine.releaseHold(id, merchantID: merchant.id, api.command(context)).orProblem()
            return JSONResponse.noContent()
        }
    }
}

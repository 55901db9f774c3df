import Core
import Hummingbird

/// `/v1/merchants/{m}/customers`: the salon's customers, usually known by LINE user id.
struct CustomerRoutes {
    let api: API

    struct CreateBody: Decodable {
        var displayName: String
        var lineUserId: String?
        var phone: String?
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/customers") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(CreateBody.self, from: request, context: context)
            let draft = CustomerDraft(displayName: body.displayName, lineUserID: body.lineUserId, phone: body.phone)
            let customer = try await api.engine.createCustomer(merchantID: merchant.id, draft, api.command(context))
                .orProblem()
            return JSONResponse.make(.created) { json in json.customer(customer, zone: merchant.zone) }
        }
        router.get("merchants/:merchantId/customers") { request, context in
            let merchant = try api.merchant(context)
            let customers: [Customer]
            if let lineUserID = request.uri.queryParameters.get("lineUserId") {
                customers = api.engine.customer(lineUserID: lineUserID, merchantID: merchant.id).map { [$0] } ?? []
            } else {
                customers = api.engine.customers(of: merchant.id)
            }
            return JSONResponse.make { json in
                json.object { json in
                    json.field("customers") { json in
                        json.array(customers) { json, customer in json.customer(customer, zone: merchant.zone) }
                    }
                    json.field("nextCursor", String?.none)
                }
            }
        }
        router.get("merchants/:merchantId/customers/:customerId") { _, context in
            let merchant = try api.merchant(context)
            let id: CustomerID = try api.pathID("customerId", context)
            guard let customer = api.engine.customer(id, merchantID: merchant.id) else {
                throw Problem.notFound("customer")
            }
            return JSONResponse.make { json in json.customer(customer, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/customers/:customerId/erase") { _, context in
            let merchant = try api.merchant(context)
            let id: CustomerID = try api.pathID("customerId", context)
            let customer = try await api.engine.eraseCustomer(id, merchantID: merchant.id, api.command(context))
                .orProblem()
            return JSONResponse.make { json in json.customer(customer, zone: merchant.zone) }
        }
        router.post("merchants/:merchantId/customers/:customerId/clear-record") { _, context in
            // The salon forgives: no-shows and late cancellations so far stop counting under its policy.
            let merchant = try api.merchant(context)
            let id: CustomerID = try api.pathID("customerId", context)
            let customer = try await api.engine.clearStrikes(id, merchantID: merchant.id, api.command(context))
                .orProblem()
            return JSONResponse.make { json in json.customer(customer, zone: merchant.zone) }
        }
    }
}

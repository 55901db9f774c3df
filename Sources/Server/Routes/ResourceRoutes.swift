import Core
import Hummingbird

/// `/v1/merchants/{m}/resources`: what a salon has fewer of than technicians (pedicure chairs, UV lamps, a room).
struct ResourceRoutes {
    let api: API

    struct ResourceBody: Decodable {
        var name: String?
        var capacity: Int?

        func applied(to draft: ResourceDraft) -> ResourceDraft {
            ResourceDraft(name: name ?? draft.name, capacity: capacity ?? draft.capacity)
        }
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/resources") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(ResourceBody.self, from: request, context: context)
            guard body.name != nil else { throw Problem.invalid("name", "name is required") }
            guard body.capacity != nil else { throw Problem.invalid("capacity", "capacity is required") }
            let draft = body.applied(to: ResourceDraft(name: "", capacity: 0))
            let resource = try await api.engine.createResource(merchantID: merchant.id, draft, api.command(context))
                .orProblem()
            return JSONResponse.make(.created) { json in json.resource(resource) }
        }
        router.get("merchants/:merchantId/resources") { _, context in
            let merchant = try api.merchant(context)
            let resources = api.engine.resources(of: merchant.id)
            return JSONResponse.make { json in
                json.object { json in
                    json.field("resources") { json in
                        json.array(resources) { json, resource in json.resource(resource) }
                    }
                }
            }
        }
        router.get("merchants/:merchantId/resources/:resourceId") { _, context in
            let (_, resource) = try found(context)
            return JSONResponse.make { json in json.resource(resource) }
        }
        router.patch("merchants/:merchantId/resources/:resourceId") { request, context in
            let (merchant, resource) = try found(context)
            let body = try await RequestBody.decode(ResourceBody.self, from: request, context: context)
            let draft = body.applied(to: ResourceDraft(name: resource.name, capacity: resource.capacity))
            let updated = try await api.engine.updateResource(
                resource.id, merchantID: merchant.id, draft, api.command(context)
            ).orProblem()
            return JSONResponse.make { json in json.resource(updated) }
        }
    }

    private func found(_ context: NailbookContext) throws -> (Merchant, Resource) {
        let merchant = try api.merchant(context)
        let id: ResourceID = try api.pathID("resourceId", context)
        guard let resource = api.engine.resource(id, merchantID: merchant.id) else {
            throw Problem.notFound("resource")
        }
        return (merchant, resource)
    }
}

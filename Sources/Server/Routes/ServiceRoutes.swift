import Core
import Hummingbird

/// `/v1/merchants/{m}/services`: the menu.
struct ServiceRoutes {
    let api: API

    struct ServiceBody: Decodable {
        var name: String?
        var durationMinutes: Int?
        var bufferBeforeMinutes: Int?
        var bufferAfterMinutes: Int?
        var price: Int?
        var active: Bool?
        var staffIds: Patch<[String]>
        var resourceIds: [String]?
        var resourceNeeds: [NeedBody]?

        /// A resource the service uses for a part of its duration (whole duration when both numbers are left out).
        struct NeedBody: Decodable {
            var resourceId: String
            var offsetMinutes: Int?
            var minutes: Int?
        }

        enum CodingKeys: String, CodingKey {
            case name, durationMinutes, bufferBeforeMinutes, bufferAfterMinutes, price, active, staffIds
            case resourceIds, resourceNeeds
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            durationMinutes = try container.decodeIfPresent(Int.self, forKey: .durationMinutes)
            bufferBeforeMinutes = try container.decodeIfPresent(Int.self, forKey: .bufferBeforeMinutes)
            bufferAfterMinutes = try container.decodeIfPresent(Int.self, forKey: .bufferAfterMinutes)
            price = try container.decodeIfPresent(Int.self, forKey: .price)
            active = try container.decodeIfPresent(Bool.self, forKey: .active)
            staffIds = try container.decodePatch([String].self, forKey: .staffIds)
            resourceIds = try container.decodeIfPresent([String].self, forKey: .resourceIds)
            resourceNeeds = try container.decodeIfPresent([NeedBody].self, forKey: .resourceNeeds)
        }

        func applied(to draft: ServiceDraft) throws -> ServiceDraft {
            var draft = draft
            draft.name = name ?? draft.name
            draft.durationMinutes = durationMinutes ?? draft.durationMinutes
            draft.bufferBeforeMinutes = bufferBeforeMinutes ?? draft.bufferBeforeMinutes
            draft.bufferAfterMinutes = bufferAfterMinutes ?? draft.bufferAfterMinutes
            draft.price = price ?? draft.price
            draft.isActive = active ?? draft.isActive
            draft.staffIDs = try staffIds.applied(to: draft.staffIDs.map { $0.map(\.description) }).map {
                Set(try $0.map { try Parse.id($0, field: "staffIds", as: StaffID.self) })
            }
            switch (resourceIds, resourceNeeds) {
            case (.some, .some):
                throw Problem.invalid("resourceIds", "give resourceIds or resourceNeeds, not both")
            case (.some(let ids), .none):
                draft.resourceNeeds = try ids.map {
                    ResourceNeed(resourceID: try Parse.id($0, field: "resourceIds", as: ResourceID.self))
                }
            case (.none, .some(let needs)):
                draft.resourceNeeds = try needs.map { need in
                    ResourceNeed(
                        resourceID: try Parse.id(need.resourceId, field: "resourceNeeds", as: ResourceID.self),
                        offsetMinutes: need.offsetMinutes ?? 0, minutes: need.minutes)
                }
            case (.none, .none):
                break
            }
            return draft
        }
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/services") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(ServiceBody.self, from: request, context: context)
            guard body.name != nil else { throw Problem.invalid("name", "name is required") }
            guard body.durationMinutes != nil else {
                throw Problem.invalid("durationMinutes", "durationMinutes is required")
            }
            let draft = try body.applied(to: ServiceDraft(name: "", durationMinutes: 0))
            let service = try await api.engine.createService(merchantID: merchant.id, draft, api.command(context))
                .orProblem()
            return JSONResponse.make(.created) { json in json.service(service) }
        }
        router.get("merchants/:merchantId/services") { _, context in
            let merchant = try api.merchant(context)
            let services = api.engine.services(of: merchant.id)
            return JSONResponse.make { json in
                json.object { json in
                    json.field("services") { json in json.array(services) { json, service in json.service(service) } }
                    json.field("nextCursor", String?.none)
                }
            }
        }
        router.get("merchants/:merchantId/services/:serviceId") { _, context in
            let (_, service) = try found(context)
            return JSONResponse.make { json in json.service(service) }
        }
        router.patch("merchants/:merchantId/services/:serviceId") { request, context in
            let (merchant, service) = try found(context)
            let body = try await RequestBody.decode(ServiceBody.self, from: request, context: context)
            let draft = try body.applied(to: ServiceDraft(service))
            let updated = try await api.engine.updateService(
                service.id,
                merchantID: merchant.id,
                draft,
                api.command(context)
            ).orProblem()
            return JSONResponse.make { json in json.service(updated) }
        }
    }

    private func found(_ context: NailbookContext) throws -> (Merchant, Service) {
        let merchant = try api.merchant(context)
        let id: ServiceID = try api.pathID("serviceId", context)
        guard let service = api.engine.service(id, merchantID: merchant.id) else { throw Problem.notFound("service") }
        return (merchant, service)
    }
}

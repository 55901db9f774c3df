import Core
import Hummingbird

/// `/v1/merchants/{m}/staff`: technicians, their weekly hours and their time off.
struct StaffRoutes {
    let api: API

    struct WindowBody: Decodable {
        var weekday: Int
        var start: String
        var end: String
    }

    struct StaffBody: Decodable {
        var name: String?
        var active: Bool?
        var workingHours: [WindowBody]?
        var serviceIds: Patch<[String]>

        enum CodingKeys: String, CodingKey { case name, active, workingHours, serviceIds }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            active = try container.decodeIfPresent(Bool.self, forKey: .active)
            workingHours = try container.decodeIfPresent([WindowBody].self, forKey: .workingHours)
            serviceIds = try container.decodePatch([String].self, forKey: .serviceIds)
        }

        func applied(to draft: StaffDraft) throws -> StaffDraft {
            var draft = draft
            draft.name = name ?? draft.name
            draft.isActive = active ?? draft.isActive
            if let workingHours {
                draft.workingHours = try workingHours.enumerated().map { index, window in
                    WorkingWindow(
                        weekday: window.weekday,
                        start: try Parse.timeOfDay(window.start, field: "workingHours[\(index)].start"),
                        end: try Parse.timeOfDay(window.end, field: "workingHours[\(index)].end")
                    )
                }
            }
            draft.serviceIDs = try serviceIds.applied(to: draft.serviceIDs.map { $0.map(\.description) }).map {
                Set(try $0.map { try Parse.id($0, field: "serviceIds", as: ServiceID.self) })
            }
            return draft
        }
    }

    struct TimeOffBody: Decodable {
        var startsAt: String
        var endsAt: String
        var reason: String?
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/staff") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(StaffBody.self, from: request, context: context)
            guard body.name != nil else { throw Problem.invalid("name", "name is required") }
            guard body.workingHours != nil else { throw Problem.invalid("workingHours", "workingHours is required") }
            let draft = try body.applied(to: StaffDraft(name: "", workingHours: []))
            let staff = try await api.engine.createStaff(merchantID: merchant.id, draft, api.command(context))
                .orProblem()
            return JSONResponse.make(.created) { json in json.staff(staff, zone: merchant.zone) }
        }
        router.get("merchants/:merchantId/staff") { _, context in
            let merchant = try api.merchant(context)
            let staff = api.engine.staff(of: merchant.id)
            return JSONResponse.make { json in
                json.object { json in
                    json.field("staff") { json in
                        json.array(staff) { json, member in json.staff(member, zone: merchant.zone) }
                    }
                    json.field("nextCursor", String?.none)
                }
            }
        }
        router.get("merchants/:merchantId/staff/:staffId") { _, context in
            let (merchant, staff) = try found(context)
            return JSONResponse.make { json in json.staff(staff, zone: merchant.zone) }
        }
        router.patch("merchants/:merchantId/staff/:staffId") { request, context in
            let (merchant, staff) = try found(context)
            let body = try await RequestBody.decode(StaffBody.self, from: request, context: context)
            let draft = try body.applied(to: StaffDraft(staff))
            let updated = try await api.engine.updateStaff(
                staff.id, merchantID: merchant.id, draft, api.command(context)
            )
            .orProblem()
            return JSONResponse.make { json in json.staff(updated, zone: merchant.zone) }
        }
        registerTimeOff(on: router)
    }

    private func registerTimeOff(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/staff/:staffId/time-off") { request, context in
            let (merchant, staff) = try found(context)
            let body = try await RequestBody.decode(TimeOffBody.self, from: request, context: context)
            let off = try await api.engine.addTimeOff(
                staffID: staff.id,
                merchantID: merchant.id,
                startsAt: try Parse.instant(body.startsAt, field: "startsAt"),
                endsAt: try Parse.instant(body.endsAt, field: "endsAt"),
                reason: body.reason ?? "",
                api.command(context)
            ).orProblem()
            return JSONResponse.make(.created) { json in json.timeOff(off, staffID: staff.id, zone: merchant.zone) }
        }
        router.delete("merchants/:merchantId/staff/:staffId/time-off/:timeOffId") { _, context in
            let (merchant, staff) = try found(context)
            let timeOffID: TimeOffID = try api.pathID("timeOffId", context)
            _ = try await api.engine.removeTimeOff(
                timeOffID, staffID: staff.id, merchantID: merchant.id, api.command(context)
            )
            .orProblem()
            return JSONResponse.noContent()
        }
    }

    private func found(_ context: NailbookContext) throws -> (Merchant, Staff) {
        let merchant = try api.merchant(context)
        let id: StaffID = try api.pathID("staffId", context)
        guard let staff = api.engine.staff(id, merchantID: merchant.id) else { throw Problem.notFound("staff") }
        return (merchant, staff)
    }
}

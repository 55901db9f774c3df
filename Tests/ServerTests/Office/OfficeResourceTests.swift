import Core
import Foundation
import Testing

@testable import Server

@Suite("Shared resources in the back-office")
struct OfficeResourceTests {
    @Test("a manager adds a resource, a service uses it, saving the service keeps partial uses, capacity changes")
    func resourcesFromTheBackOffice() async throws {
        try await OfficeWorld.with { world in
            let manager = try await world.account(.manager, login: "manager")
            let list = try await manager.get("/office/resources")
            #expect(list.status == 200)
            let added = try await manager.post(
                "/office/resources", ["_csrf": try #require(list.csrf), "name": "足湯沙發", "capacity": "2"])
            #expect(added.status == 303)
            let engine = world.server.node.engine
            let chair = try #require(engine.resources(of: world.merchantID).first)
            #expect(chair.name == "足湯沙發" && chair.capacity == 2)
            let bad = try await manager.post(
                "/office/resources", ["_csrf": try #require(list.csrf), "name": "燈", "capacity": "many"])
            #expect(bad.status == 422)
            // The service page offers the resource; ticking it makes the service use it for its whole duration.
            let servicePath = "/office/services/\(world.salon.serviceID)"
            let page = try await manager.get(servicePath)
            #expect(page.html.contains(#"name="resource_\#(chair.id)""#))
            let service = try #require(engine.service(ServiceID(world.salon.serviceID)!, merchantID: world.merchantID))
            var form = [
                "_csrf": try #require(page.csrf), "name": service.name, "duration": "\(service.durationMinutes)",
                "bufferBefore": "0", "bufferAfter": "0", "price": "\(service.price)", "active": "on",
                "resource_\(chair.id)": "on",
            ]
            for member in engine.staff(of: world.merchantID) { form["staff_\(member.id)"] = "on" }
            #expect(try await manager.post(servicePath, form).status == 303)
            #expect(
                engine.service(service.id, merchantID: world.merchantID)?.resourceNeeds == [
                    ResourceNeed(resourceID: chair.id)
                ])
            // A part set through the API survives a save of the form.
            let partial = try await world.salon.call(
                "PATCH", "/services/\(service.id)",
                #"{"resourceNeeds":[{"resourceId":"\#(chair.id)","offsetMinutes":10,"minutes":20}]}"#)
            #expect(partial.status == 200)
            #expect(try await manager.post(servicePath, form).status == 303)
            #expect(
                engine.service(service.id, merchantID: world.merchantID)?.resourceNeeds
                    == [ResourceNeed(resourceID: chair.id, offsetMinutes: 10, minutes: 20)])
            // Unticked, the service no longer uses it.
            form["resource_\(chair.id)"] = nil
            #expect(try await manager.post(servicePath, form).status == 303)
            #expect(engine.service(service.id, merchantID: world.merchantID)?.resourceNeeds == [])
            // The resource's own page changes its capacity.
            let edit = try await manager.get("/office/resources/\(chair.id)")
            #expect(edit.status == 200 && edit.html.contains("足湯沙發"))
            let saved = try await manager.post(
                "/office/resources/\(chair.id)", ["_csrf": try #require(edit.csrf), "name": "足湯沙發", "capacity": "3"])
            #expect(saved.status == 303)
            #expect(engine.resource(chair.id, merchantID: world.merchantID)?.capacity == 3)
            let tooMany = try await manager.post(
                "/office/resources/\(chair.id)", ["_csrf": try #require(edit.csrf), "name": "足湯沙發", "capacity": "101"])
            #expect(tooMany.status == 422)
            #expect(try await manager.get("/office/resources/res_0000000000zzz").status == 404)
        }
    }
}

import Core
import Foundation
import Node
import ProcessTestSupport
import Testing

@testable import Server

@Suite("Archive under SIGKILL", .serialized)
struct ArchiveCrashTests {
    @Test("a node killed at random moments of an archive run loses nothing: every booking is in memory or archived")
    func killedDuringArchive() async throws {
        let directory = NodeProcess.temporaryDirectory()
        var options = NodeOptions()
        options.durability = .none
        let node = try Node.open(dataDirectory: directory, options: options)
        let context = CommandContext(now: Instant(secondsSinceEpoch: 1_795_737_600), origin: .system)
        let engine = node.engine
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Crash salon", rules: BookingRules(maxDaysAhead: 700)), context
        ).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("00:00")!, end: TimeOfDay("24:00")!) }
        var staff: [Staff] = []
        for name in ["Mei", "Aiko", "Ploy"] {
            staff.append(
                try await engine.createStaff(
                    merchantID: merchant.id, StaffDraft(name: name, workingHours: hours), context
                )
                .get())
        }
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 30), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Lin"), context
        ).get()
        // More than two files' worth, so that kills land between files too.
        let total = 2 * ArchiveBatch.bookingsMax + 5_000
        var ids: [BookingID] = []
        for slot in 0..<total {
            let booking = try await engine.createBooking(
                NewBooking(
                    merchantID: merchant.id, serviceID: service.id, staffID: staff[slot % 3].id,
                    customerID: customer.id, startsAt: context.now + Int64(86_400 + slot / 3 * 1_800)),
                context
            ).get()
            _ = try await engine.cancelBooking(booking.id, merchantID: merchant.id, reason: "r\(slot)", context).get()
            ids.append(booking.id)
        }
        await node.close()
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for cycle in 0..<4 {
            let process = try await NodeProcess.start(directory: directory)
            let run = Task {
                try? await process.call("POST", "/v1/admin/archive", body: #"{"before":"2040-01-01T00:00:00+00:00"}"#)
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...600, using: &generator)))
            process.stop(kill: true)
            _ = await run.value
            // After the kill: the folder verifies, and every booking is exactly once in memory or in a file.
            let report = try Maintenance.verify(dataDirectory: directory, scratch: NodeProcess.temporaryDirectory())
            #expect(report.problems.isEmpty, "cycle \(cycle): \(report.problems)")
            let reopened = try Node.open(dataDirectory: directory)
            let inMemory = reopened.engine.store.read { $0.ledger.bookings.count }
            let archived = reopened.engine.archivedFiles.reduce(0) { $0 + $1.count }
            #expect(inMemory + archived == total, "cycle \(cycle): \(inMemory) + \(archived)")
            if archived > 0 && archived < total { killedMidway += 1 }
            for id in [ids[0], ids[total / 2], ids[total - 1], ids.randomElement(using: &generator)!] {
                let here = reopened.engine.booking(id, merchantID: merchant.id) != nil
                let filed = try reopened.archivedBooking(id, merchantID: merchant.id) != nil
                #expect(here != filed, "cycle \(cycle): booking \(id) in memory \(here), archived \(filed)")
            }
            await reopened.close()
        }
        // A last, uninterrupted run archives what is left.
        let finisher = try await NodeProcess.start(directory: directory)
        let finished = try await finisher.call(
            "POST", "/v1/admin/archive", body: #"{"before":"2040-01-01T00:00:00+00:00"}"#)
        #expect(finished.status == 200 && finished.json?["archivedBookings"] as? Int == total)
        finisher.stop()
        print("archive crash test: \(killedMidway) of 4 kills left a partly archived folder")
    }
}

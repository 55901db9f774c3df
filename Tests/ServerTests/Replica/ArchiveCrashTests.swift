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
        let salon = try await ArchiveSalon.make(in: directory, staffCount: 3)
        let merchant = salon.merchant
        // More than two files' worth, so that kills land between files too.
        let total = 2 * ArchiveBatch.bookingsMax + 5_000
        let ids = try await salon.book(total, cancel: true)
        await salon.node.close()
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

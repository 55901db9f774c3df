import Core
import Foundation
import Node
import WAL

/// Issue 14's archive figure: a node with 1,000,000 bookings (``ReplayWorld``), 80 % of them then cancelled through
/// the engine, is opened in a fresh process (start-up time, resident memory); the closed ones are archived
/// (`Node.archiveBookings`) and a snapshot taken; the node is opened again. Nothing may be lost: every booking is
/// either in memory or read back from its file (a sample of 1,000 is checked one by one, the counts in full).
enum ArchiveBenchmark {
    static let closedShare = 0.8

    static func run() async throws -> Figures {
        var figures = Figures(benchmark: "archive")
        let scratch = try ScratchDirectory(under: "/tmp")
        defer { scratch.remove() }
        let folder = scratch.path + "/data"
        let built = try await ReplayWorld.build(in: folder)
        var options = NodeOptions()
        options.durability = .none
        var node = try Node.open(dataDirectory: folder, options: options)
        let closingStarted = monotonicSeconds()
        let closed = try await closeMost(node)
        try node.takeSnapshot()
        await node.close()
        print(
            "archive: \(grouped(Double(built.bookings))) bookings built, \(grouped(Double(closed.count))) cancelled "
                + "in \(fixed(monotonicSeconds() - closingStarted)) s")
        let before = try StartupProbe.launch(directory: folder, cold: false)
        report(before, "before", &figures)
        node = try Node.open(dataDirectory: folder, options: options)
        let archiveStarted = monotonicSeconds()
        let archived = try await node.archiveBookings(
            before: Instant(secondsSinceEpoch: 4_000_000_000), now: ReplayWorld.context.now)
        let archiveSeconds = monotonicSeconds() - archiveStarted
        try node.takeSnapshot()
        figures.add("archive.runSeconds", archiveSeconds)
        figures.add("archive.files", Double(archived.files.count))
        print(
            "archive: \(grouped(Double(archived.bookings))) bookings into \(archived.files.count) files in "
                + "\(fixed(archiveSeconds)) s (\(grouped(Double(archived.bookings) / archiveSeconds)) bookings/s, "
                + "each file synced before its record)")
        guard archived.bookings == closed.count else {
            throw BenchmarkError("archived \(archived.bookings) of \(closed.count) closed bookings")
        }
        await node.close()
        let after = try StartupProbe.launch(directory: folder, cold: false)
        report(after, "after", &figures)
        guard after.bookings + archived.bookings == built.bookings else {
            throw BenchmarkError("\(after.bookings) in memory + \(archived.bookings) archived ≠ \(built.bookings)")
        }
        node = try Node.open(dataDirectory: folder, options: options)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let (id, merchant) = closed.randomElement(using: &generator)!
            guard try node.archivedBooking(id, merchantID: merchant)?.booking.status == .cancelled else {
                throw BenchmarkError("archived booking \(id) not found")
            }
        }
        await node.close()
        let archiveBytes = try FileManager.default.contentsOfDirectory(atPath: folder + "/bookings-archive")
            .reduce(0) { total, name in
                total
                    + ((try? FileManager.default.attributesOfItem(atPath: folder + "/bookings-archive/" + name)[.size]
                        as? Int) ?? 0)
            }
        figures.add("archive.fileBytes", Double(archiveBytes))
        let memoryRatio = Double(after.residentAfterBytes) / Double(before.residentAfterBytes)
        let startRatio = after.openSeconds / before.openSeconds
        figures.add("archive.residentRatio", memoryRatio)
        figures.add("archive.startRatio", startRatio)
        print(
            "archive: resident \(mebibytes(before.residentAfterBytes)) → \(mebibytes(after.residentAfterBytes)) MiB "
                + "(×\(fixed(memoryRatio))), start \(fixed(before.openSeconds)) → \(fixed(after.openSeconds)) s "
                + "(×\(fixed(startRatio))); archive files \(mebibytes(archiveBytes)) MiB; 1,000 archived bookings "
                + "read back by id")
        return figures
    }

    /// Cancels four of every five bookings, through the engine, from as many tasks as there are salons.
    private static func closeMost(_ node: Node) async throws -> [(BookingID, MerchantID)] {
        let bookings = node.engine.store.read { state in
            state.ledger.bookings.values.map { ($0.id, $0.merchantID) }.sorted { $0.0 < $1.0 }
        }
        let closing = bookings.enumerated().filter { $0.offset % 5 != 0 }.map(\.element)
        let byMerchant = Dictionary(grouping: closing, by: \.1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (merchant, list) in byMerchant {
                group.addTask {
                    for (id, _) in list {
                        _ = try await node.engine.cancelBooking(
                            id, merchantID: merchant, reason: nil, ReplayWorld.context
                        ).get()
                    }
                }
            }
            try await group.waitForAll()
        }
        return closing
    }

    private static func report(_ outcome: StartupProbe.Outcome, _ label: String, _ figures: inout Figures) {
        figures.add("archive.\(label).openSeconds", outcome.openSeconds)
        figures.add("archive.\(label).residentBytes", Double(outcome.residentAfterBytes))
        figures.add("archive.\(label).bookingsInMemory", Double(outcome.bookings))
        print(
            "archive: \(label): opened in \(fixed(outcome.openSeconds)) s (CPU \(fixed(outcome.openCPUSeconds)) s), "
                + "\(grouped(Double(outcome.bookings))) bookings in memory, resident "
                + "\(mebibytes(outcome.residentAfterBytes)) MiB")
    }

    private static func mebibytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576) }
}

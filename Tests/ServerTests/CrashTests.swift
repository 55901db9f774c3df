import Core
import Foundation
import Node
import Synchronization
import Testing
import WAL

/// Crash safety with a real child process: `nailbook-crash-writer` books as fast as it can and reports every
/// acknowledged booking; we SIGKILL it at random moments and check, after each kill, that every acknowledged
/// booking is there and that snapshot + replay equals a full replay of the log.
@Suite("Crash safety with SIGKILL", .serialized)
struct CrashTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "nailbook-crash-writer")
    }

    /// Starts the writer, lets it run for `millis`, kills it, and returns the booking ids it acknowledged.
    static func runAndKill(directory: String, millis: Int) async throws -> [String] {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--data", directory, "--snapshot-every-records", "300"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let output = Mutex(Data())
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            output.withLock { $0.append(chunk) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while !output.withLock({ String(decoding: $0, as: UTF8.self).contains("READY") }) {
            guard ContinuousClock.now < deadline, process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(millis))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = pipe.fileHandleForReading.readDataToEndOfFile()
        let text = output.withLock { String(decoding: $0 + rest, as: UTF8.self) }
        #expect(text.contains("READY"), "the writer did not start: \(text.prefix(300))")
        // Only whole lines count: a line cut by the kill was never fully reported.
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 3 && parts[0] == "ACK" ? String(parts[1]) : nil
        }
    }

    @Test("30 SIGKILL cycles lose nothing acknowledged")
    func killCycles() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the nailbook product first")
        let directory = TestServer.temporaryDirectory()
        var acknowledged = Set<String>()
        var generator = SystemRandomNumberGenerator()
        for cycle in 0..<30 {
            let acked = try await Self.runAndKill(
                directory: directory, millis: Int.random(in: 20...250, using: &generator))
            acknowledged.formUnion(acked)
            let node = try Node.open(dataDirectory: directory)
            let present = node.engine.store.read { state in Set(state.ledger.bookings.keys.map(\.description)) }
            let missing = acknowledged.subtracting(present)
            #expect(missing.isEmpty, "cycle \(cycle): \(missing.count) acknowledged bookings lost")
            #expect(node.engine.store.read { $0.overlappingBookings().isEmpty }, "cycle \(cycle)")
            let live = node.engine.store.read { $0.digest() }
            await node.close()
            let replayed = try Self.fullReplay(directory)
            #expect(replayed == live, "cycle \(cycle): snapshot + replay differs from a full replay")
        }
        #expect(acknowledged.count > 100, "the writer acknowledged too little to prove anything")
    }

    /// The digest of a replay of the whole log from LSN 1, ignoring snapshots.
    static func fullReplay(_ directory: String) throws -> UInt64 {
        var options = WALOptions()
        options.durability = .none
        let (wal, _) = try WriteAheadLog.open(directory: directory + "/wal", storage: PosixStorage(), options: options)
        { _, _ in }
        var state = EngineState()
        var failure: (any Error)?
        try wal.forEachRecord(from: 1) { record in
            guard failure == nil else { return }
            do {
                try state.apply(EventCodec.decode(record.payload), lsn: record.lsn)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return state.digest()
    }
}

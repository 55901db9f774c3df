import Core
import Foundation
import Node
import WAL

/// Times `Node.open` on a data folder in a fresh process (this executable, `open-probe DIR warm|cold`), so the
/// resident memory it reports is the opened node's alone. `cold` first drops the folder's files from the page cache
/// (`fdatasync` + `posix_fadvise(DONTNEED)`), so the files are read from the device.
enum StartupProbe {
    /// What the child measured.
    struct Outcome: Codable {
        var openSeconds: Double
        var openCPUSeconds: Double
        var snapshotLSN: UInt64
        var replayedRecords: Int
        var bookings: Int
        var residentBeforeBytes: Int
        var residentAfterBytes: Int
    }

    /// The child's side: open the folder, measure, print one JSON line, close.
    static func runChild(directory: String, cold: Bool) async throws {
        if cold { try evict(directory) }
        let before = residentBytes()
        let started = (monotonicSeconds(), processCPUSeconds())
        let node = try Node.open(dataDirectory: directory, options: NodeOptions())
        let outcome = Outcome(
            openSeconds: monotonicSeconds() - started.0,
            openCPUSeconds: processCPUSeconds() - started.1,
            snapshotLSN: node.startup.snapshotLSN,
            replayedRecords: node.startup.replayedRecords,
            bookings: node.engine.store.read { $0.ledger.bookings.count },
            residentBeforeBytes: before,
            residentAfterBytes: residentBytes()
        )
        print(String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self))
        await node.close()
    }

    /// The parent's side: run the child and read its line.
    static func launch(directory: String, cold: Bool) throws -> Outcome {
        try launch(Outcome.self, arguments: ["open-probe", directory, cold ? "cold" : "warm"])
    }

    /// Runs this executable with `arguments` and decodes the last line it prints.
    static func launch<T: Decodable>(_ type: T.Type, arguments: [String]) throws -> T {
        let process = Process()
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = data.split(separator: UInt8(ascii: "\n")).last else {
            throw BenchmarkError("\(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
        return try JSONDecoder().decode(T.self, from: Data(line))
    }

    /// Syncs and drops every file under `directory` from the page cache.
    private static func evict(_ directory: String) throws {
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw BenchmarkError("cannot list \(directory)")
        }
        while let name = walker.nextObject() as? String {
            let path = directory + "/" + name
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw BenchmarkError("open \(path): errno \(errno)") }
            defer { close(descriptor) }
            guard fdatasync(descriptor) == 0, posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0 else {
                throw BenchmarkError("evicting \(path): errno \(errno)")
            }
        }
    }
}

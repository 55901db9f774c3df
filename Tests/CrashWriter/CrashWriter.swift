import ArgumentParser
import Core
import Foundation
import Node
import Server

/// `nailbook-crash-writer --data DIR`: a test helper that books as fast as it can and prints
/// `ACK <booking id> <lsn>` for every booking the log has acknowledged, so a parent can kill it with SIGKILL at any
/// moment and check that nothing acknowledged was lost.
@main
struct CrashWriter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nailbook-crash-writer")

    @Option(name: .long, help: "The data folder.")
    var data: String

    @Option(name: .long, help: "Take a snapshot after this many records.")
    var snapshotEveryRecords: UInt64 = 400

    func run() async throws {
        var options = NodeOptions()
        options.snapshotEveryRecords = snapshotEveryRecords
        let node = try Node.open(dataDirectory: data, options: options)
        let merchant = try await DemoSalon.load(into: node.engine, now: WallClock.now())
        let staff = node.engine.staff(of: merchant.id)
        let services = node.engine.services(of: merchant.id)
        let customer = node.engine.customers(of: merchant.id)[0]
        emit("READY")
        let context = CommandContext(now: WallClock.now(), origin: Origin(author: .admin, channel: .system))
        let today = merchant.zone.localDateTime(at: context.now).date
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    while true {
                        let date = today.adding(days: Int.random(in: 1...50, using: &generator))
                        let request = NewBooking(
                            merchantID: merchant.id,
                            serviceID: services.randomElement(using: &generator)!.id,
                            staffID: staff.randomElement(using: &generator)!.id,
                            customerID: customer.id,
                            startsAt: merchant.zone.instant(
                                on: date, at: 600 + 15 * Int.random(in: 0..<36, using: &generator)),
                            allowOutsideWorkingHours: true
                        )
                        let recorder = CommitRecorder()
                        let outcome = try await CommitRecorder.$current.withValue(recorder) {
                            try await node.engine.createBooking(request, context)
                        }
                        if case .success(let booking) = outcome { emit("ACK \(booking.id) \(recorder.lsn ?? 0)") }
                    }
                }
            }
            group.addTask {
                var lastSnapshot = node.startup.snapshotLSN
                while true {
                    try await Task.sleep(for: .milliseconds(20))
                    if node.engine.store.appliedLSN >= lastSnapshot + snapshotEveryRecords {
                        lastSnapshot = try node.takeSnapshot().lsn
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// Writes one whole line to standard output at once (unbuffered), so a kill never leaves a line half-reported
/// from the writer's side.
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

import Core

/// In-process booking creations per second through the staff actors: 1,000 staff (100 merchants × 10), random
/// 15-minute grid starts over a year, so some requests collide (the conflict rate is printed).
enum CreationBenchmark {
    static let attempts = 600_000
    static let workers = 64

    static func run() async throws -> Bool {
        let world = try await World.make(merchants: 100, staffPerMerchant: 10)
        var random = BenchmarkRandom(seed: 42)
        let requests = (0..<attempts).map { _ in
            world.request(
                merchant: Int.random(in: 0..<100, using: &random),
                staff: Int.random(in: 0..<10, using: &random),
                day: Int.random(in: 0..<360, using: &random),
                slot: Int.random(in: 0..<37, using: &random)
            )
        }
        let started = monotonicSeconds()
        let successes = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var booked = 0
                    for index in stride(from: worker, to: requests.count, by: workers) {
                        if case .success = try await world.engine.createBooking(requests[index], World.context) {
                            booked += 1
                        }
                    }
                    return booked
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = monotonicSeconds() - started
        let conflictRate = Double(attempts - successes) / Double(attempts)
        print(
            "create: \(attempts) attempts in \(String(format: "%.3f", elapsed)) s = "
                + "\(Int(Double(attempts) / elapsed)) attempts/s, conflict rate \(String(format: "%.1f", conflictRate * 100))%"
        )
        return successes > 0
    }
}

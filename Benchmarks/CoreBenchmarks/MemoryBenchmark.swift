import Core

/// Resident memory per stored booking with 1,000,000 confirmed bookings (1,000 staff × 1,000, no conflicts).
enum MemoryBenchmark {
    static func run() async throws -> Bool {
        let world = try await World.make(merchants: 100, staffPerMerchant: 10)
        let before = residentBytes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for merchant in 0..<100 {
                group.addTask {
                    for staff in 0..<10 {
                        for index in 0..<1_000 {
                            let request = world.request(
                                merchant: merchant, staff: staff, day: index / 9, slot: (index % 9) * 4)
                            _ = try await world.engine.createBooking(request, World.context).get()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let after = residentBytes()
        let count = world.engine.store.read { $0.ledger.bookings.count }
        print(
            "memory: \(count) bookings, resident \(before / 1_048_576) → \(after / 1_048_576) MiB = "
                + "\((after - before) / max(count, 1)) bytes per booking"
        )
        return count == 1_000_000
    }
}

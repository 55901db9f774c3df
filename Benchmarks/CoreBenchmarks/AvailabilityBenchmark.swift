import Core

/// Availability for all staff of a 10-staff merchant for one day, with the day half full: time per query.
enum AvailabilityBenchmark {
    static func run() async throws -> Bool {
        let world = try await World.make(merchants: 1, staffPerMerchant: 10)
        // Half full: every other hour of the 10:00–20:00 day is booked for every staff member.
        for staff in 0..<10 {
            for hour in stride(from: 0, to: 10, by: 2) {
                _ = try await world.engine.createBooking(
                    world.request(merchant: 0, staff: staff, day: 3, slot: hour * 4 + staff % 4),
                    World.context
                ).get()
            }
        }
        let query = AvailabilityQuery(
            merchantID: world.merchants[0].id,
            serviceID: world.services[0].id,
            date: LocalDate(year: 2026, month: 11, day: 28)!.adding(days: 3)
        )
        var slotCount = 0
        var batchMicros: [Double] = []
        for _ in 0..<50 {
            let started = monotonicSeconds()
            for _ in 0..<200 {
                slotCount = try await world.engine.availability(query, now: World.context.now).get().slots.count
            }
            batchMicros.append((monotonicSeconds() - started) / 200 * 1e6)
        }
        batchMicros.sort()
        let median = batchMicros[batchMicros.count / 2]
        print(
            "availability: 10 staff, half-full day, \(slotCount) slots: median \(String(format: "%.1f", median)) µs/query "
                + "(p10 \(String(format: "%.1f", batchMicros[5])), p90 \(String(format: "%.1f", batchMicros[45])))"
        )
        return slotCount > 0
    }
}

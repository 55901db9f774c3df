import Core

/// Multi-service visits: availability for a 3-item visit (removal + gel + art, any technician for each) at a
/// 10-technician salon, one day a third full; and creations of 3-item visits against single bookings, side by side in
/// one run (interleaved rounds, medians), each on its own fresh world of 100 salons × 10 technicians.
enum VisitBenchmark {
    static let rounds = 5
    static let attempts = 60_000
    static let workers = 64

    static func run() async throws -> Bool {
        let searched = try await availability()
        var single: [Double] = []
        var visits: [Double] = []
        for _ in 0..<rounds {
            single.append(try await creations(itemsPerBooking: 1))
            visits.append(try await creations(itemsPerBooking: 3))
        }
        single.sort()
        visits.sort()
        let singleMedian = single[rounds / 2]
        let visitMedian = visits[rounds / 2]
        print(
            "visits: creations, single bookings median \(Int(singleMedian))/s, 3-item visits median "
                + "\(Int(visitMedian))/s (\(String(format: "%.2f", visitMedian / singleMedian))×), "
                + "\(Int(visitMedian * 3)) items/s")
        return searched && visitMedian > 0
    }

    /// The world's extra services: removal (20 min, 5 min cleanup) and art (30 min), per merchant.
    static func addServices(_ world: World) async throws -> [(removal: Service, art: Service)] {
        var added: [(Service, Service)] = []
        for merchant in world.merchants {
            let removal = try await world.engine.createService(
                merchantID: merchant.id, ServiceDraft(name: "Removal", durationMinutes: 20, bufferAfterMinutes: 5),
                World.context
            ).get()
            let art = try await world.engine.createService(
                merchantID: merchant.id, ServiceDraft(name: "Art", durationMinutes: 30), World.context
            ).get()
            added.append((removal, art))
        }
        return added
    }

    static func availability() async throws -> Bool {
        let world = try await World.make(merchants: 1, staffPerMerchant: 10)
        let extra = try await addServices(world)
        // A third of the day booked: one hour in three for every technician, at staggered quarter hours.
        for staff in 0..<10 {
            for hour in stride(from: 0, to: 9, by: 3) {
                _ = try await world.engine.createBooking(
                    world.request(merchant: 0, staff: staff, day: 3, slot: hour * 4 + staff % 4), World.context
                ).get()
            }
        }
        let query = VisitAvailabilityQuery(
            merchantID: world.merchants[0].id,
            items: [extra[0].removal.id, world.services[0].id, extra[0].art.id].map { VisitItemRequest(serviceID: $0) },
            date: LocalDate(year: 2026, month: 11, day: 28)!.adding(days: 3))
        var starts = 0
        var batchMicros: [Double] = []
        for _ in 0..<50 {
            let started = monotonicSeconds()
            for _ in 0..<100 {
                starts = try await world.engine.visitAvailability(query, now: World.context.now).get().count
            }
            batchMicros.append((monotonicSeconds() - started) / 100 * 1e6)
        }
        batchMicros.sort()
        print(
            "visits: availability of a 3-item visit, 10 technicians, a third of the day booked, \(starts) starts: median "
                + "\(String(format: "%.1f", batchMicros[25])) µs/query (p10 \(String(format: "%.1f", batchMicros[5])), "
                + "p90 \(String(format: "%.1f", batchMicros[45])))")
        return starts > 0
    }

    /// Creations per second (successes and refusals alike) of bookings of `itemsPerBooking` services, any technician.
    static func creations(itemsPerBooking: Int) async throws -> Double {
        let world = try await World.make(merchants: 100, staffPerMerchant: 10)
        let extra = try await addServices(world)
        var random = BenchmarkRandom(seed: 7)
        let requests = (0..<attempts).map { _ in
            let merchant = Int.random(in: 0..<100, using: &random)
            var request = world.request(
                merchant: merchant, staff: Int.random(in: 0..<10, using: &random),
                day: Int.random(in: 0..<360, using: &random), slot: Int.random(in: 0..<30, using: &random))
            request.staffID = nil  // any technician, for both kinds
            if itemsPerBooking == 3 {
                request.items = [extra[merchant].removal.id, world.services[merchant].id, extra[merchant].art.id].map {
                    VisitItemRequest(serviceID: $0)
                }
            }
            return request
        }
        let started = monotonicSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: requests.count, by: workers) {
                        _ = try await world.engine.createBooking(requests[index], World.context)
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(attempts) / (monotonicSeconds() - started)
    }
}

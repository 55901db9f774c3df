import Core
import Foundation

/// A benchmark world: merchants with staff working 10:00–20:00 every day, a 60-minute service, one customer each.
struct World {
    let engine: BookingEngine
    var merchants: [Merchant] = []
    var staff: [[Staff]] = []
    var services: [Service] = []
    var customers: [Customer] = []

    static let context = CommandContext(
        now: ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate(year: 2026, month: 11, day: 27)!, at: 0),
        origin: Origin(author: Author(kind: .merchant, id: 1), channel: .api)
    )

    static func make(merchants merchantCount: Int, staffPerMerchant: Int, maxDaysAhead: Int = 365) async throws -> World
    {
        let (engine, _) = BookingEngine.inMemory()
        var world = World(engine: engine)
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("10:00")!, end: TimeOfDay("20:00")!) }
        for index in 0..<merchantCount {
            let merchant = try await engine.createMerchant(
                MerchantDraft(name: "Salon \(index)", rules: BookingRules(maxDaysAhead: maxDaysAhead)),
                context
            ).get()
            var staff: [Staff] = []
            for member in 0..<staffPerMerchant {
                staff.append(
                    try await engine.createStaff(
                        merchantID: merchant.id,
                        StaffDraft(name: "Staff \(member)", workingHours: hours),
                        context
                    ).get()
                )
            }
            let service = try await engine.createService(
                merchantID: merchant.id,
                ServiceDraft(name: "Gel", durationMinutes: 60),
                context
            ).get()
            let customer = try await engine.createCustomer(
                merchantID: merchant.id,
                CustomerDraft(displayName: "Guest"),
                context
            ).get()
            world.merchants.append(merchant)
            world.staff.append(staff)
            world.services.append(service)
            world.customers.append(customer)
        }
        return world
    }

    /// A booking request at day `day` (from the context's date), grid slot `slot` (15 minutes from 10:00).
    func request(merchant: Int, staff: Int, day: Int, slot: Int) -> NewBooking {
        let date = LocalDate(year: 2026, month: 11, day: 28)!.adding(days: day)
        let start = merchants[merchant].zone.instant(on: date, at: 600 + slot * 15)
        return NewBooking(
            merchantID: merchants[merchant].id,
            serviceID: services[merchant].id,
            staffID: self.staff[merchant][staff].id,
            customerID: customers[merchant].id,
            startsAt: start
        )
    }
}

/// Wall-clock seconds since an arbitrary start.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The process's resident memory in bytes (from /proc/self/statm).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// The benchmarks' deterministic generator, so every run builds the same records.
typealias BenchmarkRandom = SplitMix64

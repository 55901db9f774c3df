import Testing

@testable import Core

@Suite("Concurrency")
struct ConcurrencyTests {
    enum Attempt: Sendable {
        case booked(Booking)
        case held(Hold)
        case refused(Rejection.Code)
    }

    /// 10,000 concurrent tasks asking for heavily overlapping bookings and holds across 5 staff members.
    @Test("no double booking under 10,000 concurrent requests", arguments: [1, 2, 3] as [UInt64])
    func tenThousandRequests(seed: UInt64) async throws {
        let salon = try await Salon.make(staffCount: 5)
        var random = SeededGenerator(seed: seed)
        let plans: [(start: Instant, staff: Int?, service: Int, isHold: Bool)] = (0..<10_000).map { _ in
            let minute = 10 * 60 + Int.random(in: 0..<(9 * 4), using: &random) * 15
            let staff = Int.random(in: 0..<6, using: &random)
            return (
                salon.at(minute / 60, minute % 60), staff == 5 ? nil : staff,
                Int.random(in: 0..<2, using: &random), Bool.random(using: &random) && staff != 5
            )
        }
        let attempts = try await withThrowingTaskGroup(of: Attempt.self) { group in
            for plan in plans {
                group.addTask {
                    let service = salon.services[plan.service]
                    if plan.isHold, let staff = plan.staff {
                        let request = NewHold(
                            merchantID: salon.merchant.id,
                            serviceID: service.id,
                            staffID: salon.staff[staff].id,
                            startsAt: plan.start
                        )
                        switch try await salon.engine.createHold(request, Salon.merchantContext) {
                        case .success(let hold): return .held(hold)
                        case .failure(let rejection): return .refused(rejection.code)
                        }
                    }
                    let staff = plan.staff.map { salon.staff[$0] }
                    switch try await salon.book(plan.start, staff: staff, service: service) {
                    case .success(let booking): return .booked(booking)
                    case .failure(let rejection): return .refused(rejection.code)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let booked = attempts.compactMap { if case .booked(let booking) = $0 { booking } else { nil } }
        let held = attempts.compactMap { if case .held(let hold) = $0 { hold } else { nil } }
        let refusals = attempts.compactMap { if case .refused(let code) = $0 { code } else { nil } }
        #expect(!booked.isEmpty && !held.isEmpty)
        #expect(refusals.allSatisfy { $0 == .overlap || $0 == .outsideWorkingHours }, "seed \(seed)")
        for booking in booked {
            #expect(salon.engine.booking(booking.id, merchantID: salon.merchant.id) == booking, "seed \(seed)")
        }
        for hold in held { #expect(salon.engine.hold(hold.id, merchantID: salon.merchant.id) == hold) }
        // Every success, bookings and holds together, is disjoint from the others of its staff member.
        var byStaff: [StaffID: [BlockedRange]] = [:]
        for booking in booked { byStaff[booking.staffID, default: []].append(booking.blockedRange) }
        for hold in held { byStaff[hold.staffID, default: []].append(hold.blockedRange) }
        for ranges in byStaff.values {
            let sorted = ranges.sorted { $0.start < $1.start }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                #expect(earlier.end <= later.start, "seed \(seed): overlap \(earlier) / \(later)")
            }
        }
        await salon.assertNoOverlaps()
    }

    @Test("concurrent changes to one booking: exactly one cancel wins")
    func concurrentCancels() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let booking = try await salon.book(salon.at(10)).get()
        let outcomes = try await withThrowingTaskGroup(of: Rejection.Code?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await salon.engine.cancelBooking(
                        booking.id,
                        merchantID: salon.merchant.id,
                        reason: nil,
                        Salon.merchantContext
                    ).rejection?.code
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == nil }.count == 1)
        #expect(
            outcomes.compactMap { $0 }.allSatisfy { $0 == .concurrentModification || $0 == .invalidStateTransition }
        )
        #expect(salon.engine.history(of: booking.id, merchantID: salon.merchant.id)!.count == 2)
    }
}

import Foundation
import Testing

@testable import Core

/// Sweeping keeps the state bounded: holds that expire and are swept leave the live state, the staff schedules
/// and the snapshot where they started; the in-memory cache of keyed outcomes stays under its cap.
@Suite("Sweeping keeps memory bounded")
struct SweepBoundedMemoryTests {
    /// How many holds the long run creates: 1,000,000 when `NAILBOOK_SWEEP_HOLDS=1000000` asks (35 s in a debug
    /// build on a 2-core machine), 18,000 otherwise, so the suite stays quick in CI. The check is the same.
    static var holdCount: Int {
        ProcessInfo.processInfo.environment["NAILBOOK_SWEEP_HOLDS"].flatMap(Int.init) ?? 18_000
    }

    /// The salon's time taken in the schedules, summed over its staff.
    func scheduleEntries(_ salon: Salon) async -> Int {
        var total = 0
        for member in salon.staff { total += await salon.engine.schedule(of: member.id).entries.count }
        return total
    }

    @Test("a run of expiring holds, swept every round, leaves the state and the snapshot where they started")
    func holdsAreSwept() async throws {
        let salon = try await Salon.make(staffCount: 10)
        // Every hour-long slot of ten days for ten technicians: 900 holds a round, each round 11 minutes later
        // (holds live 10 minutes), swept at the end of the round.
        let slots = (0..<10).flatMap { day in
            [10, 11, 12, 13, 15, 16, 17, 18, 19].flatMap { hour in salon.staff.map { (day, hour, $0) } }
        }
        var now = Salon.now
        var created = 0
        var baseline: (snapshotBytes: Int, entries: Int)?
        while created < Self.holdCount {
            let today = salon.merchant.zone.localDateTime(at: now).date
            let context = CommandContext(now: now, origin: Salon.merchantContext.origin)
            for (day, hour, member) in slots.prefix(Self.holdCount - created) {
                let request = NewHold(
                    merchantID: salon.merchant.id, serviceID: salon.services[0].id, staffID: member.id,
                    startsAt: salon.at(today.adding(days: 2 + day), hour), customerID: salon.customer.id)
                _ = try await salon.engine.createHold(request, context).get()
                created += 1
            }
            now = now.adding(minutes: 11)
            let held = salon.engine.store.read { $0.ledger.holds.count }
            #expect(try await salon.engine.sweepExpired(now: now) == held)
            #expect(salon.engine.store.read { $0.ledger.holds.isEmpty })
            let measured = (
                snapshotBytes: SnapshotCodec.encode(salon.engine.store.snapshot()).count,
                entries: await scheduleEntries(salon)
            )
            // The first round's sweep is the baseline: the catalog and the schedules' actors exist by then.
            guard let start = baseline else {
                baseline = measured
                continue
            }
            // The applied LSN grows, so the snapshot may grow by a few bytes of varint; never by holds.
            #expect(measured.snapshotBytes <= start.snapshotBytes + 16, "round at \(created) holds")
            #expect(measured.entries == start.entries && measured.entries == 0)
            if measured.snapshotBytes > start.snapshotBytes + 16 { return }
        }
        #expect(created == Self.holdCount)
        #expect(salon.engine.idempotency.count.inFlight == 0)
    }

    @Test("rejected keyed requests are remembered up to the cap, oldest forgotten first")
    func rejectionCacheIsCapped() {
        let cache = IdempotencyCache(finishedMax: 100)
        let now = Salon.now
        for index in 0..<1_000 {
            let key = IdempotencyKey(merchantID: MerchantID(1), key: "k\(index)")
            guard case .proceed(let record) = cache.begin(key, fingerprint: 7, now: now, remembered: { _ in nil })
            else {
                Issue.record("a new key did not proceed")
                return
            }
            cache.finish(record, with: .failure(Rejection(.overlap, "taken")))
            #expect(cache.count.finished <= 100)
        }
        #expect(cache.count.finished == 100 && cache.count.inFlight == 0)
        // The newest outcomes are still replayed; the oldest were forgotten and are decided again.
        let newest = IdempotencyKey(merchantID: MerchantID(1), key: "k999")
        guard case .replayRejected = cache.begin(newest, fingerprint: 7, now: now, remembered: { _ in nil }) else {
            Issue.record("the newest outcome was forgotten")
            return
        }
        let oldest = IdempotencyKey(merchantID: MerchantID(1), key: "k0")
        guard case .proceed = cache.begin(oldest, fingerprint: 7, now: now, remembered: { _ in nil }) else {
            Issue.record("the oldest outcome was kept past the cap")
            return
        }
        cache.sweep(now: now + IdempotencyRecord.lifetimeSeconds)
        #expect(cache.count.finished == 0 && cache.count.inFlight == 1)
    }
}

import Core
import Node
import WAL

/// Booking-created event records as the engine logs them (`EventCodec`), for the codec, LZ4 and append benchmarks:
/// identifiers from one `IdentifierGenerator` (so neighbouring ids share their high bits, as in a real log), 100
/// merchants × 10 staff, a 60-minute service at random 15-minute starts in the next 60 days, 15 % with a note (a
/// third of those in CJK), 60 % made by the customer over LINE.
enum RecordFixture {
    static let zone = ZoneRules(identifier: "Asia/Taipei")!
    static let today = LocalDate(year: 2026, month: 11, day: 27)!
    static let notes = ["French tips, short almond", "Gel removal first please", "請幫我卸甲，謝謝", "ジェルオフもお願いします"]

    /// `count` bookings drawn with `seed`; identifiers start from a fixed floor like `Node.open`'s (ms << 16).
    static func bookings(count: Int, seed: UInt64) -> [Booking] {
        precondition(count > 0, "no bookings asked for")
        let ids = IdentifierGenerator(after: 1_764_201_600_000 << 16)
        let merchants = (0..<100).map { _ in MerchantID(ids.next()) }
        let staff = (0..<1_000).map { _ in StaffID(ids.next()) }
        let services = (0..<100).map { _ in ServiceID(ids.next()) }
        let customers = (0..<5_000).map { _ in CustomerID(ids.next()) }
        var random = SplitMix64(seed: seed)
        let now = zone.instant(on: today, at: 9 * 60)
        return (0..<count).map { _ in
            let merchant = Int.random(in: 0..<100, using: &random)
            let customer = customers[merchant * 50 + Int.random(in: 0..<50, using: &random)]
            let startsAt = zone.instant(
                on: today.adding(days: Int.random(in: 1...60, using: &random)),
                at: 600 + 15 * Int.random(in: 0..<36, using: &random))
            let roll = Int.random(in: 0..<100, using: &random)
            let note = roll < 85 ? "" : notes[roll % notes.count]
            let origin =
                roll < 60
                ? Origin(author: .customer(customer), channel: .line)
                : Origin(author: Author(kind: .merchant, id: merchants[merchant].rawValue), channel: .api)
            return Booking(
                id: BookingID(ids.next()), merchantID: merchants[merchant],
                staffID: staff[merchant * 10 + Int.random(in: 0..<10, using: &random)],
                serviceID: services[merchant], customerID: customer, startsAt: startsAt,
                endsAt: startsAt.adding(minutes: 60), note: note, createdAt: now, origin: origin)
        }
    }

    /// The record the engine logs for `booking`.
    static func record(_ booking: Booking) -> [UInt8] {
        EventCodec.encode(.bookingCreated(booking, idempotency: nil))
    }

    /// `count` encoded records.
    static func records(count: Int, seed: UInt64) -> [[UInt8]] {
        bookings(count: count, seed: seed).map(record)
    }

    /// One typical record for the single-record benchmarks: a booking with a short Latin note, which LZ4 shrinks
    /// (a record without a note is often left raw by the log: LZ4 would not make it smaller).
    static func typicalBooking() -> Booking {
        var booking = bookings(count: 1, seed: 5)[0]
        booking.note = notes[0]
        let bytes = record(booking)
        precondition(LZ4Block.compress(bytes) != nil, "the typical record should compress")
        return booking
    }
}

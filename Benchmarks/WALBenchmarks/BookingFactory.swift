import Core
import Foundation
import Node

/// Booking values built directly, as the engine would build them for `bookingCreated` (ids from an
/// `IdentifierGenerator` seeded like `Node.open`'s, times on the 15-minute grid within the next 60 days, the catalog
/// and mix of `BookingMix`), without going through the engine: for the append and compression figures.
struct BookingFactory: Sendable {
    struct MerchantIDs: Sendable {
        var merchant: MerchantID
        var staff: [StaffID]
        var services: [ServiceID]
        var customers: [CustomerID]
        var apiKey: UInt64
    }

    let ids: IdentifierGenerator
    let merchants: [MerchantIDs]
    let now: Instant

    /// A catalog's worth of identifiers, taken from a fresh generator in creation order.
    init() {
        let ids = IdentifierGenerator(after: BookingMix.identifierFloor())
        var catalog: [MerchantIDs] = []
        for _ in 0..<BookingMix.merchantCount {
            let merchant = MerchantID(ids.next())
            let staff = (0..<BookingMix.staffPerMerchant).map { _ in StaffID(ids.next()) }
            let services = BookingMix.services.map { _ in ServiceID(ids.next()) }
            let customers = (0..<BookingMix.customersPerMerchant).map { _ in CustomerID(ids.next()) }
            catalog.append(
                MerchantIDs(
                    merchant: merchant, staff: staff, services: services, customers: customers, apiKey: ids.next()))
        }
        self.ids = ids
        merchants = catalog
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        now = Instant(secondsSinceEpoch: Int64(time.tv_sec))
    }

    /// `count` bookings drawn with `seed`, each with a fresh identifier.
    func bookings(count: Int, seed: UInt64) -> [Booking] {
        precondition(count >= 0, "negative booking count")
        var random = BenchmarkRandom(seed: seed)
        let today = BookingMix.zone.localDateTime(at: now).date
        return (0..<count).map { _ in
            let ids = merchants.randomElement(using: &random)!
            let service = Int.random(in: 0..<BookingMix.services.count, using: &random)
            let shape = BookingMix.services[service]
            let date = today.adding(days: Int.random(in: 1...60, using: &random))
            let startsAt = BookingMix.zone.instant(on: date, at: 600 + 15 * Int.random(in: 0..<36, using: &random))
            let customer = ids.customers.randomElement(using: &random)!
            return Booking(
                id: BookingID(self.ids.next()),
                merchantID: ids.merchant,
                staffID: ids.staff.randomElement(using: &random)!,
                serviceID: ids.services[service],
                customerID: customer,
                startsAt: startsAt,
                endsAt: startsAt.adding(minutes: shape.durationMinutes),
                bufferAfterMinutes: shape.bufferAfterMinutes,
                note: BookingMix.note(&random),
                createdAt: now,
                origin: BookingMix.origin(customer: customer, apiKey: ids.apiKey, &random)
            )
        }
    }

    /// The record the engine logs for `booking`.
    static func record(_ booking: Booking) -> [UInt8] {
        EventCodec.encode(.bookingCreated(booking, idempotency: nil))
    }
}

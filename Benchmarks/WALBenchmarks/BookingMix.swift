import Core
import Foundation
import Node

/// The shape of the booking records every figure uses, so append, replay and compression measure the same bytes:
/// 100 merchants × 10 staff, 3 services (45/60/90 minutes, 0/10/15 minutes of cleanup after), 50 customers each;
/// 85 % of bookings without a note, 10 % with a short Latin note, 5 % with a CJK one; 60 % made by the customer over
/// LINE, 30 % by the salon through the API, 10 % in the back office. No idempotency keys or holds.
enum BookingMix {
    static let merchantCount = 100
    static let staffPerMerchant = 10
    static let customersPerMerchant = 50
    /// (duration, cleanup after) of each merchant's services, in minutes.
    static let services: [(durationMinutes: Int, bufferAfterMinutes: Int)] = [(60, 0), (90, 15), (45, 10)]
    /// The longest time one booking blocks (90 + 15 minutes): bookings of one staff member this far apart never clash.
    static let blockMinutesMax = 105
    static let zone = ZoneRules(identifier: "Asia/Taipei")!

    static let latinNotes = [
        "Gel removal first please", "Allergic to acetone", "Running 10 min late", "French tips, short almond",
        "Same design as last time (photo sent on LINE)", "Pedicure too if there is time",
    ]
    static let cjkNotes = [
        "想做法式美甲，長度短一點", "請幫我卸甲，謝謝", "可能會晚到十分鐘", "上次的款式再做一次，照片在LINE上",
        "對丙酮過敏，請注意", "ジェルオフもお願いします",
    ]

    /// A note drawn from the mix: mostly empty.
    static func note(_ random: inout BenchmarkRandom) -> String {
        let roll = Int.random(in: 0..<100, using: &random)
        if roll < 85 { return "" }
        if roll < 95 { return latinNotes.randomElement(using: &random)! }
        return cjkNotes.randomElement(using: &random)!
    }

    /// Who made a booking for `customer`, drawn from the mix; `apiKey` stands for the salon's key.
    static func origin(customer: CustomerID, apiKey: UInt64, _ random: inout BenchmarkRandom) -> Origin {
        let roll = Int.random(in: 0..<100, using: &random)
        if roll < 60 { return Origin(author: .customer(customer), channel: .line) }
        return Origin(author: Author(kind: .merchant, id: apiKey), channel: roll < 90 ? .api : .backOffice)
    }

    /// The engine's identifier seed at process start (as `Node.open` makes it): wall-clock milliseconds << 16.
    static func identifierFloor() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return (UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000) << 16
    }
}

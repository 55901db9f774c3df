import Core
import Crypto
import Foundation

/// The "demo customer" sign-in: a fresh customer per sign-in, clearly marked, for trying the pages without LINE.
enum DemoCustomer {
    /// Demo customers' LINE user ids start with this (LINE's own start with "U" and 32 hex digits).
    static let lineUserIDPrefix = "Udemo-"

    /// Creates a demo customer at the salon.
    static func create(engine: BookingEngine, merchantID: MerchantID, now: Instant) async throws(DurabilityError)
        -> Result<Customer, Rejection>
    {
        let suffix = SymmetricKey(size: .bits128).withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
        let context = CommandContext(now: now, origin: Origin(author: .system, channel: .liff))
        return try await engine.createCustomer(
            merchantID: merchantID,
            CustomerDraft(displayName: "Demo 示範顧客", lineUserID: lineUserIDPrefix + suffix, phone: nil),
            context)
    }
}

import Core

/// A signed-in customer of one salon, carried in a signed cookie (no server-side session store).
struct CustomerSession: SignedSession {
    var merchantID: MerchantID
    var customerID: CustomerID
    var expiresAt: Instant

    /// The cookie of customer sessions; its path keeps it to the booking pages.
    static let cookieName = "nb_customer"
    static let cookiePath = "/book/"

    /// The signed payload: `v1.<merchant>.<customer>.<expiry>`.
    var payload: String { "v1.\(merchantID.rawValue).\(customerID.rawValue).\(expiresAt.secondsSinceEpoch)" }

    init(merchantID: MerchantID, customerID: CustomerID, expiresAt: Instant) {
        self.merchantID = merchantID
        self.customerID = customerID
        self.expiresAt = expiresAt
    }

    init?(payload: String) {
        let parts = payload.split(separator: ".")
        guard parts.count == 4, parts[0] == "v1", let merchant = UInt64(parts[1]), let customer = UInt64(parts[2]),
            let expiry = Int64(parts[3]), (1..<(1 << 63)).contains(merchant), (1..<(1 << 63)).contains(customer)
        else { return nil }
        self.init(
            merchantID: MerchantID(merchant), customerID: CustomerID(customer),
            expiresAt: Instant(secondsSinceEpoch: expiry))
    }
}

extension SessionSigner {
    /// The customer session in a cookie value, if the signature holds, it has not expired, and it is for
    /// `merchantID`.
    func session(from value: String, merchantID: MerchantID, now: Instant) -> CustomerSession? {
        guard let session = session(from: value, as: CustomerSession.self, now: now),
            session.merchantID == merchantID
        else { return nil }
        return session
    }
}

/// What the setup made through the API: the merchants the workload books at.
struct World: Sendable {
    /// One service of a merchant.
    struct Service: Sendable {
        let id: String
        let durationMinutes: Int
    }

    /// One merchant and what it holds.
    struct Merchant: Sendable {
        let id: String
        /// The merchant's own API key; the workload acts as the salon.
        let apiKey: String
        let staffIDs: [String]
        let services: [Service]
        let customerIDs: [String]
    }

    let merchants: [Merchant]

    /// How many technicians the world has.
    var staffCount: Int { merchants.reduce(0) { $0 + $1.staffIDs.count } }
}

/// The shape of the world to make.
struct WorldShape: Sendable {
    var merchants = 100
    var staffPerMerchant = 10
    var customersPerMerchant = 3
    /// One service per duration.
    var serviceMinutes = [60, 90]
}

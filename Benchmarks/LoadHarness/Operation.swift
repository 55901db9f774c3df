/// One kind of request the harness sends.
enum Operation: String, CaseIterable, Codable, Sendable {
    /// `POST /v1/merchants/{m}/bookings` at a random slot; a 409 overlap is a business rejection.
    case create
    /// `GET /v1/merchants/{m}/availability` for a random service and day.
    case availability
    /// `GET /v1/merchants/{m}/bookings` for a random day.
    case list
    /// `POST /v1/merchants/{m}/bookings/{b}/cancel` of a booking this run created.
    case cancel
    /// `GET /health`.
    case health

    /// Whether the operation needs the world of merchants, staff, services and customers.
    var needsWorld: Bool { self != .health }

    /// Whether the operation only reads (and may go to a read replica).
    var isRead: Bool { self == .availability || self == .list || self == .health }
}

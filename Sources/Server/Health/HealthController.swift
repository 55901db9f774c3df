import Core
import Hummingbird

/// `GET /health`: whether this node accepts writes, its role and how far its log has got. No auth, no secrets.
struct HealthController: Sendable {
    let engine: BookingEngine

    /// The body of a health answer.
    struct Health: ResponseEncodable {
        var status: String
        var role: String
        var appliedLsn: UInt64
        var durableLsn: UInt64
        var version: String
        var merchants: Int
        var confirmedBookings: Int
    }

    func register(on router: Router<some RequestContext>) {
        router.get("/health") { _, _ in
            let (applied, merchants, confirmed) = engine.store.read { state in
                (state.appliedLSN, state.catalog.merchants.count, state.ledger.confirmedCount)
            }
            return Health(
                status: "ok",
                role: "leader",
                appliedLsn: applied,
                durableLsn: applied,
                version: ServerConfiguration.version,
                merchants: merchants,
                confirmedBookings: confirmed
            )
        }
    }
}

import Core
import HTTPTypes
import Hummingbird

/// What every API handler needs: the engine and the way to build answers.
struct API: Sendable {
    let engine: BookingEngine
    let metrics: ServerMetrics
    /// The wall clock (a settable one in tests).
    let clock: @Sendable () -> Instant

    /// The command context of a request: now, and who through the API.
    func command(_ context: NailbookContext) -> CommandContext {
        CommandContext(now: clock(), origin: Origin(author: context.principal?.author ?? .admin, channel: .api))
    }

    /// The merchant named by the `merchantId` path parameter, if the caller may act on it; else 404.
    func merchant(_ context: NailbookContext) throws -> Merchant {
        let text = context.parameters.get("merchantId") ?? ""
        guard let id = MerchantID(text), context.principal?.mayAct(on: id) == true,
            let merchant = engine.merchant(id)
        else { throw Problem.notFound("merchant") }
        return merchant
    }

    /// Requires the admin token.
    func requireAdmin(_ context: NailbookContext) throws {
        guard context.principal == .admin else {
            throw Problem(.forbidden, code: "forbidden", detail: "this needs the admin token")
        }
    }

    /// A path id of the given kind; a malformed one is simply not found.
    func pathID<Kind>(_ name: String, _ context: NailbookContext) throws -> Identifier<Kind> {
        guard let text = context.parameters.get(name), let id = Identifier<Kind>(text) else {
            throw Problem.notFound(String(name.dropLast(2)))
        }
        return id
    }
}

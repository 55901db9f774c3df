import Core
import HTTPTypes
import Hummingbird
import Node

/// What every API handler needs: the engine and the way to build answers.
struct API: Sendable {
    let engine: BookingEngine
    let metrics: ServerMetrics
    /// The wall clock (a settable one in tests).
    let clock: @Sendable () -> Instant
    /// The node whose archive files hold the bookings that left memory; nil without one.
    var node: Node? = nil
    /// The shard map: new salons are placed on the group with the fewest (``ShardDirectory``); nil without failover.
    var shards: ShardDirectory? = nil

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

    /// An archived booking of the merchant (a slower path: its file is read); nil when none holds it.
    func archivedBooking(_ id: BookingID, merchantID: MerchantID) throws -> ArchivedBooking? {
        guard let node, !node.engine.archivedFiles.isEmpty else { return nil }
        do {
            return try node.archivedBooking(id, merchantID: merchantID).map(erasedWhereAsked)
        } catch {
            throw Self.archiveUnreadable(error)
        }
    }

    /// An archived booking as its customer's erasure (after the file was written) leaves it.
    func erasedWhereAsked(_ entry: ArchivedBooking) -> ArchivedBooking {
        let customer = engine.customer(entry.booking.customerID, merchantID: entry.booking.merchantID)
        return customer?.erasedAt == nil ? entry : entry.erasingTexts()
    }

    /// Every archived booking of a merchant, file by file.
    func forEachArchived(of merchantID: MerchantID, _ body: (ArchivedBooking) throws -> Void) throws {
        guard let node else { return }
        do {
            try node.archive.forEach(of: merchantID, files: node.engine.archivedFiles) {
                try body(erasedWhereAsked($0))
            }
        } catch let error as ArchiveError {
            throw Self.archiveUnreadable(error)
        }
    }

    /// A damaged or missing archive file: the operator must restore it (`nailbook verify` names it).
    static func archiveUnreadable(_ error: ArchiveError) -> Problem {
        Problem(
            .serviceUnavailable, code: "archive_unavailable",
            detail: "an archive file cannot be read; the operator can restore it from a backup (nailbook verify)")
    }

    /// A path id of the given kind; a malformed one is simply not found.
    func pathID<Kind>(_ name: String, _ context: NailbookContext) throws -> Identifier<Kind> {
        guard let text = context.parameters.get(name), let id = Identifier<Kind>(text) else {
            throw Problem.notFound(String(name.dropLast(2)))
        }
        return id
    }
}

import Testing

@testable import Core

/// Replay and `verify` give the same state on every host: what apply needs from the zone database (the quota
/// month of a sent push) is recorded in the event, and data naming a zone this host does not know still decodes.
@Suite struct ReplayDeterminismTests {
    /// 2026-12-01 00:30 in Taipei, still 2026-11-30 in UTC: the month depends on the zone.
    static let pastMidnight = ZoneRules(identifier: "Asia/Taipei")!.instant(
        on: LocalDate(year: 2026, month: 12, day: 1)!, at: 30)
    static let december = 2026 * 12 + 11

    /// A salon whose confirmation was sent just past midnight on the first of December (Taipei time).
    private func salonWithASentPush() async throws -> Salon {
        let salon = try await OutboxTests.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        let confirmation = salon.engine.store.read { $0.outbox.notifications(ofBooking: booking.id) }[0]
        _ = try await salon.engine.recordDeliveries(
            [NotificationOutcome(id: confirmation.id, result: .sent)], at: Self.pastMidnight)
        return salon
    }

    /// The log's events as a host without the merchant's zone decodes them: same identifier, UTC offsets.
    private func asOnAHostWithoutTheZone(_ event: EngineEvent) -> EngineEvent {
        switch event {
        case .merchantCreated(var merchant):
            merchant.zone = ZoneRules(unresolvedIdentifier: merchant.zone.identifier)
            return .merchantCreated(merchant)
        case .merchantUpdated(var merchant):
            merchant.zone = ZoneRules(unresolvedIdentifier: merchant.zone.identifier)
            return .merchantUpdated(merchant)
        default:
            return event
        }
    }

    private func replay(_ events: [EngineEvent]) throws -> EngineState {
        var state = EngineState()
        for (index, event) in events.enumerated() { try state.apply(event, lsn: LSN(index + 1)) }
        return state
    }

    @Test func theEngineRecordsTheQuotaMonthOfASentPush() async throws {
        let salon = try await salonWithASentPush()
        let settled = salon.log.events.compactMap { event -> [NotificationOutcome]? in
            guard case .notificationsSettled(let outcomes, _) = event else { return nil }
            return outcomes
        }
        #expect(settled.flatMap { $0 }.map(\.quotaMonth) == [Self.december])
        let usage = salon.engine.store.read { $0.outbox.monthlyUsage[salon.merchant.id] }
        #expect(usage?.month == Self.december && usage?.sent == 1)
    }

    @Test func replayOnAHostWithoutTheZoneCountsTheSameMonth() async throws {
        let salon = try await salonWithASentPush()
        let original = salon.engine.store.snapshot()
        let coded = try salon.log.events.map { try EventCodec.decode(EventCodec.encode($0)) }
        let elsewhere = try replay(coded.map(asOnAHostWithoutTheZone))
        #expect(elsewhere.outbox.monthlyUsage[salon.merchant.id]?.month == Self.december)
        #expect(elsewhere.digest() == original.digest())
    }

    /// Without the recorded month (a format 2 log), the month came from the host's zone database: this is the
    /// difference the recorded month removes.
    @Test func aFormatTwoLogStillReadsAndFallsBackToTheZone() async throws {
        let salon = try await salonWithASentPush()
        let versionTwo = try salon.log.events.map { try EventCodec.decode(EventCodec.encodeInVersion2($0)) }
        let here = try replay(versionTwo)
        #expect(here.outbox.monthlyUsage[salon.merchant.id]?.month == Self.december)
        let elsewhere = try replay(versionTwo.map(asOnAHostWithoutTheZone))
        #expect(elsewhere.outbox.monthlyUsage[salon.merchant.id]?.month == Self.december - 1)
    }

    @Test func aSnapshotNamingAnUnknownZoneDecodesAndKeepsIt() async throws {
        let salon = try await salonWithASentPush()
        var bytes = SnapshotCodec.encode(salon.engine.store.snapshot())
        let known = Array("Asia/Taipei".utf8)
        let unknown = Array("Mars/Olympus".utf8.prefix(known.count))
        var replaced = 0
        var index = 0
        while index + known.count <= bytes.count {
            if bytes[index..<index + known.count].elementsEqual(known) {
                bytes.replaceSubrange(index..<index + known.count, with: unknown)
                replaced += 1
            }
            index += 1
        }
        #expect(replaced > 0)
        let decoded = try SnapshotCodec.decode(bytes)
        let zone = try #require(decoded.catalog.merchants[salon.merchant.id]?.zone)
        #expect(zone.identifier == "Mars/Olympu" && !zone.isResolved)
        #expect(SnapshotCodec.encode(decoded) == bytes)
    }

    @Test(arguments: [
        ("Asia/Taipei", true), ("America/Argentina/Buenos_Aires", true), ("Etc/GMT+8", true), ("UTC", true),
        ("", false), ("/", false), ("Asia//Taipei", false), ("Asia/../etc", false), ("Asia/Taipei ", false),
        ("Asia/台北", false), (String(repeating: "A", count: 15), false), ("Asia/Taipei\u{0}", false),
    ])
    func zoneNamesAreRecognisedByShape(identifier: String, wellFormed: Bool) {
        #expect(ZoneRules.isWellFormedIdentifier(identifier) == wellFormed)
    }
}

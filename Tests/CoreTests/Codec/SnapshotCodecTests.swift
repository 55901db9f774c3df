import Testing

@testable import Core

@Suite struct SnapshotCodecTests {
    private func runScenario(bookingsPerMerchant: Int) async throws -> EngineScenario {
        var scenario = EngineScenario(random: CodecTestRandom.seeded())
        try await scenario.run(bookingsPerMerchant: bookingsPerMerchant)
        return scenario
    }

    /// Everything a state holds, indexes included, is the same in both.
    private func expectSame(_ decoded: EngineState, _ original: EngineState, _ replay: String) {
        #expect(decoded.digest() == original.digest(), "\(replay)")
        #expect(decoded.appliedLSN == original.appliedLSN, "\(replay)")
        let (catalog, expected) = (decoded.catalog, original.catalog)
        #expect(catalog.merchants == expected.merchants && catalog.staff == expected.staff, "\(replay)")
        #expect(catalog.services == expected.services && catalog.customers == expected.customers, "\(replay)")
        #expect(catalog.customersByLineUser == expected.customersByLineUser, "\(replay)")
        for id in expected.merchants.keys {
            #expect(catalog.staff(of: id) == expected.staff(of: id), "\(replay)")
            #expect(catalog.services(of: id) == expected.services(of: id), "\(replay)")
            #expect(catalog.customers(of: id) == expected.customers(of: id), "\(replay)")
            let wide = (Instant(secondsSinceEpoch: 0), Instant(secondsSinceEpoch: 4_000_000_000))
            #expect(
                Set(decoded.ledger.bookingIDs(of: id, from: wide.0, to: wide.1))
                    == Set(original.ledger.bookingIDs(of: id, from: wide.0, to: wide.1)),
                "\(replay)"
            )
        }
        let (ledger, expectedLedger) = (decoded.ledger, original.ledger)
        #expect(ledger.bookings.sortedByID() == expectedLedger.bookings.sortedByID(), "\(replay)")
        #expect(ledger.holds == expectedLedger.holds, "\(replay)")
        #expect(ledger.idempotency == expectedLedger.idempotency, "\(replay)")
        #expect(ledger.changes == expectedLedger.changes, "\(replay)")
        #expect(ledger.confirmedCount == expectedLedger.confirmedCount, "\(replay)")
        #expect(decoded.keyRing.keys == original.keyRing.keys, "\(replay)")
        for key in original.keyRing.keys.values {
            #expect(decoded.keyRing.key(digest: key.digest) == key, "\(replay)")
        }
    }

    @Test func engineStateRoundTrips() async throws {
        let scenario = try await runScenario(bookingsPerMerchant: 150)
        let replay = scenario.random.replay
        let state = scenario.engine.store.snapshot()
        let statuses = Set(state.ledger.bookings.values.map(\.status))
        #expect(statuses == Set(BookingStatus.allCases), "\(replay)")
        #expect(!state.ledger.holds.isEmpty && !state.ledger.idempotency.isEmpty, "\(replay)")
        #expect(state.ledger.bookings.values.contains { $0.holdID != nil }, "\(replay)")
        #expect(state.ledger.changes.count > 50, "\(replay)")
        #expect(state.keyRing.keys.count >= 2, "\(replay)")
        let bytes = SnapshotCodec.encode(state)
        #expect(bytes.first == SnapshotCodec.formatVersion)
        let decoded = try SnapshotCodec.decode(bytes)
        expectSame(decoded, state, replay)
        #expect(SnapshotCodec.encode(decoded) == bytes, "\(replay)")
        #expect(try SnapshotCodec.decode(bytes[...]).digest() == state.digest(), "\(replay)")
        let raw = try bytes.withUnsafeBytes { buffer in try SnapshotCodec.decode(buffer) }
        #expect(raw.digest() == state.digest(), "\(replay)")
    }

    @Test func replayingCodedEventsRebuildsTheEngineState() async throws {
        let scenario = try await runScenario(bookingsPerMerchant: 150)
        let replay = scenario.random.replay
        let state = scenario.engine.store.snapshot()
        let events = scenario.log.events
        #expect(events.count == Int(state.appliedLSN), "\(replay)")
        var replayed = EngineState()
        for (index, event) in events.enumerated() {
            let decoded = try EventCodec.decode(EventCodec.encode(event))
            #expect(decoded == event, "\(replay)")
            try replayed.apply(decoded, lsn: LSN(index + 1))
        }
        expectSame(replayed, state, replay)
        #expect(SnapshotCodec.encode(replayed) == SnapshotCodec.encode(state), "\(replay)")
    }

    @Test func aSnapshotPlusTheLogTailRebuildsTheEngineState() async throws {
        let scenario = try await runScenario(bookingsPerMerchant: 60)
        let replay = scenario.random.replay
        let final = scenario.engine.store.snapshot()
        let events = scenario.log.events
        for cut in [0, 1, events.count / 3, events.count / 2, events.count - 1, events.count] {
            var state = EngineState()
            for (index, event) in events.prefix(cut).enumerated() { try state.apply(event, lsn: LSN(index + 1)) }
            var restored = try SnapshotCodec.decode(SnapshotCodec.encode(state))
            for (index, event) in events.enumerated().dropFirst(cut) {
                try restored.apply(try EventCodec.decode(EventCodec.encode(event)), lsn: LSN(index + 1))
            }
            expectSame(restored, final, "\(replay) cut \(cut)")
        }
    }

    @Test func anEngineRunsOnADecodedState() async throws {
        let scenario = try await runScenario(bookingsPerMerchant: 40)
        let state = try SnapshotCodec.decode(SnapshotCodec.encode(scenario.engine.store.snapshot()))
        let store = StateStore(state)
        let log = InMemoryEventLog { event, lsn in store.apply(event, lsn: lsn + state.appliedLSN) }
        let engine = BookingEngine(store: store, log: log, ids: IdentifierGenerator(after: 1 << 40))
        let taken = try #require(state.ledger.bookings.values.first { $0.status == .confirmed })
        let again = NewBooking(
            merchantID: taken.merchantID, serviceID: taken.serviceID, staffID: taken.staffID,
            customerID: taken.customerID, startsAt: taken.startsAt, allowOutsideWorkingHours: true)
        let context = CommandContext(now: scenario.now, origin: .system)
        guard case .failure(let rejection) = try await engine.createBooking(again, context) else {
            Issue.record("\(scenario.random.replay): a confirmed booking's time was booked again")
            return
        }
        #expect(rejection.code == .overlap)
    }

    @Test func anEmptyStateHasAFixedEncoding() throws {
        let bytes = SnapshotCodec.encode(EngineState())
        // Format 4's tail: no accounts, no invites; no merchant, customer or channel extensions; no archive files;
        // no booking awaiting approval. Format 5's: no resources, no service, booking or hold needing one, no visit.
        // Format 6's: no waitlist entry, no held visit.
        #expect(
            bytes == [6, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0] + [0, 0] + [0, 0] + [0, 0, 0, 0, 0] + [0, 0, 0, 0, 0]
                + [0, 0])
        #expect(try SnapshotCodec.decode(bytes).digest() == EngineState().digest())
        // Version 5 snapshots (before the waitlist) are still read.
        #expect(
            try SnapshotCodec.decode(
                [5, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0] + [0, 0] + [0, 0] + [0, 0, 0, 0, 0] + [0, 0, 0, 0, 0]
            ).digest() == EngineState().digest())
        // Version 4 snapshots (before the resources) are still read.
        #expect(
            try SnapshotCodec.decode([4, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0] + [0, 0] + [0, 0] + [0, 0, 0, 0, 0])
                .digest() == EngineState().digest())
        // Version 3 snapshots (before the accounts) are still read.
        #expect(
            try SnapshotCodec.decode([3, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0] + [0, 0]).digest()
                == EngineState().digest())
        // Version 2 snapshots (before the merchant and channel extensions) are still read.
        #expect(try SnapshotCodec.decode([2, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0]).digest() == EngineState().digest())
        // Version 1 snapshots (before the outbox) are still read.
        #expect(try SnapshotCodec.decode([1, 0, 0, 0, 0, 0, 0]).digest() == EngineState().digest())
    }

    @Test(
        arguments: [
            ([7, 0, 0, 0, 0, 0, 0], CodecError.Code.unsupportedVersion),
            ([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .truncated),
            ([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .trailingBytes),
            ([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .truncated),
            ([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .trailingBytes),
            ([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .truncated),
            ([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], .trailingBytes),
            ([0], .unsupportedVersion),
            ([], .truncated),
            ([1, 0, 0, 0, 0, 0], .truncated),
            ([1, 0, 0, 0, 0, 0, 0, 0], .trailingBytes),
        ] as [([UInt8], CodecError.Code)])
    func unknownVersionsAndTrailingBytesAreRejected(bytes: [UInt8], code: CodecError.Code) {
        do throws(CodecError) {
            let state = try SnapshotCodec.decode(bytes)
            Issue.record("decoded \(bytes) to a state at LSN \(state.appliedLSN)")
        } catch {
            #expect(error.code == code, "\(bytes)")
        }
    }
}

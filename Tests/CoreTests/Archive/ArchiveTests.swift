import Testing

@testable import Core

@Suite("Archive: bookings leave memory for files, recorded in the log")
struct ArchiveTests {
    /// A salon with `count` bookings on the test Monday and the days after, every second one cancelled (with a
    /// reason) and the others completed, plus one confirmed booking; returns the closed ones' ids.
    static func closedSalon(count: Int = 20) async throws -> (Salon, [BookingID], BookingID) {
        let salon = try await Salon.make(staffCount: 1, keepsEvents: true)
        var closed: [BookingID] = []
        for index in 0..<count {
            let day = Salon.monday.adding(days: index / 4)
            let booking = try await salon.book(salon.at(day, 10 + index % 4)).get()
            if index % 2 == 0 {
                _ = try await salon.engine.cancelBooking(
                    booking.id, merchantID: salon.merchant.id, reason: "沒空 \(index)", Salon.merchantContext
                ).get()
            } else {
                _ = try await salon.engine.completeBooking(
                    booking.id, merchantID: salon.merchant.id, Salon.merchantContext
                )
                .get()
            }
            closed.append(booking.id)
        }
        let open = try await salon.book(salon.at(Salon.monday.adding(days: 30), 10)).get()
        return (salon, closed, open.id)
    }

    @Test("a batch takes closed bookings started before the cutoff; its file's content holds them and their history")
    func archiveABatch() async throws {
        let (salon, closed, open) = try await Self.closedSalon()
        let engine = salon.engine
        let cutoff = salon.at(Salon.monday.adding(days: 3), 0)
        let expected = closed.filter { engine.booking($0, merchantID: salon.merchant.id)!.startsAt < cutoff }
        let histories = Dictionary(
            uniqueKeysWithValues: expected.map { ($0, engine.history(of: $0, merchantID: salon.merchant.id)!) })
        var stored: (ArchiveBatch, [UInt8])?
        let batch = try #require(
            try await engine.archiveNextBatch(cutoff: cutoff, at: Salon.now) { batch, content in
                stored = (batch, content)
            })
        #expect(batch.name == "archive-000001.nba" && batch.bookingIDs == expected.sorted())
        #expect(batch.merchantIDs == [salon.merchant.id])
        let (_, content) = try #require(stored)
        #expect(ArchiveFormatV1.digest(content) == batch.contentDigest)
        let entries = try ArchiveFormatV1.decode(content)
        #expect(entries.map(\.booking.id) == expected.sorted())
        for entry in entries { #expect(entry.history == histories[entry.booking.id]) }
        #expect(entries.contains { $0.booking.cancelReason == "沒空 0" })
        // Out of memory: bookings, histories; the open one and the later closed ones stay.
        for id in expected { #expect(engine.booking(id, merchantID: salon.merchant.id) == nil) }
        #expect(engine.booking(open, merchantID: salon.merchant.id)?.status == .confirmed)
        #expect(engine.store.read { $0.ledger.bookings.count } == closed.count + 1 - expected.count)
        #expect(engine.archivedFiles.map(\.name) == ["archive-000001.nba"])
        // The same content is computed from a replay of the log up to the record, and the replay agrees.
        var replayed = EngineState()
        var lsn: LSN = 0
        for event in salon.log.events {
            lsn += 1
            if case .bookingsArchived(let logged) = event {
                #expect(BookingEngine.archiveContent(for: logged, in: replayed) == content)
            }
            try replayed.apply(event, lsn: lsn)
        }
        #expect(replayed.digest() == engine.store.read { $0.digest() })
        // Nothing more before the cutoff: no second batch.
        #expect(try await engine.archiveNextBatch(cutoff: cutoff, at: Salon.now) { _, _ in } == nil)
    }

    @Test("a file that cannot be stored logs nothing and leaves the bookings in memory")
    func fileNotStored() async throws {
        struct DiskFull: Error {}
        let (salon, closed, _) = try await Self.closedSalon(count: 4)
        let before = salon.engine.store.read { $0.digest() }
        do {
            _ = try await salon.engine.archiveNextBatch(
                cutoff: salon.at(Salon.monday.adding(days: 9), 0), at: Salon.now
            ) {
                _, _ in throw DiskFull()
            }
            Issue.record("archived without its file")
        } catch {
            guard case .fileNotStored = error else { throw error }
        }
        #expect(salon.engine.store.read { $0.digest() } == before)
        for id in closed { #expect(salon.engine.booking(id, merchantID: salon.merchant.id) != nil) }
    }

    @Test("a customer claimed by another change keeps their bookings until the next run")
    func claimedCustomer() async throws {
        let (salon, _, _) = try await Self.closedSalon(count: 4)
        let customer = salon.customer.id
        _ = salon.engine.customerClaims.withLock { $0.insert(customer) }
        let batch = try await salon.engine.archiveNextBatch(
            cutoff: salon.at(Salon.monday.adding(days: 9), 0), at: Salon.now
        ) {
            _, _ in
        }
        #expect(batch == nil)
        _ = salon.engine.customerClaims.withLock { $0.remove(customer) }
        let later = try await salon.engine.archiveNextBatch(
            cutoff: salon.at(Salon.monday.adding(days: 9), 0), at: Salon.now
        ) {
            _, _ in
        }
        #expect(later?.bookingIDs.count == 4)
    }

    @Test("applying refuses confirmed or missing bookings, other merchants and a reused name")
    func inconsistentBatches() async throws {
        let (salon, closed, open) = try await Self.closedSalon(count: 4)
        let state = salon.engine.store.snapshot()
        func batch(_ ids: [BookingID], merchants: [MerchantID]? = nil, name: String = "archive-000001.nba")
            -> EngineEvent
        {
            .bookingsArchived(
                ArchiveBatch(
                    name: name, bookingIDs: ids.sorted(), merchantIDs: merchants ?? [salon.merchant.id],
                    contentDigest: 1, cutoff: Salon.now, at: Salon.now))
        }
        for event in [
            batch([closed[0], open]), batch([closed[0], BookingID(999_999)]),
            batch([closed[0]], merchants: [MerchantID(424_242)]), batch([closed[0]], merchants: []),
        ] {
            var copy = state
            #expect(throws: InconsistentEvent.self) { try copy.apply(event, lsn: state.appliedLSN + 1) }
        }
        var copy = state
        try copy.apply(batch([closed[0]]), lsn: state.appliedLSN + 1)
        #expect(throws: InconsistentEvent.self) { try copy.apply(batch([closed[1]]), lsn: state.appliedLSN + 2) }
    }

    @Test("event and snapshot round trips keep the batch and the archive's list; the content codec refuses junk")
    func roundTrips() async throws {
        let (salon, _, _) = try await Self.closedSalon(count: 8)
        let batch = try #require(
            try await salon.engine.archiveNextBatch(cutoff: salon.at(Salon.monday.adding(days: 9), 0), at: Salon.now) {
                _, _ in
            })
        #expect(try EventCodec.decode(EventCodec.encode(.bookingsArchived(batch))) == .bookingsArchived(batch))
        let state = salon.engine.store.snapshot()
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(state))
        #expect(decoded.ledger.archive == state.ledger.archive && decoded.digest() == state.digest())
        #expect(state.ledger.archive.first?.count == 8)
        #expect(throws: CodecError.self) { try ArchiveFormatV1.decode([3, 0]) }
        #expect(throws: CodecError.self) { try ArchiveFormatV1.decode([1, 0, 0]) }
        #expect(try ArchiveFormatV1.decode(ArchiveFormatV1.encode([])).isEmpty)
    }
}

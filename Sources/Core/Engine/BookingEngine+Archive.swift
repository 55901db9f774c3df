extension BookingEngine {
    /// Why an archive run stopped before logging its batch.
    public enum ArchiveFailure: Error {
        /// Another archive run is going on.
        case alreadyRunning
        /// The file could not be stored (nothing was logged; the bookings stay in memory).
        case fileNotStored(any Error)
        /// The log refused the record (after the file was stored: an unreferenced file, overwritten next time).
        case notLogged(DurabilityError)
    }

    /// Archives the closed (completed, cancelled, no-show) bookings that started before `cutoff`, oldest ids
    /// first, at most ``ArchiveBatch/bookingsMax`` of them: the batch and its content are computed from the state,
    /// `storeFile` must write the content durably (synced) before it returns, then the batch is logged, which takes
    /// the bookings out of memory. Returns nil when nothing is archivable.
    ///
    /// The bookings' customers are claimed while this runs, so that nothing that changes a closed booking (an
    /// erasure) can slip between the content and the record: every node computes the same content at the
    /// record's place in the log.
    public func archiveNextBatch(
        cutoff: Instant, at: Instant, storeFile: (ArchiveBatch, [UInt8]) async throws -> Void
    ) async throws(ArchiveFailure) -> ArchiveBatch? {
        guard
            archiveRunning.withLock({ running in
                defer { running = true }
                return !running
            })
        else {
            throw .alreadyRunning
        }
        defer { archiveRunning.withLock { $0 = false } }
        let candidates = store.read { state in
            state.ledger.bookings.values.filter { $0.status != .confirmed && $0.startsAt < cutoff }
                .sorted { $0.id < $1.id }.prefix(ArchiveBatch.bookingsMax).map { ($0.id, $0.customerID) }
        }
        guard !candidates.isEmpty else { return nil }
        // Customers another change holds (an erasure in flight) keep their bookings until the next run.
        let claimed = customerClaims.withLock { claims in
            Set(candidates.map(\.1)).filter { claims.insert($0).inserted }
        }
        defer { customerClaims.withLock { claims in claims.subtract(claimed) } }
        let ids = candidates.filter { claimed.contains($0.1) }.map(\.0)
        guard !ids.isEmpty else { return nil }
        let prepared = store.read { state -> (ArchiveBatch, [UInt8])? in
            let name = ArchiveBatch.fileName(sequence: state.ledger.archive.count + 1)
            guard let entries = Self.archivedEntries(ids, in: state) else { return nil }
            let content = ArchiveFormatV1.encode(entries)
            let merchants = Set(entries.map(\.booking.merchantID)).sorted()
            let batch = ArchiveBatch(
                name: name, bookingIDs: ids, merchantIDs: merchants,
                contentDigest: ArchiveFormatV1.digest(content), cutoff: cutoff, at: at)
            return (batch, content)
        }
        // Closed bookings never change but by an erasure, which the claims keep out.
        guard let (batch, content) = prepared else { preconditionFailure("claimed closed bookings changed") }
        do {
            try await storeFile(batch, content)
        } catch {
            throw .fileNotStored(error)
        }
        do {
            _ = try await commit(.bookingsArchived(batch))
        } catch {
            throw .notLogged(error)
        }
        return batch
    }

    /// The content of `batch`'s file computed from the state as it is now (before the batch is applied); nil when
    /// one of its bookings is not here or still confirmed. Followers and replays write a missing file with it.
    public func archiveContent(for batch: ArchiveBatch) -> [UInt8]? {
        store.read { Self.archiveContent(for: batch, in: $0) }
    }

    /// The content of `batch`'s file computed from `state` (before the batch is applied).
    public static func archiveContent(for batch: ArchiveBatch, in state: borrowing EngineState) -> [UInt8]? {
        archivedEntries(batch.bookingIDs, in: state).map(ArchiveFormatV1.encode)
    }

    /// The files holding archived bookings, in the order they were written.
    public var archivedFiles: [ArchivedFile] { store.read { $0.ledger.archive } }

    /// The bookings `ids` with their changes, if each is here and closed.
    static func archivedEntries(_ ids: [BookingID], in state: borrowing EngineState) -> [ArchivedBooking]? {
        var entries: [ArchivedBooking] = []
        entries.reserveCapacity(ids.count)
        for id in ids {
            guard let booking = state.ledger.bookings[id], booking.status != .confirmed else { return nil }
            entries.append(ArchivedBooking(booking: booking, changes: Array(state.ledger.history(of: id).dropFirst())))
        }
        return entries
    }
}

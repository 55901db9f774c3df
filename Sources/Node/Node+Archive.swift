import Core
import WAL

/// What an archive run did.
public struct ArchiveRunReport: Sendable, Equatable {
    /// The files written and logged, in order.
    public var files: [String] = []
    /// Bookings that left memory.
    public var bookings = 0
}

extension Node {
    /// Archives the closed bookings that started before `cutoff`, one file of at most 20,000 at a time, each written
    /// and synced before the log records it (``BookingEngine/archiveNextBatch(cutoff:at:storeFile:)``), until none
    /// is left or `batchesMax` files were written; then rewrites `manifest.json`. Runs on the leader only.
    public func archiveBookings(before cutoff: Instant, now: Instant, batchesMax: Int = .max)
        async throws(BookingEngine.ArchiveFailure) -> ArchiveRunReport
    {
        var report = ArchiveRunReport()
        let archive = self.archive
        while report.files.count < batchesMax {
            let batch = try await engine.archiveNextBatch(cutoff: cutoff, at: now) { batch, content in
                try archive.write(content, batch: batch)
            }
            guard let batch else { break }
            report.files.append(batch.name)
            report.bookings += batch.bookingIDs.count
        }
        if !report.files.isEmpty { try? archive.writeManifest(engine.archivedFiles) }
        return report
    }

    /// An archived booking of a merchant read back from its file (nil when no archive file holds it).
    public func archivedBooking(_ id: BookingID, merchantID: MerchantID) throws(ArchiveError) -> ArchivedBooking? {
        try archive.booking(id, merchantID: merchantID, files: engine.archivedFiles)
    }
}

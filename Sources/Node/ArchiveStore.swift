import Core
import Foundation
import Synchronization
import WAL

/// The data folder's `bookings-archive/`: one file per archived batch (``ArchiveFile``), written and synced before
/// the log records the batch, plus `manifest.json`, a readable list of the files (the log and the snapshots are the
/// source of truth; the manifest is rewritten from them).
///
/// Reads decode a whole file (a batch is at most 20,000 bookings); the last few decoded files are kept.
public final class ArchiveStore: Sendable {
    /// The folder.
    public let directory: String
    private let storage: any WALStorage
    private let decoded = Mutex<[(name: String, bookings: [ArchivedBooking])]>([])
    /// Decoded files kept in memory.
    static let cachedFilesMax = 2

    init(directory: String, storage: any WALStorage) {
        self.directory = directory
        self.storage = storage
    }

    /// The folder's name in a data folder.
    public static let folderName = "bookings-archive"

    func path(_ name: String) -> String { directory + "/" + name }

    /// Writes a batch's file crash-safely (`.tmp`, synced, renamed, folder synced); a file of that name that the
    /// log does not name (left by a run that crashed before logging) is replaced.
    public func write(_ content: [UInt8], batch: ArchiveBatch) throws(WALStorageError) {
        try storage.writeWholeFile(ArchiveFile.encode(content, batch: batch), to: path(batch.name), in: directory)
        decoded.withLock { $0.removeAll { $0.name == batch.name } }
    }

    /// Checks a file against the digest the log recorded.
    public func check(name: String, digest: UInt64) -> Result<[UInt8], ArchiveError> {
        let bytes: [UInt8]
        do {
            bytes = try storage.readFile(path(name))
        } catch {
            return .failure(ArchiveError("\(name) cannot be read: \(error)"))
        }
        return ArchiveFile.content(of: bytes, expected: digest)
    }

    /// Before `batch` is applied here (a follower, a replay): its file is kept when whole and right, else written
    /// from `content`, the state's own computation, which must have the digest the leader logged.
    func ensure(_ batch: ArchiveBatch, content: () -> [UInt8]?) throws(ArchiveError) {
        if case .success = check(name: batch.name, digest: batch.contentDigest) { return }
        guard let content = content() else {
            throw ArchiveError("\(batch.name): the state lacks bookings the log archived")
        }
        guard ArchiveFormatV1.digest(content) == batch.contentDigest else {
            throw ArchiveError("\(batch.name): this node's bookings differ from the leader's (content digest)")
        }
        do {
            try write(content, batch: batch)
        } catch {
            throw ArchiveError("\(batch.name) cannot be written: \(error)")
        }
    }

    /// Stores a file fetched from the leader after checking it against the state's record of it.
    public func store(_ bytes: [UInt8], for file: ArchivedFile) throws(ArchiveError) {
        guard case .success = ArchiveFile.content(of: bytes, expected: file.contentDigest) else {
            throw ArchiveError("\(file.name) from the leader does not match its record")
        }
        do {
            try storage.writeWholeFile(bytes, to: path(file.name), in: directory)
        } catch {
            throw ArchiveError("\(file.name) cannot be written: \(error)")
        }
    }

    /// The files of `files` that are missing here or damaged.
    public func missing(of files: [ArchivedFile]) -> [ArchivedFile] {
        files.filter { file in
            guard case .success = check(name: file.name, digest: file.contentDigest) else { return true }
            return false
        }
    }

    /// The bookings of one file.
    public func bookings(in file: ArchivedFile) throws(ArchiveError) -> [ArchivedBooking] {
        if let hit = decoded.withLock({ $0.first { $0.name == file.name }?.bookings }) { return hit }
        let content = try check(name: file.name, digest: file.contentDigest).get()
        let bookings: [ArchivedBooking]
        do {
            bookings = try ArchiveFormatV1.decode(content)
        } catch {
            throw ArchiveError("\(file.name) does not decode: \(error)")
        }
        decoded.withLock { cache in
            cache.insert((file.name, bookings), at: 0)
            if cache.count > Self.cachedFilesMax { cache.removeLast() }
        }
        return bookings
    }

    /// An archived booking of a merchant, from the files that may hold it.
    public func booking(_ id: BookingID, merchantID: MerchantID, files: [ArchivedFile]) throws(ArchiveError)
        -> ArchivedBooking?
    {
        for file in files where file.mayHold(id, of: merchantID) {
            let bookings = try self.bookings(in: file)
            if let found = Self.search(bookings, id), found.booking.merchantID == merchantID { return found }
        }
        return nil
    }

    /// Every archived booking of a merchant, file by file, oldest file first.
    public func forEach(
        of merchantID: MerchantID, files: [ArchivedFile], _ body: (ArchivedBooking) throws -> Void
    ) throws {
        for file in files where file.merchantIDs.contains(merchantID) {
            for entry in try bookings(in: file) where entry.booking.merchantID == merchantID { try body(entry) }
        }
    }

    /// Rewrites `manifest.json` for `files` (crash-safe; it is only a readable list).
    public func writeManifest(_ files: [ArchivedFile]) throws(WALStorageError) {
        struct Entry: Encodable {
            var file: String
            var bookings: Int
            var firstBookingId: String
            var lastBookingId: String
            var merchants: [String]
            var contentDigest: String
            var cutoff: String
            var archivedAt: String
        }
        let entries = files.map {
            Entry(
                file: $0.name, bookings: $0.count, firstBookingId: $0.firstID.description,
                lastBookingId: $0.lastID.description, merchants: $0.merchantIDs.map(\.description),
                contentDigest: String($0.contentDigest, radix: 16), cutoff: RFC3339.formatUTC($0.cutoff),
                archivedAt: RFC3339.formatUTC($0.at))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes = (try? encoder.encode(["files": entries])).map(Array.init) ?? []
        try storage.writeWholeFile(bytes + [0x0A], to: path("manifest.json"), in: directory)
    }

    private static func search(_ bookings: [ArchivedBooking], _ id: BookingID) -> ArchivedBooking? {
        var low = 0
        var high = bookings.count
        while low < high {
            let middle = (low + high) / 2
            if bookings[middle].booking.id < id { low = middle + 1 } else { high = middle }
        }
        return low < bookings.count && bookings[low].booking.id == id ? bookings[low] : nil
    }
}

/// One archive file's worth of bookings that left memory: what the log records (`bookingsArchived`) and what the
/// state keeps about it afterwards, so that every node knows which files it must hold and where a booking went.
///
/// The file's content is a pure function of the state just before the event (``ArchiveFormatV1``): a follower or a
/// replay writes the same bytes again when its copy is missing, and `contentDigest` proves they are the same.
public struct ArchiveBatch: Hashable, Sendable {
    /// The file's name in the data folder's `bookings-archive` (`archive-000001.nba`, numbered from 1).
    public var name: String
    /// The bookings, by ascending id.
    public var bookingIDs: [BookingID]
    /// The merchants whose bookings it holds, by ascending id.
    public var merchantIDs: [MerchantID]
    /// The ``StableHasher`` digest of the file's content (before compression).
    public var contentDigest: UInt64
    /// Bookings that started before this instant were eligible.
    public var cutoff: Instant
    /// When the batch was archived.
    public var at: Instant

    /// Creates a batch; `bookingIDs` and `merchantIDs` must be ascending without repeats.
    public init(
        name: String, bookingIDs: [BookingID], merchantIDs: [MerchantID], contentDigest: UInt64, cutoff: Instant,
        at: Instant
    ) {
        precondition(zip(bookingIDs, bookingIDs.dropFirst()).allSatisfy { $0 < $1 }, "booking ids ascending")
        precondition(zip(merchantIDs, merchantIDs.dropFirst()).allSatisfy { $0 < $1 }, "merchant ids ascending")
        self.name = name
        self.bookingIDs = bookingIDs
        self.merchantIDs = merchantIDs
        self.contentDigest = contentDigest
        self.cutoff = cutoff
        self.at = at
    }

    /// The name of the `sequence`-th archive file.
    public static func fileName(sequence: Int) -> String {
        let digits = String(sequence)
        return "archive-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".nba"
    }

    /// Bookings per file at most (the log record naming them stays well under the log's 1 MB record limit).
    public static let bookingsMax = 20_000
}

/// What the state keeps about an archived batch (its booking ids are not kept in memory: the file has them).
public struct ArchivedFile: Hashable, Sendable {
    /// The file's name.
    public var name: String
    /// How many bookings it holds.
    public var count: Int
    /// The lowest and highest booking id in it.
    public var firstID: BookingID
    public var lastID: BookingID
    /// The merchants whose bookings it holds, ascending.
    public var merchantIDs: [MerchantID]
    /// The digest of its content.
    public var contentDigest: UInt64
    /// The batch's cutoff and when it was archived.
    public var cutoff: Instant
    public var at: Instant

    /// The summary of a batch.
    public init(_ batch: ArchiveBatch) {
        precondition(!batch.bookingIDs.isEmpty, "an archive batch holds at least one booking")
        name = batch.name
        count = batch.bookingIDs.count
        firstID = batch.bookingIDs[0]
        lastID = batch.bookingIDs[batch.bookingIDs.count - 1]
        merchantIDs = batch.merchantIDs
        contentDigest = batch.contentDigest
        cutoff = batch.cutoff
        at = batch.at
    }

    /// Creates a summary from its fields (snapshots).
    public init(
        name: String, count: Int, firstID: BookingID, lastID: BookingID, merchantIDs: [MerchantID],
        contentDigest: UInt64, cutoff: Instant, at: Instant
    ) {
        self.name = name
        self.count = count
        self.firstID = firstID
        self.lastID = lastID
        self.merchantIDs = merchantIDs
        self.contentDigest = contentDigest
        self.cutoff = cutoff
        self.at = at
    }

    /// Whether the file may hold this booking of this merchant.
    public func mayHold(_ id: BookingID, of merchantID: MerchantID) -> Bool {
        firstID <= id && id <= lastID && merchantIDs.contains(merchantID)
    }
}

/// An archived booking as read back from its file: the booking and its changes after creation.
public struct ArchivedBooking: Hashable, Sendable {
    public var booking: Booking
    public var changes: [BookingChange]

    /// Creates an entry.
    public init(booking: Booking, changes: [BookingChange]) {
        self.booking = booking
        self.changes = changes
    }

    /// The full history, oldest first, starting with the creation (as `Ledger.history(of:)` gives it).
    public var history: [BookingChange] {
        [BookingChange(at: booking.createdAt, action: .created, origin: booking.origin)] + changes
    }
}

extension ArchivedBooking {
    /// This booking as its customer's erasure leaves it (archived files keep what was written; readers apply it).
    public func erasingTexts() -> ArchivedBooking {
        var copy = self
        ErasedTexts.erase(&copy.booking)
        ErasedTexts.erase(&copy.changes)
        return copy
    }
}

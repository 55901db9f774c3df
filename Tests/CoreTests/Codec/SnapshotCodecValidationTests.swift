import Testing

@testable import Core

/// Hostile snapshots never trap: they decode to a state whose parts fit together, or throw a `CodecError`.
@Suite struct SnapshotCodecValidationTests {
    private typealias Domain = DomainFormatV1

    /// One merchant's part of a hand-made snapshot, written in the order given (which may be wrong on purpose).
    private struct MerchantPart {
        var merchant: Merchant
        var staff: [Staff] = []
        var services: [Service] = []
        var customers: [Customer] = []
    }

    /// A snapshot written field by field, in the order given, without the encoder's sorting.
    private func snapshot(
        _ merchants: [MerchantPart],
        bookings: [(Booking, [BookingChange])] = [],
        holds: [Hold] = [],
        keys: [(IdempotencyKey, BookingID)] = [],
        apiKeys: [ApiKey] = []
    ) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(1)  // hand-made in version 1, which every later build still reads
        writer.writeVarUInt(99)
        writer.writeVarUInt(UInt64(merchants.count))
        for part in merchants {
            Domain.write(part.merchant, to: &writer)
            writer.writeVarUInt(UInt64(part.staff.count))
            for staff in part.staff { Domain.write(staff, to: &writer) }
            writer.writeVarUInt(UInt64(part.services.count))
            for service in part.services { Domain.write(service, to: &writer) }
            writer.writeVarUInt(UInt64(part.customers.count))
            for customer in part.customers { Domain.write(customer, to: &writer) }
        }
        writer.writeVarUInt(UInt64(bookings.count))
        for (booking, changes) in bookings {
            Domain.write(booking, to: &writer)
            writer.writeVarUInt(UInt64(changes.count))
            for change in changes { Domain.write(change, to: &writer) }
        }
        writer.writeVarUInt(UInt64(holds.count))
        for hold in holds { Domain.write(hold, to: &writer) }
        writer.writeVarUInt(UInt64(keys.count))
        for (key, bookingID) in keys {
            Domain.write(key, to: &writer)
            writer.writeUInt64(7)
            Domain.write(bookingID, to: &writer)
            Domain.write(Instant(secondsSinceEpoch: 0), to: &writer)
        }
        writer.writeVarUInt(UInt64(apiKeys.count))
        for key in apiKeys { Domain.write(key, to: &writer) }
        return writer.bytes
    }

    private func code(_ bytes: [UInt8]) -> CodecError.Code? {
        do throws(CodecError) {
            _ = try SnapshotCodec.decode(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    private func merchant(_ id: UInt64) -> Merchant {
        var merchant = EventSamples.merchant
        merchant.id = MerchantID(id)
        return merchant
    }

    private func booking(_ id: UInt64) -> Booking {
        var booking = EventSamples.booking
        booking.id = BookingID(id)
        return booking
    }

    private func customer(_ id: UInt64, merchant: UInt64, line: String?) -> Customer {
        Customer(
            id: CustomerID(id), merchantID: MerchantID(merchant), displayName: "小美", lineUserID: line,
            createdAt: EventSamples.createdAt)
    }

    @Test func aWellFormedHandMadeSnapshotDecodes() throws {
        var staff = EventSamples.staff
        staff.merchantID = MerchantID(1)
        let bytes = snapshot(
            [
                MerchantPart(merchant: merchant(1), staff: [staff], customers: [customer(2, merchant: 1, line: "U1")]),
                MerchantPart(merchant: merchant(3)),
            ],
            bookings: [
                (booking(1), [BookingChange(at: EventSamples.createdAt, action: .completed, origin: .system)]),
                (booking(2), []),
            ],
            holds: [EventSamples.hold],
            keys: [
                (IdempotencyKey(merchantID: MerchantID(1), key: "a"), BookingID(2)),
                (IdempotencyKey(merchantID: MerchantID(1), key: "b"), BookingID(1)),
            ]
        )
        let state = try SnapshotCodec.decode(bytes)
        #expect(state.appliedLSN == 99 && state.catalog.merchants.count == 2 && state.ledger.bookings.count == 2)
        #expect(state.catalog.customer(merchantID: MerchantID(1), lineUserID: "U1")?.id == CustomerID(2))
        #expect(state.ledger.history(of: BookingID(1)).count == 2 && state.ledger.history(of: BookingID(2)).count == 1)
        #expect(state.ledger.confirmedCount == 2)
        // Written again in the current version: version 6 with an empty outbox after the same body, then the
        // merchants' extensions (no address, the Taipei zone's currency TWD), none for channels, and no accounts
        // or invites; then format 4's extensions: neither merchant suspended, no customer note, block or erasure
        // (the customer's last two 0s: no erasure, no cleared record; each merchant's second 0: no no-show policy),
        // no channels, no archive files, no booking awaiting approval; then format 5's: no resources and nothing
        // needing one; then format 6's: no waitlist entry, no held visit.
        let extensions: [UInt8] = [
            2, 1, 0, ExtensionFormatV1.CurrencyTag.twd, 3, 0, ExtensionFormatV1.CurrencyTag.twd, 0,
        ]
        let extensionsV2: [UInt8] = [2, 1, 0, 0, 3, 0, 0] + [1, 2, 0, 0, 0, 0] + [0] + [0] + [0]
        #expect(
            SnapshotCodec.encode(state) == [6] + bytes.dropFirst() + [0, 0, 0, 0, 0] + extensions + [0, 0]
                + extensionsV2 + [0, 0, 0, 0, 0] + [0, 0])
    }

    @Test func idsOutOfOrderOrTwiceAreInconsistent() {
        #expect(
            code(snapshot([MerchantPart(merchant: merchant(2)), MerchantPart(merchant: merchant(1))]))
                == .inconsistentSnapshot)
        #expect(
            code(snapshot([MerchantPart(merchant: merchant(1)), MerchantPart(merchant: merchant(1))]))
                == .inconsistentSnapshot)
        #expect(code(snapshot([], bookings: [(booking(2), []), (booking(1), [])])) == .inconsistentSnapshot)
        #expect(code(snapshot([], bookings: [(booking(1), []), (booking(1), [])])) == .inconsistentSnapshot)
        var later = EventSamples.hold
        later.id = HoldID(9)
        #expect(code(snapshot([], holds: [later, EventSamples.hold])) == .inconsistentSnapshot)
    }

    @Test func membersMustBelongToTheirMerchantAndAppearOnce() {
        let stray = customer(5, merchant: 2, line: nil)
        #expect(code(snapshot([MerchantPart(merchant: merchant(1), customers: [stray])])) == .inconsistentSnapshot)
        let twice = [MerchantPart(merchant: merchant(2), customers: [stray, stray])]
        #expect(code(snapshot(twice)) == .inconsistentSnapshot)
        var service = EventSamples.service
        service.merchantID = MerchantID(3)
        #expect(code(snapshot([MerchantPart(merchant: merchant(1), services: [service])])) == .inconsistentSnapshot)
    }

    @Test func aLineUserIDNamesOneCustomerPerMerchant() {
        let shared = [customer(1, merchant: 1, line: "U-same"), customer(2, merchant: 1, line: "U-same")]
        #expect(code(snapshot([MerchantPart(merchant: merchant(1), customers: shared)])) == .inconsistentSnapshot)
        let apart = [
            MerchantPart(merchant: merchant(1), customers: [customer(1, merchant: 1, line: "U-same")]),
            MerchantPart(merchant: merchant(2), customers: [customer(2, merchant: 2, line: "U-same")]),
        ]
        #expect(code(snapshot(apart)) == nil)
    }

    @Test func idempotencyKeysMustBeOrderedUniqueAndNameABooking() {
        let key = { (text: String) in IdempotencyKey(merchantID: MerchantID(1), key: text) }
        let bookings = [(booking(1), [BookingChange]())]
        #expect(code(snapshot([], bookings: bookings, keys: [(key("a"), BookingID(1))])) == nil)
        #expect(code(snapshot([], bookings: bookings, keys: [(key("a"), BookingID(2))])) == .inconsistentSnapshot)
        #expect(
            code(snapshot([], bookings: bookings, keys: [(key("b"), BookingID(1)), (key("a"), BookingID(1))]))
                == .inconsistentSnapshot)
        #expect(
            code(snapshot([], bookings: bookings, keys: [(key("a"), BookingID(1)), (key("a"), BookingID(1))]))
                == .inconsistentSnapshot)
        // Ascending as bytes, yet equal as strings: "é" composed sorts after "e" + combining acute.
        let equivalent = [(key("e\u{301}"), BookingID(1)), (key("\u{e9}"), BookingID(1))]
        #expect(code(snapshot([], bookings: bookings, keys: equivalent)) == .inconsistentSnapshot)
    }

    @Test func apiKeysMustBeAscendingWithDistinctDigests() throws {
        var other = EventSamples.apiKey
        other.id = ApiKeyID(9)
        #expect(code(snapshot([], apiKeys: [EventSamples.apiKey, other])) == .inconsistentSnapshot)
        other.digest[0] ^= 1
        let state = try SnapshotCodec.decode(snapshot([], apiKeys: [EventSamples.apiKey, other]))
        #expect(state.keyRing.key(digest: other.digest) == other)
        #expect(state.keyRing.key(digest: EventSamples.apiKey.digest) == EventSamples.apiKey)
        #expect(code(snapshot([], apiKeys: [other, EventSamples.apiKey])) == .inconsistentSnapshot)
    }

    @Test func unknownHistoryActionsAreRejected() {
        let change = BookingChange(at: EventSamples.createdAt, action: .markedNoShow, origin: .system)
        var bytes = snapshot([], bookings: [(booking(1), [change])])
        // The tag is followed by the change's origin (3 bytes) and the empty hold, key and API key counts.
        let tagIndex = bytes.count - 3 - 3 - 1
        #expect(bytes[tagIndex] == Domain.ActionTag.markedNoShow)
        bytes[tagIndex] = 8  // 7 is `approved` (format 4)
        #expect(code(bytes) == .unknownTag)
    }
}

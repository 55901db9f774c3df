/// Snapshot format version 1, after the version byte that ``SnapshotCodec`` writes:
///
/// 1. the applied LSN (varint);
/// 2. the merchants by ascending id, each followed by its staff, services and customers in creation order (each
///    list a varint count, then the values), which is also how each merchant's member lists are rebuilt;
/// 3. the bookings by ascending id, each followed by its history after creation (a count, then the changes);
/// 4. the holds by ascending id;
/// 5. the remembered idempotency keys by ascending merchant id, then key bytes: merchant id, key, fingerprint,
///    booking id, expiry;
/// 6. the live API keys by ascending id.
///
/// Values are written by ``DomainFormatV1``. Indexes that follow from the values (bookings by day, customers by
/// LINE user, the confirmed count, API keys by digest) are not stored but rebuilt. Frozen once snapshots exist: a
/// later format adds a `SnapshotFormatV2` beside this one.
enum SnapshotFormatV1 {
    /// The version byte of this format.
    static let version: UInt8 = 1

    /// Bytes reserved per booking when encoding; most bookings fit.
    static let bookingBytesTypical = 48

    /// Writes `state` (not the version byte).
    static func write(_ state: EngineState, to writer: inout ByteWriter) {
        writer.writeVarUInt(state.appliedLSN)
        writeCatalog(state.catalog, to: &writer)
        writeBookings(state.ledger, to: &writer)
        writeHoldsAndKeys(state.ledger, to: &writer)
        writer.writeVarUInt(UInt64(state.keyRing.keys.count))
        for position in idOrder(of: state.keyRing.keys) {
            DomainFormatV1.write(state.keyRing.keys.values[position], to: &writer)
        }
    }

    private static func writeCatalog(_ catalog: Catalog, to writer: inout ByteWriter) {
        var written = (staff: 0, services: 0, customers: 0)
        writer.writeVarUInt(UInt64(catalog.merchants.count))
        for id in catalog.merchants.keys.sorted() {
            guard let merchant = catalog.merchants[id] else { preconditionFailure("merchant key without value") }
            DomainFormatV1.write(merchant, to: &writer)
            let members = catalog.members[id] ?? MerchantMembers()
            written.staff += writeMembers(members.staff, of: catalog.staff, to: &writer) {
                DomainFormatV1.write($0, to: &$1)
            }
            written.services += writeMembers(members.services, of: catalog.services, to: &writer) {
                DomainFormatV1.write($0, to: &$1)
            }
            written.customers += writeMembers(members.customers, of: catalog.customers, to: &writer) {
                DomainFormatV1.write($0, to: &$1)
            }
        }
        // Every entity belongs to exactly one merchant's member list, so all of them were written.
        precondition(written.staff == catalog.staff.count, "staff missing from member lists")
        precondition(written.services == catalog.services.count, "services missing from member lists")
        precondition(written.customers == catalog.customers.count, "customers missing from member lists")
    }

    /// Writes one member list (count, then values); returns how many were written.
    private static func writeMembers<Kind, Value>(
        _ ids: [Identifier<Kind>],
        of entities: [Identifier<Kind>: Value],
        to writer: inout ByteWriter,
        _ write: (Value, inout ByteWriter) -> Void
    ) -> Int {
        writer.writeVarUInt(UInt64(ids.count))
        for id in ids {
            guard let entity = entities[id] else { preconditionFailure("member \(id) without an entity") }
            write(entity, &writer)
        }
        return ids.count
    }

    private static func writeBookings(_ ledger: Ledger, to writer: inout ByteWriter) {
        let histories = ledger.changes
        let historyOrder = idOrder(of: histories)
        var nextHistory = 0
        writer.writeVarUInt(UInt64(ledger.bookings.count))
        for booking in ledger.bookings.sortedByID() {
            let id = booking.id
            DomainFormatV1.write(booking, to: &writer)
            var changes: [BookingChange] = []
            if nextHistory < historyOrder.count, histories.keys[historyOrder[nextHistory]] == id {
                changes = histories.values[historyOrder[nextHistory]]
                nextHistory += 1
            }
            writer.writeVarUInt(UInt64(changes.count))
            for change in changes { DomainFormatV1.write(change, to: &writer) }
        }
        precondition(nextHistory == historyOrder.count, "history of a booking that does not exist")
    }

    /// The positions of a dictionary's entries in ascending id order.
    static func idOrder<Kind, Value>(
        of dictionary: [Identifier<Kind>: Value]
    ) -> [Dictionary<Identifier<Kind>, Value>.Index] {
        var pairs: [(id: Identifier<Kind>, position: Dictionary<Identifier<Kind>, Value>.Index)] = []
        pairs.reserveCapacity(dictionary.count)
        for position in dictionary.keys.indices { pairs.append((dictionary.keys[position], position)) }
        pairs.sort { $0.id < $1.id }
        return pairs.map(\.position)
    }

    private static func writeHoldsAndKeys(_ ledger: Ledger, to writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(ledger.holds.count))
        for id in ledger.holds.keys.sorted() {
            guard let hold = ledger.holds[id] else { preconditionFailure("hold key without value") }
            DomainFormatV1.write(hold, to: &writer)
        }
        writer.writeVarUInt(UInt64(ledger.idempotency.count))
        for (key, remembered) in ledger.idempotency.sorted(by: { precedes($0.key, $1.key) }) {
            DomainFormatV1.write(key, to: &writer)
            writer.writeUInt64(remembered.fingerprint)
            DomainFormatV1.write(remembered.bookingID, to: &writer)
            DomainFormatV1.write(remembered.expiresAt, to: &writer)
        }
    }

    /// The order of idempotency keys in a snapshot: by merchant, then by the key's UTF-8 bytes (a total order on
    /// bytes, unlike `String`'s, which treats canonically equivalent keys as equal).
    static func precedes(_ lhs: IdempotencyKey, _ rhs: IdempotencyKey) -> Bool {
        guard lhs.merchantID == rhs.merchantID else { return lhs.merchantID < rhs.merchantID }
        // Comparing the contiguous UTF-8 buffers is several times faster than walking the UTF-8 views.
        let contiguous = lhs.key.utf8.withContiguousStorageIfAvailable { left in
            rhs.key.utf8.withContiguousStorageIfAvailable { right in left.lexicographicallyPrecedes(right) }
        }
        return (contiguous ?? nil) ?? lhs.key.utf8.lexicographicallyPrecedes(rhs.key.utf8)
    }
}

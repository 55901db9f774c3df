/// Snapshot format version 6: everything of version 5 (see ``SnapshotFormatV5``), then the waitlist: a count, then
/// every entry, open and closed, by ascending id (``WaitlistFormatV1``). An outstanding offer's hold is one of the
/// ledger's holds, written with the others.
enum SnapshotFormatV6 {
    /// The version byte of this format.
    static let version: UInt8 = 6

    /// Writes `state` (not the version byte).
    static func write(_ state: EngineState, to writer: inout ByteWriter) {
        SnapshotFormatV5.write(state, to: &writer)
        let entries = state.ledger.waitlist.entries
        writer.writeVarUInt(UInt64(entries.count))
        for id in entries.keys.sorted() {
            guard let entry = entries[id] else { preconditionFailure("waitlist key without value") }
            WaitlistFormatV1.write(entry, to: &writer)
        }
    }

    /// Reads a state (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineState {
        var state = try SnapshotFormatV5.read(&reader)
        let count = try reader.readCount(elementBytesMin: WaitlistFormatV1.entryBytesMin)
        var entries: [WaitlistEntry] = []
        entries.reserveCapacity(count)
        var offered = Set<HoldID>()
        for _ in 0..<count {
            let start = reader.offset
            let entry = try WaitlistFormatV1.readEntry(&reader)
            try SnapshotFormatV1.requireAscending(entry.id, after: entries.last?.id, "waitlist entries", at: start)
            guard fits(entry, in: state), entry.status != .offered || offered.insert(entry.offerHoldID!).inserted
            else { throw CodecError(.inconsistentSnapshot, "a waitlist entry that does not fit", offset: start) }
            entries.append(entry)
        }
        state.replace(catalog: state.catalog, ledger: state.ledger.withWaitlist(entries))
        return state
    }

    /// Whether the entry's merchant, customer, service and staff member exist and belong together, and an
    /// outstanding offer's hold is there, for the entry's customer and service.
    private static func fits(_ entry: WaitlistEntry, in state: borrowing EngineState) -> Bool {
        let catalog = state.catalog
        guard catalog.merchants[entry.merchantID] != nil,
            catalog.customers[entry.customerID]?.merchantID == entry.merchantID,
            catalog.services[entry.serviceID]?.merchantID == entry.merchantID,
            entry.staffID.map({ catalog.staff[$0]?.merchantID == entry.merchantID }) ?? true
        else { return false }
        guard entry.status == .offered else { return true }
        guard let holdID = entry.offerHoldID, let hold = state.ledger.holds[holdID] else { return false }
        return hold.customerID == entry.customerID && hold.serviceID == entry.serviceID
    }
}

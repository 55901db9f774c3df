/// Snapshot format version 6: everything of version 5 (see ``SnapshotFormatV5``), then the waitlist: a count, then
/// every entry, open and closed, by ascending id (``WaitlistFormatV1``); then the holds of visits (offers of a
/// visit held whole): a count, then for each by ascending id its id and its items (``VisitFormatV1``). An
/// outstanding offer's hold is one of the ledger's holds, written with the others.
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
        SnapshotFormatV5.writeItemLists(
            state.ledger.holds.values.filter { !$0.items.isEmpty }.map { ($0.id, $0.items) }, &writer)
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
        var ledger = state.ledger.withWaitlist(entries)
        for (id, items, start) in try SnapshotFormatV5.readItemLists(HoldID.self, "held visits", &reader) {
            guard let hold = ledger.holds[id], !items.isEmpty,
                items.allSatisfy({
                    SnapshotFormatV5.valid(
                        $0.resourceNeeds, merchantID: hold.merchantID, in: state.catalog, orNone: true)
                })
            else { throw CodecError(.inconsistentSnapshot, "the items of an unknown hold", offset: start) }
            ledger.setItems(items, of: id)
        }
        state.replace(catalog: state.catalog, ledger: ledger)
        return state
    }

    /// Whether the entry's merchant, customer, services and staff exist and belong together, and an outstanding
    /// offer's hold is there, for the entry's customer and service.
    private static func fits(_ entry: WaitlistEntry, in state: borrowing EngineState) -> Bool {
        let catalog = state.catalog
        let services = [entry.serviceID] + entry.items.map(\.serviceID)
        let staff = [entry.staffID].compactMap { $0 } + entry.items.compactMap(\.staffID)
        guard catalog.merchants[entry.merchantID] != nil,
            catalog.customers[entry.customerID]?.merchantID == entry.merchantID,
            services.allSatisfy({ catalog.services[$0]?.merchantID == entry.merchantID }),
            staff.allSatisfy({ catalog.staff[$0]?.merchantID == entry.merchantID })
        else { return false }
        guard entry.status == .offered else { return true }
        guard let holdID = entry.offerHoldID, let hold = state.ledger.holds[holdID] else { return false }
        return hold.customerID == entry.customerID && hold.serviceID == entry.serviceID
    }
}

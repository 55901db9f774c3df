/// Snapshot format version 5: everything of version 4 (see ``SnapshotFormatV4``), then the shared resources:
///
/// 1. every resource, by ascending id (``ResourceFormatV1``);
/// 2. the services that need resources: a count, then for each by ascending id its id and its needs;
/// 3. the bookings that need resources, the same way;
/// 4. the holds that need resources, the same way;
/// 5. the bookings that are multi-service visits: a count, then for each by ascending id its id and its items
///    (``VisitFormatV1``).
///
/// Every need names a resource of the record's own merchant.
enum SnapshotFormatV5 {
    /// The version byte of this format.
    static let version: UInt8 = 5

    /// Writes `state` (not the version byte).
    static func write(_ state: EngineState, to writer: inout ByteWriter) {
        SnapshotFormatV4.write(state, to: &writer)
        let catalog = state.catalog
        writer.writeVarUInt(UInt64(catalog.resources.count))
        for id in catalog.resources.keys.sorted() {
            guard let resource = catalog.resources[id] else { preconditionFailure("resource key without value") }
            ResourceFormatV1.write(resource, to: &writer)
        }
        writeNeeds(
            catalog.services.values.filter { !$0.resourceNeeds.isEmpty }.map { ($0.id, $0.resourceNeeds) }, &writer)
        writeNeeds(
            state.ledger.bookings.values.filter { !$0.resourceNeeds.isEmpty }.map { ($0.id, $0.resourceNeeds) }, &writer
        )
        writeNeeds(
            state.ledger.holds.values.filter { !$0.resourceNeeds.isEmpty }.map { ($0.id, $0.resourceNeeds) }, &writer)
        writeItemLists(state.ledger.bookings.values.filter { !$0.items.isEmpty }.map { ($0.id, $0.items) }, &writer)
    }

    /// A count, then for each record by ascending id its id and its visit items.
    static func writeItemLists<Kind>(_ records: [(Identifier<Kind>, [VisitItem])], _ writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(records.count))
        for (id, items) in records.sorted(by: { $0.0 < $1.0 }) {
            DomainFormatV1.write(id, to: &writer)
            VisitFormatV1.write(items, to: &writer)
        }
    }

    /// Reads what ``writeItemLists(_:_:)`` wrote: ids ascending, each with a visit's items.
    static func readItemLists<Kind>(_ kind: Identifier<Kind>.Type, _ what: String, _ reader: inout ByteReader)
        throws(CodecError) -> [(Identifier<Kind>, [VisitItem], offset: Int)]
    {
        let count = try reader.readCount(elementBytesMin: 2 + 2 * VisitFormatV1.itemBytesMin)
        var records: [(Identifier<Kind>, [VisitItem], offset: Int)] = []
        for _ in 0..<count {
            let start = reader.offset
            let id: Identifier<Kind> = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: records.last?.0, what, at: start)
            records.append((id, try VisitFormatV1.readItems(&reader), start))
        }
        return records
    }

    private static func writeNeeds<Kind>(_ records: [(Identifier<Kind>, [ResourceNeed])], _ writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(records.count))
        for (id, needs) in records.sorted(by: { $0.0 < $1.0 }) {
            DomainFormatV1.write(id, to: &writer)
            ResourceFormatV1.write(needs, to: &writer)
        }
    }

    /// Reads a state (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineState {
        var state = try SnapshotFormatV4.read(&reader)
        var catalog = state.catalog
        let count = try reader.readCount(elementBytesMin: ResourceFormatV1.resourceBytesMin)
        var previousResource: ResourceID?
        for _ in 0..<count {
            let start = reader.offset
            let resource = try ResourceFormatV1.readResource(&reader)
            try SnapshotFormatV1.requireAscending(resource.id, after: previousResource, "resources", at: start)
            previousResource = resource.id
            do {
                _ = try catalog.apply(.resourceCreated(resource))
            } catch {
                throw CodecError(.inconsistentSnapshot, "a resource of no merchant", offset: start)
            }
        }
        let services = try readNeeds(ServiceID.self, "service", &reader)
        for (id, needs, start) in services {
            guard var service = catalog.services[id], valid(needs, merchantID: service.merchantID, in: catalog) else {
                throw CodecError(.inconsistentSnapshot, "resource needs of an unknown service", offset: start)
            }
            service.resourceNeeds = needs
            do {
                _ = try catalog.apply(.serviceUpdated(service))
            } catch {
                throw CodecError(.inconsistentSnapshot, "a service the catalog refuses", offset: start)
            }
        }
        let bookings = try readNeeds(BookingID.self, "booking", &reader)
        let holds = try readNeeds(HoldID.self, "hold", &reader)
        var ledger = state.ledger
        for (id, needs, start) in bookings {
            guard let merchantID = ledger.bookings[id]?.merchantID, valid(needs, merchantID: merchantID, in: catalog)
            else { throw CodecError(.inconsistentSnapshot, "resource needs of an unknown booking", offset: start) }
            ledger.setResourceNeeds(needs, of: id)
        }
        for (id, needs, start) in holds {
            guard let merchantID = ledger.holds[id]?.merchantID, valid(needs, merchantID: merchantID, in: catalog)
            else { throw CodecError(.inconsistentSnapshot, "resource needs of an unknown hold", offset: start) }
            ledger.setResourceNeeds(needs, of: id)
        }
        for (id, items, start) in try readItemLists(BookingID.self, "visits", &reader) {
            guard let booking = ledger.bookings[id], !items.isEmpty,
                items.allSatisfy({ valid($0.resourceNeeds, merchantID: booking.merchantID, in: catalog, orNone: true) })
            else { throw CodecError(.inconsistentSnapshot, "the items of an unknown booking", offset: start) }
            ledger.setItems(items, of: id)
        }
        state.replace(catalog: catalog, ledger: ledger)
        return state
    }

    /// Whether every need names a resource of `merchantID` (and there is one, unless `orNone`).
    static func valid(
        _ needs: [ResourceNeed], merchantID: MerchantID, in catalog: Catalog, orNone: Bool = false
    ) -> Bool {
        (orNone || !needs.isEmpty) && needs.allSatisfy { catalog.resources[$0.resourceID]?.merchantID == merchantID }
    }

    private static func readNeeds<Kind>(_ kind: Identifier<Kind>.Type, _ what: String, _ reader: inout ByteReader)
        throws(CodecError) -> [(Identifier<Kind>, [ResourceNeed], offset: Int)]
    {
        let count = try reader.readCount(elementBytesMin: 2)
        var records: [(Identifier<Kind>, [ResourceNeed], offset: Int)] = []
        for _ in 0..<count {
            let start = reader.offset
            let id: Identifier<Kind> = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: records.last?.0, "\(what) resource needs", at: start)
            records.append((id, try ResourceFormatV1.readNeeds(&reader), start))
        }
        return records
    }
}

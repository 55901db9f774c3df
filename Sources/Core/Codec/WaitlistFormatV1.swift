/// The binary form of waitlist entries (event and snapshot format 6):
///
/// - an entry: id, merchant id, customer id, service id, optional staff id, from, to, joined at, origin, status
///   (one byte, ``WaitlistStatus``), optional offer hold id, optional closed-at, then a visit's items (a count —
///   0 for one service — then each item's service id and optional staff id) and whether they run in parallel
///   (one byte, 0 or 1);
/// - a hold offered to an entry: the hold as a hold's creation writes it, then its resource needs, then a visit's
///   items (``VisitFormatV1``; none for one service).
///
/// Frozen once logs exist.
enum WaitlistFormatV1 {
    /// Fewest bytes an entry takes: four ids, an absent id, three instants, an origin, a status, two absences.
    static let entryBytesMin = 14

    static func write(_ entry: WaitlistEntry, to writer: inout ByteWriter) {
        DomainFormatV1.write(entry.id, to: &writer)
        DomainFormatV1.write(entry.merchantID, to: &writer)
        DomainFormatV1.write(entry.customerID, to: &writer)
        DomainFormatV1.write(entry.serviceID, to: &writer)
        writer.writeOptional(entry.staffID) { DomainFormatV1.write($1, to: &$0) }
        DomainFormatV1.write(entry.from, to: &writer)
        DomainFormatV1.write(entry.to, to: &writer)
        DomainFormatV1.write(entry.joinedAt, to: &writer)
        DomainFormatV1.write(entry.origin, to: &writer)
        writer.writeUInt8(entry.status.rawValue)
        writer.writeOptional(entry.offerHoldID) { DomainFormatV1.write($1, to: &$0) }
        writer.writeOptional(entry.closedAt) { DomainFormatV1.write($1, to: &$0) }
        writer.writeVarUInt(UInt64(entry.items.count))
        for item in entry.items {
            DomainFormatV1.write(item.serviceID, to: &writer)
            writer.writeOptional(item.staffID) { DomainFormatV1.write($1, to: &$0) }
        }
        writer.writeUInt8(entry.parallel ? 1 : 0)
    }

    static func readEntry(_ reader: inout ByteReader) throws(CodecError) -> WaitlistEntry {
        let start = reader.offset
        var entry = WaitlistEntry(
            id: try DomainFormatV1.readID(&reader),
            merchantID: try DomainFormatV1.readID(&reader),
            customerID: try DomainFormatV1.readID(&reader),
            serviceID: try DomainFormatV1.readID(&reader),
            staffID: try DomainFormatV1.readOptionalID(&reader),
            from: try DomainFormatV1.readInstant(&reader),
            to: try DomainFormatV1.readInstant(&reader),
            joinedAt: try DomainFormatV1.readInstant(&reader),
            origin: try DomainFormatV1.readOrigin(&reader)
        )
        let statusOffset = reader.offset
        guard let status = WaitlistStatus(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "unknown waitlist status", offset: statusOffset)
        }
        entry.status = status
        entry.offerHoldID = try DomainFormatV1.readOptionalID(&reader)
        entry.closedAt = try DomainFormatV1.readOptionalInstant(&reader)
        let itemsOffset = reader.offset
        let count = try reader.readCount(elementBytesMin: 2)
        guard count != 1, count <= VisitItem.perVisitMax else {
            throw CodecError(.invalidValue, "a waitlist visit of \(count) items", offset: itemsOffset)
        }
        for _ in 0..<count {
            let serviceID: ServiceID = try DomainFormatV1.readID(&reader)
            entry.items.append(
                VisitItemRequest(serviceID: serviceID, staffID: try DomainFormatV1.readOptionalID(&reader)))
        }
        let parallelOffset = reader.offset
        switch try reader.readUInt8() {
        case 0: entry.parallel = false
        case 1: entry.parallel = true
        default: throw CodecError(.invalidValue, "a parallel flag that is not 0 or 1", offset: parallelOffset)
        }
        let offered = status != .waiting && status != .left && status != .ended
        guard entry.from < entry.to, (entry.offerHoldID != nil) == offered, (entry.closedAt == nil) == status.isOpen,
            entry.items.first.map({ $0.serviceID == entry.serviceID && entry.staffID == nil }) ?? !entry.parallel
        else { throw CodecError(.invalidValue, "a waitlist entry whose parts do not fit", offset: start) }
        return entry
    }

    static func write(offered hold: Hold, to writer: inout ByteWriter) {
        DomainFormatV1.write(hold, to: &writer)
        ResourceFormatV1.write(hold.resourceNeeds, to: &writer)
        VisitFormatV1.write(hold.items, to: &writer)
    }

    static func readOfferedHold(_ reader: inout ByteReader) throws(CodecError) -> Hold {
        var hold = try DomainFormatV1.readHold(&reader)
        hold.resourceNeeds = try ResourceFormatV1.readNeeds(&reader)
        hold.items = try VisitFormatV1.readItems(&reader)
        return hold
    }
}

/// The binary form of a visit's items (event and snapshot format 5, archive content version 2): a count, then for
/// each item its service id, staff id, start and end instants, the buffers before and after (varints) and its
/// resource needs (``ResourceFormatV1``).
///
/// Frozen once logs exist.
enum VisitFormatV1 {
    /// Fewest bytes an item takes.
    static let itemBytesMin = 7

    static func write(_ items: [VisitItem], to writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(items.count))
        for item in items {
            DomainFormatV1.write(item.serviceID, to: &writer)
            DomainFormatV1.write(item.staffID, to: &writer)
            DomainFormatV1.write(item.startsAt, to: &writer)
            DomainFormatV1.write(item.endsAt, to: &writer)
            writer.writeVarUInt(UInt64(item.bufferBeforeMinutes))
            writer.writeVarUInt(UInt64(item.bufferAfterMinutes))
            ResourceFormatV1.write(item.resourceNeeds, to: &writer)
        }
    }

    static func readItems(_ reader: inout ByteReader) throws(CodecError) -> [VisitItem] {
        let countOffset = reader.offset
        let count = try reader.readCount(elementBytesMin: itemBytesMin)
        guard count != 1, count <= VisitItem.perVisitMax else {
            throw CodecError(.invalidValue, "a visit of \(count) items", offset: countOffset)
        }
        var items: [VisitItem] = []
        items.reserveCapacity(count)
        for _ in 0..<count {
            let serviceID: ServiceID = try DomainFormatV1.readID(&reader)
            let staffID: StaffID = try DomainFormatV1.readID(&reader)
            let start = reader.offset
            let startsAt = try DomainFormatV1.readInstant(&reader)
            let endsAt = try DomainFormatV1.readInstant(&reader)
            let before = try reader.readVarUInt()
            let after = try reader.readVarUInt()
            let bufferMax = UInt64(Service.bufferRange.upperBound)
            let (length, overflow) = endsAt.secondsSinceEpoch.subtractingReportingOverflow(startsAt.secondsSinceEpoch)
            guard startsAt < endsAt, !overflow, length <= Int64(Service.durationRange.upperBound) * 60,
                before <= bufferMax, after <= bufferMax
            else { throw CodecError(.invalidValue, "a visit item out of range", offset: start) }
            items.append(
                VisitItem(
                    serviceID: serviceID, staffID: staffID, startsAt: startsAt, endsAt: endsAt,
                    bufferBeforeMinutes: Int(before), bufferAfterMinutes: Int(after),
                    resourceNeeds: try ResourceFormatV1.readNeeds(&reader)))
        }
        return items
    }
}

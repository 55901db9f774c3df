/// The binary form of resources and resource needs (event and snapshot format 5):
///
/// - a resource: id, merchant id, name (string), capacity (varint);
/// - a list of needs: a count, then for each the resource id, the offset in minutes (varint) and the minutes used
///   (an optional varint; absent: until the service ends).
///
/// Frozen once logs exist.
enum ResourceFormatV1 {
    /// Fewest bytes a resource takes: two ids, an empty name and a capacity.
    static let resourceBytesMin = 4
    /// Fewest bytes a need takes: an id, an offset and an absent length.
    static let needBytesMin = 3

    static func write(_ resource: Resource, to writer: inout ByteWriter) {
        DomainFormatV1.write(resource.id, to: &writer)
        DomainFormatV1.write(resource.merchantID, to: &writer)
        writer.writeString(resource.name)
        writer.writeVarUInt(UInt64(resource.capacity))
    }

    static func readResource(_ reader: inout ByteReader) throws(CodecError) -> Resource {
        let id: ResourceID = try DomainFormatV1.readID(&reader)
        let merchantID: MerchantID = try DomainFormatV1.readID(&reader)
        let name = try reader.readString()
        let start = reader.offset
        let capacity = try reader.readVarUInt()
        guard capacity <= UInt64(Resource.capacityRange.upperBound) else {
            throw CodecError(.invalidValue, "resource capacity \(capacity) out of range", offset: start)
        }
        return Resource(id: id, merchantID: merchantID, name: name, capacity: Int(capacity))
    }

    static func write(_ needs: [ResourceNeed], to writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(needs.count))
        for need in needs {
            DomainFormatV1.write(need.resourceID, to: &writer)
            writer.writeVarUInt(UInt64(need.offsetMinutes))
            writer.writeOptional(need.minutes) { $0.writeVarUInt(UInt64($1)) }
        }
    }

    static func readNeeds(_ reader: inout ByteReader) throws(CodecError) -> [ResourceNeed] {
        let count = try reader.readCount(elementBytesMin: needBytesMin)
        var needs: [ResourceNeed] = []
        needs.reserveCapacity(count)
        for _ in 0..<count {
            let resourceID: ResourceID = try DomainFormatV1.readID(&reader)
            let start = reader.offset
            let offset = try reader.readVarUInt()
            let minutes = try reader.readOptional { reader throws(CodecError) in try reader.readVarUInt() }
            let longest = UInt64(Service.durationRange.upperBound)
            guard offset < longest, minutes.map({ $0 > 0 && $0 <= longest }) ?? true else {
                throw CodecError(.invalidValue, "a resource need out of range", offset: start)
            }
            needs.append(
                ResourceNeed(resourceID: resourceID, offsetMinutes: Int(offset), minutes: minutes.map(Int.init)))
        }
        return needs
    }
}

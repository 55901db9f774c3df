/// The fields added to records with event format 4 and snapshot format 4; they trail the record as
/// ``ExtensionFormatV1``'s do:
///
/// - after a merchant (and its version 1 extension): whether it is suspended (a flag);
/// - after a customer: the salon's note about them (string), whether they are blocked from booking online (a
///   flag) and when their personal data was erased (an optional instant);
/// - after a LINE channel (and its version 1 extension): who changed it last (an optional origin).
///
/// Records read from an older format keep the defaults: not suspended, no note, not blocked, not erased, no author.
enum ExtensionFormatV2 {
    /// Bytes a merchant's extension takes: the flag.
    static let merchantBytes = 1
    /// Fewest bytes a customer's extension takes: an empty note, the flag and an absent erasure instant.
    static let customerBytesMin = 3
    /// Fewest bytes a channel's extension takes: an absent origin.
    static let channelBytesMin = 1

    static func writeExtension(of merchant: Merchant, to writer: inout ByteWriter) {
        writer.writeBool(merchant.suspended)
    }

    static func readExtension(of merchant: inout Merchant, _ reader: inout ByteReader) throws(CodecError) {
        merchant.suspended = try reader.readBool()
    }

    static func writeExtension(of customer: Customer, to writer: inout ByteWriter) {
        writer.writeString(customer.note)
        writer.writeBool(customer.blockedFromOnlineBooking)
        writer.writeOptional(customer.erasedAt) { DomainFormatV1.write($1, to: &$0) }
    }

    static func readExtension(of customer: inout Customer, _ reader: inout ByteReader) throws(CodecError) {
        customer.note = try reader.readString()
        customer.blockedFromOnlineBooking = try reader.readBool()
        customer.erasedAt = try reader.readOptional { reader throws(CodecError) in
            try DomainFormatV1.readInstant(&reader)
        }
    }

    static func writeExtension(of channel: LineChannel, to writer: inout ByteWriter) {
        writer.writeOptional(channel.updatedBy) { DomainFormatV1.write($1, to: &$0) }
    }

    static func readExtension(of channel: inout LineChannel, _ reader: inout ByteReader) throws(CodecError) {
        channel.updatedBy = try reader.readOptional { reader throws(CodecError) in
            try DomainFormatV1.readOrigin(&reader)
        }
    }
}

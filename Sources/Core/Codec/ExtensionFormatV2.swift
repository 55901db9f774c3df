/// The fields added to records with event format 4 and snapshot format 4; they trail the record as
/// ``ExtensionFormatV1``'s do:
///
/// - after a merchant (and its version 1 extension): whether it is suspended (a flag) and its no-show policy (an
///   optional: strikes, window in days, action tag);
/// - after a customer: the salon's note about them (string), whether they are blocked from booking online (a
///   flag), when their personal data was erased and when their no-show record was cleared (optional instants);
/// - after a LINE channel (and its version 1 extension): who changed it last (an optional origin).
///
/// Records read from an older format keep the defaults: not suspended, no policy, no note, not blocked, not erased,
/// no record cleared, no author.
enum ExtensionFormatV2 {
    /// Fewest bytes a merchant's extension takes: the flag and an absent policy.
    static let merchantBytesMin = 2
    /// Fewest bytes a customer's extension takes: an empty note, the flag and two absent instants.
    static let customerBytesMin = 4
    /// Fewest bytes a channel's extension takes: an absent origin.
    static let channelBytesMin = 1

    static func writeExtension(of merchant: Merchant, to writer: inout ByteWriter) {
        writer.writeBool(merchant.suspended)
        writer.writeOptional(merchant.rules.noShowPolicy) { writer, policy in
            writer.writeVarUInt(UInt64(policy.strikes))
            writer.writeVarUInt(UInt64(policy.windowDays))
            writer.writeUInt8(policy.action.rawValue)
        }
    }

    static func readExtension(of merchant: inout Merchant, _ reader: inout ByteReader) throws(CodecError) {
        merchant.suspended = try reader.readBool()
        merchant.rules.noShowPolicy = try reader.readOptional { reader throws(CodecError) in
            let start = reader.offset
            let strikes = try reader.readVarUInt()
            let days = try reader.readVarUInt()
            let tag = try reader.readUInt8()
            guard strikes <= UInt64(NoShowPolicy.strikesRange.upperBound),
                days <= UInt64(NoShowPolicy.windowDaysRange.upperBound), let action = NoShowPolicy.Action(rawValue: tag)
            else { throw CodecError(.invalidValue, "a no-show policy out of range", offset: start) }
            return NoShowPolicy(strikes: Int(strikes), windowDays: Int(days), action: action)
        }
    }

    static func writeExtension(of customer: Customer, to writer: inout ByteWriter) {
        writer.writeString(customer.note)
        writer.writeBool(customer.blockedFromOnlineBooking)
        writer.writeOptional(customer.erasedAt) { DomainFormatV1.write($1, to: &$0) }
        writer.writeOptional(customer.strikesClearedAt) { DomainFormatV1.write($1, to: &$0) }
    }

    static func readExtension(of customer: inout Customer, _ reader: inout ByteReader) throws(CodecError) {
        customer.note = try reader.readString()
        customer.blockedFromOnlineBooking = try reader.readBool()
        customer.erasedAt = try reader.readOptional { reader throws(CodecError) in
            try DomainFormatV1.readInstant(&reader)
        }
        customer.strikesClearedAt = try reader.readOptional { reader throws(CodecError) in
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

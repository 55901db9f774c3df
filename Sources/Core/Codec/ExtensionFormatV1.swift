/// How the fields added to records after format version 1 are written: they trail the record's version 1 form, so
/// a newer event or snapshot format is the older one plus these (see ``EventFormatV2`` and ``SnapshotFormatV3``).
///
/// - after a merchant: its address (string) and its currency (a tag byte);
/// - after a LINE channel: its LINE Login channel id (optional string).
///
/// Records read from an older format keep the defaults: no address, the currency of the merchant's time zone, no
/// LINE Login channel id.
enum ExtensionFormatV1 {
    /// Tags of `Currency`.
    enum CurrencyTag {
        static let twd: UInt8 = 1
        static let jpy: UInt8 = 2
        static let thb: UInt8 = 3
    }

    /// Fewest bytes a merchant's extension takes: an empty address and the currency tag.
    static let merchantBytesMin = 2
    /// Fewest bytes a channel's extension takes: an absent login channel id.
    static let channelBytesMin = 1

    static func tag(of currency: Currency) -> UInt8 {
        switch currency {
        case .twd: return CurrencyTag.twd
        case .jpy: return CurrencyTag.jpy
        case .thb: return CurrencyTag.thb
        }
    }

    static func currency(tag: UInt8) -> Currency? {
        switch tag {
        case CurrencyTag.twd: return .twd
        case CurrencyTag.jpy: return .jpy
        case CurrencyTag.thb: return .thb
        default: return nil
        }
    }

    static func writeExtension(of merchant: Merchant, to writer: inout ByteWriter) {
        writer.writeString(merchant.address)
        writer.writeUInt8(tag(of: merchant.currency))
    }

    static func readExtension(of merchant: inout Merchant, _ reader: inout ByteReader) throws(CodecError) {
        merchant.address = try reader.readString()
        let tagOffset = reader.offset
        let tag = try reader.readUInt8()
        guard let currency = currency(tag: tag) else {
            throw CodecError(.unknownTag, "unknown currency tag \(tag)", offset: tagOffset)
        }
        merchant.currency = currency
    }

    static func writeExtension(of channel: LineChannel, to writer: inout ByteWriter) {
        writer.writeOptionalString(channel.loginChannelID)
    }

    static func readExtension(of channel: inout LineChannel, _ reader: inout ByteReader) throws(CodecError) {
        channel.loginChannelID = try reader.readOptionalString()
    }
}

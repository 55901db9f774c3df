/// Event format version 2: version 1 (see ``EventFormatV1``, same tags), where a merchant (`merchantCreated`,
/// `merchantUpdated`) and a LINE channel (`lineChannelStored`) are followed by the fields of ``ExtensionFormatV1``.
/// Every other event is written exactly as in version 1.
///
/// Frozen once logs exist.
enum EventFormatV2 {
    /// The version byte of this format.
    static let version: UInt8 = 2

    /// Writes the tag and fields of `event` (not the version byte).
    static func write(_ event: EngineEvent, to writer: inout ByteWriter) {
        EventFormatV1.write(event, to: &writer)
        switch event {
        case .merchantCreated(let merchant), .merchantUpdated(let merchant):
            ExtensionFormatV1.writeExtension(of: merchant, to: &writer)
        case .lineChannelStored(let channel):
            ExtensionFormatV1.writeExtension(of: channel, to: &writer)
        default:
            break
        }
    }

    /// Reads the tag and fields of one event (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        let event = try EventFormatV1.read(&reader)
        switch event {
        case .merchantCreated(var merchant):
            try ExtensionFormatV1.readExtension(of: &merchant, &reader)
            return .merchantCreated(merchant)
        case .merchantUpdated(var merchant):
            try ExtensionFormatV1.readExtension(of: &merchant, &reader)
            return .merchantUpdated(merchant)
        case .lineChannelStored(var channel):
            try ExtensionFormatV1.readExtension(of: &channel, &reader)
            return .lineChannelStored(channel)
        default:
            return event
        }
    }
}

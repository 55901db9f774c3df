@testable import Core

extension EventCodec {
    /// `event` in event format 1, as builds before format 2 wrote it (merchants without address and currency,
    /// channels without a LINE Login channel id).
    static func encodeInVersion1(_ event: EngineEvent) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(EventFormatV1.version)
        EventFormatV1.write(event, to: &writer)
        return writer.bytes
    }

    /// `event` in event format 2, as builds before format 3 wrote it (delivery outcomes without quota months).
    static func encodeInVersion2(_ event: EngineEvent) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(EventFormatV2.version)
        EventFormatV2.write(event, to: &writer)
        return writer.bytes
    }

    /// `event` in event format 3, as builds before format 4 wrote it (no account events).
    static func encodeInVersion3(_ event: EngineEvent) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(EventFormatV3.version)
        EventFormatV3.write(event, to: &writer)
        return writer.bytes
    }

    /// `event` in event format 4, as builds before format 5 wrote it (no resources).
    static func encodeInVersion4(_ event: EngineEvent) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(EventFormatV4.version)
        EventFormatV4.write(event, to: &writer)
        return writer.bytes
    }

    /// `event` in event format 5, as builds before format 6 wrote it (no waitlist).
    static func encodeInVersion5(_ event: EngineEvent) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(EventFormatV5.version)
        EventFormatV5.write(event, to: &writer)
        return writer.bytes
    }

    /// `event` in the format `version` names (1 to 5 or the current one): what decoding bytes of that version
    /// must give back.
    static func encode(_ event: EngineEvent, inVersion version: UInt8?) -> [UInt8] {
        switch version {
        case EventFormatV1.version: return encodeInVersion1(event)
        case EventFormatV2.version: return encodeInVersion2(event)
        case EventFormatV3.version: return encodeInVersion3(event)
        case EventFormatV4.version: return encodeInVersion4(event)
        case EventFormatV5.version: return encodeInVersion5(event)
        default: return encode(event)
        }
    }
}

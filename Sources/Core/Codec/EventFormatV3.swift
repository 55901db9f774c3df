/// Event format version 3: version 2 (see ``EventFormatV2``, same tags), where `notificationsSettled` is followed
/// by each outcome's quota month (``NotificationOutcome/quotaMonth``, an optional integer per outcome, in order).
/// Every other event is written exactly as in version 2.
///
/// Frozen once logs exist.
enum EventFormatV3 {
    /// The version byte of this format.
    static let version: UInt8 = 3

    /// Writes the tag and fields of `event` (not the version byte).
    static func write(_ event: EngineEvent, to writer: inout ByteWriter) {
        EventFormatV2.write(event, to: &writer)
        if case .notificationsSettled(let outcomes, _) = event {
            for outcome in outcomes {
                writer.writeOptional(outcome.quotaMonth) { writer, month in writer.writeVarInt(month) }
            }
        }
    }

    /// Reads the tag and fields of one event (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        let event = try EventFormatV2.read(&reader)
        guard case .notificationsSettled(var outcomes, let at) = event else { return event }
        for index in outcomes.indices {
            outcomes[index].quotaMonth = try reader.readOptional { reader throws(CodecError) in try reader.readInt() }
        }
        return .notificationsSettled(outcomes, at: at)
    }
}

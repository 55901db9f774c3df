extension DomainFormatV1 {
    /// Fewest bytes a working window takes: weekday, start and end.
    static let workingWindowBytesMin = 3
    /// Fewest bytes a time-off range takes: id, start, end and an empty reason.
    static let timeOffBytesMin = 4
    /// Fewest bytes an idempotency key takes: merchant id and an empty key.
    static let idempotencyKeyBytesMin = 2

    /// An identifier, checked to be in 1 ..< 2^63 before it is built (its initialiser traps outside).
    static func readID<Kind>(_ reader: inout ByteReader) throws(CodecError) -> Identifier<Kind> {
        let start = reader.offset
        let raw = try reader.readVarUInt()
        guard raw > 0, raw < 1 << 63 else {
            throw CodecError(.invalidValue, "\(Kind.prefix) identifier \(raw) outside 1 ..< 2^63", offset: start)
        }
        return Identifier(raw)
    }

    static func readOptionalID<Kind>(_ reader: inout ByteReader) throws(CodecError) -> Identifier<Kind>? {
        try reader.readOptional { reader throws(CodecError) in try readID(&reader) }
    }

    static func readInstant(_ reader: inout ByteReader) throws(CodecError) -> Instant {
        Instant(secondsSinceEpoch: try reader.readVarInt())
    }

    static func readOptionalInstant(_ reader: inout ByteReader) throws(CodecError) -> Instant? {
        try reader.readOptional { reader throws(CodecError) in try readInstant(&reader) }
    }

    /// Buffer minutes, which the domain keeps in a `UInt16`.
    static func readMinutes16(_ reader: inout ByteReader) throws(CodecError) -> Int {
        let start = reader.offset
        let value = try reader.readVarUInt()
        guard value <= UInt64(UInt16.max) else {
            throw CodecError(.invalidValue, "buffer of \(value) minutes does not fit 16 bits", offset: start)
        }
        return Int(value)
    }

    /// An optional set of identifiers, which must be strictly ascending (so each set has one encoding).
    static func readIDSet<Kind>(_ reader: inout ByteReader) throws(CodecError) -> Set<Identifier<Kind>>? {
        try reader.readOptional { reader throws(CodecError) in
            let count = try reader.readCount(elementBytesMin: 1)
            var ids = Set<Identifier<Kind>>(minimumCapacity: count)
            var previous: UInt64 = 0
            for _ in 0..<count {
                let start = reader.offset
                let id: Identifier<Kind> = try readID(&reader)
                guard id.rawValue > previous else {
                    throw CodecError(.invalidValue, "identifier set not strictly ascending", offset: start)
                }
                previous = id.rawValue
                ids.insert(id)
            }
            return ids
        }
    }

    static func readOrigin(_ reader: inout ByteReader) throws(CodecError) -> Origin {
        let kindOffset = reader.offset
        guard let kind = authorKind(tag: try reader.readUInt8()) else {
            throw CodecError(.unknownTag, "unknown author kind tag", offset: kindOffset)
        }
        let authorID = try reader.readVarUInt()
        let channelOffset = reader.offset
        guard let channel = channel(tag: try reader.readUInt8()) else {
            throw CodecError(.unknownTag, "unknown channel tag", offset: channelOffset)
        }
        return Origin(author: Author(kind: kind, id: authorID), channel: channel)
    }

    static func readStatus(_ reader: inout ByteReader) throws(CodecError) -> BookingStatus {
        let start = reader.offset
        let tag = try reader.readUInt8()
        guard let status = status(tag: tag) else {
            throw CodecError(.unknownTag, "unknown booking status tag \(tag)", offset: start)
        }
        return status
    }

    static func readTimeOfDay(_ reader: inout ByteReader) throws(CodecError) -> TimeOfDay {
        let start = reader.offset
        let minutes = try reader.readVarUInt()
        guard minutes <= UInt64(TimeOfDay.minutesPerDay), let time = TimeOfDay(minutes: Int(minutes)) else {
            throw CodecError(.invalidValue, "time of day \(minutes) minutes is past 24:00", offset: start)
        }
        return time
    }

    static func readWorkingWindow(_ reader: inout ByteReader) throws(CodecError) -> WorkingWindow {
        let start = reader.offset
        let weekday = Int(try reader.readUInt8())
        guard weekdayRange.contains(weekday) else {
            throw CodecError(.invalidValue, "weekday \(weekday) outside 1...7", offset: start)
        }
        let opens = try readTimeOfDay(&reader)
        let closes = try readTimeOfDay(&reader)
        return WorkingWindow(weekday: weekday, start: opens, end: closes)
    }

    static func readTimeOff(_ reader: inout ByteReader) throws(CodecError) -> TimeOff {
        let id: TimeOffID = try readID(&reader)
        let startsAt = try readInstant(&reader)
        let endsAt = try readInstant(&reader)
        return TimeOff(id: id, startsAt: startsAt, endsAt: endsAt, reason: try reader.readString())
    }

    static func readIdempotencyKey(_ reader: inout ByteReader) throws(CodecError) -> IdempotencyKey {
        let merchantID: MerchantID = try readID(&reader)
        return IdempotencyKey(merchantID: merchantID, key: try reader.readString())
    }

    static func readIdempotencyRecord(_ reader: inout ByteReader) throws(CodecError) -> IdempotencyRecord {
        let key = try readIdempotencyKey(&reader)
        let fingerprint = try reader.readUInt64()
        return IdempotencyRecord(key: key, fingerprint: fingerprint, expiresAt: try readInstant(&reader))
    }

    static func readChange(_ reader: inout ByteReader) throws(CodecError) -> BookingChange {
        let at = try readInstant(&reader)
        let tagOffset = reader.offset
        let action: BookingChange.Action
        switch try reader.readUInt8() {
        case ActionTag.created:
            action = .created
        case ActionTag.cancelled:
            action = .cancelled(reason: try reader.readOptionalString())
        case ActionTag.rescheduled:
            let fromStaff: StaffID = try readID(&reader)
            let fromStart = try readInstant(&reader)
            let toStaff: StaffID = try readID(&reader)
            action = .rescheduled(
                fromStaff: fromStaff, fromStart: fromStart, toStaff: toStaff, toStart: try readInstant(&reader))
        case ActionTag.completed:
            action = .completed
        case ActionTag.markedNoShow:
            action = .markedNoShow
        case ActionTag.attendanceConfirmed:
            action = .attendanceConfirmed
        case ActionTag.approved:
            action = .approved
        case let tag:
            throw CodecError(.unknownTag, "unknown history action tag \(tag)", offset: tagOffset)
        }
        return BookingChange(at: at, action: action, origin: try readOrigin(&reader))
    }
}

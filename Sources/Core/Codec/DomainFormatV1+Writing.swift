extension DomainFormatV1 {
    static func write<Kind>(_ id: Identifier<Kind>, to writer: inout ByteWriter) {
        writer.writeVarUInt(id.rawValue)
    }

    static func write(_ instant: Instant, to writer: inout ByteWriter) {
        writer.writeVarInt(instant.secondsSinceEpoch)
    }

    /// An optional set of identifiers, ascending so that equal sets give equal bytes.
    static func write<Kind>(_ ids: Set<Identifier<Kind>>?, to writer: inout ByteWriter) {
        writer.writeOptional(ids) { writer, ids in
            writer.writeVarUInt(UInt64(ids.count))
            for id in ids.sorted() { writer.writeVarUInt(id.rawValue) }
        }
    }

    static func write(_ origin: Origin, to writer: inout ByteWriter) {
        writer.writeUInt8(tag(of: origin.author.kind))
        writer.writeVarUInt(origin.author.id)
        writer.writeUInt8(tag(of: origin.channel))
    }

    static func write(_ merchant: Merchant, to writer: inout ByteWriter) {
        write(merchant.id, to: &writer)
        writer.writeString(merchant.name)
        writer.writeString(merchant.zone.identifier)
        writer.writeVarInt(merchant.slotMinutes)
        writer.writeVarInt(merchant.rules.minNoticeMinutes)
        writer.writeVarInt(merchant.rules.maxDaysAhead)
        writer.writeVarInt(merchant.rules.holdMinutes)
        writer.writeOptional(merchant.rules.cancelDeadlineMinutes) { $0.writeVarInt($1) }
        write(merchant.createdAt, to: &writer)
    }

    static func write(_ staff: Staff, to writer: inout ByteWriter) {
        write(staff.id, to: &writer)
        write(staff.merchantID, to: &writer)
        writer.writeString(staff.name)
        writer.writeBool(staff.isActive)
        writer.writeVarUInt(UInt64(staff.workingHours.count))
        for window in staff.workingHours {
            precondition(weekdayRange.contains(window.weekday), "working window weekday out of 1...7")
            writer.writeUInt8(UInt8(window.weekday))
            writer.writeVarUInt(UInt64(window.start.minutes))
            writer.writeVarUInt(UInt64(window.end.minutes))
        }
        writer.writeVarUInt(UInt64(staff.timeOff.count))
        for timeOff in staff.timeOff { write(timeOff, to: &writer) }
        write(staff.serviceIDs, to: &writer)
    }

    static func write(_ timeOff: TimeOff, to writer: inout ByteWriter) {
        write(timeOff.id, to: &writer)
        write(timeOff.startsAt, to: &writer)
        write(timeOff.endsAt, to: &writer)
        writer.writeString(timeOff.reason)
    }

    static func write(_ service: Service, to writer: inout ByteWriter) {
        write(service.id, to: &writer)
        write(service.merchantID, to: &writer)
        writer.writeString(service.name)
        writer.writeVarInt(service.durationMinutes)
        writer.writeVarInt(service.bufferBeforeMinutes)
        writer.writeVarInt(service.bufferAfterMinutes)
        writer.writeVarInt(service.price)
        writer.writeBool(service.isActive)
        write(service.staffIDs, to: &writer)
    }

    static func write(_ customer: Customer, to writer: inout ByteWriter) {
        write(customer.id, to: &writer)
        write(customer.merchantID, to: &writer)
        writer.writeString(customer.displayName)
        writer.writeOptionalString(customer.lineUserID)
        writer.writeOptionalString(customer.phone)
        write(customer.createdAt, to: &writer)
    }

    static func write(_ hold: Hold, to writer: inout ByteWriter) {
        write(hold.id, to: &writer)
        write(hold.merchantID, to: &writer)
        write(hold.staffID, to: &writer)
        write(hold.serviceID, to: &writer)
        writer.writeOptional(hold.customerID) { write($1, to: &$0) }
        write(hold.startsAt, to: &writer)
        write(hold.endsAt, to: &writer)
        writer.writeVarUInt(UInt64(hold.bufferBeforeMinutes))
        writer.writeVarUInt(UInt64(hold.bufferAfterMinutes))
        write(hold.createdAt, to: &writer)
        write(hold.expiresAt, to: &writer)
    }

    static func write(_ booking: Booking, to writer: inout ByteWriter) {
        write(booking.id, to: &writer)
        write(booking.merchantID, to: &writer)
        write(booking.staffID, to: &writer)
        write(booking.serviceID, to: &writer)
        write(booking.customerID, to: &writer)
        write(booking.startsAt, to: &writer)
        write(booking.endsAt, to: &writer)
        write(booking.createdAt, to: &writer)
        writer.writeOptional(booking.closedAt) { write($1, to: &$0) }
        writer.writeString(booking.note)
        writer.writeOptionalString(booking.cancelReason)
        writer.writeOptional(booking.holdID) { write($1, to: &$0) }
        write(booking.origin, to: &writer)
        writer.writeVarUInt(UInt64(booking.bufferBeforeMinutes))
        writer.writeVarUInt(UInt64(booking.bufferAfterMinutes))
        writer.writeUInt8(tag(of: booking.status))
    }

    /// An API key; its digest is written as its 32 raw bytes.
    static func write(_ key: ApiKey, to writer: inout ByteWriter) {
        precondition(key.digest.count == ApiKey.digestLength, "API key digests are SHA-256")
        write(key.id, to: &writer)
        write(key.merchantID, to: &writer)
        writer.writeBytes(key.digest)
        write(key.createdAt, to: &writer)
    }

    static func write(_ key: IdempotencyKey, to writer: inout ByteWriter) {
        write(key.merchantID, to: &writer)
        writer.writeString(key.key)
    }

    static func write(_ record: IdempotencyRecord, to writer: inout ByteWriter) {
        write(record.key, to: &writer)
        writer.writeUInt64(record.fingerprint)
        write(record.expiresAt, to: &writer)
    }

    static func write(_ change: BookingChange, to writer: inout ByteWriter) {
        write(change.at, to: &writer)
        switch change.action {
        case .created:
            writer.writeUInt8(ActionTag.created)
        case .cancelled(let reason):
            writer.writeUInt8(ActionTag.cancelled)
            writer.writeOptionalString(reason)
        case .rescheduled(let fromStaff, let fromStart, let toStaff, let toStart):
            writer.writeUInt8(ActionTag.rescheduled)
            write(fromStaff, to: &writer)
            write(fromStart, to: &writer)
            write(toStaff, to: &writer)
            write(toStart, to: &writer)
        case .completed:
            writer.writeUInt8(ActionTag.completed)
        case .markedNoShow:
            writer.writeUInt8(ActionTag.markedNoShow)
        case .attendanceConfirmed:
            writer.writeUInt8(ActionTag.attendanceConfirmed)
        case .approved:
            writer.writeUInt8(ActionTag.approved)
        }
        write(change.origin, to: &writer)
    }
}

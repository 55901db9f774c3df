extension DomainFormatV1 {
    /// Fewest bytes a booking takes: five ids, three instants, three absent optionals, an empty note, the origin
    /// (three bytes), two buffers and the status.
    static let bookingBytesMin = 18
    /// Fewest bytes a hold takes: four ids, an absent customer, four instants and two buffers.
    static let holdBytesMin = 11
    /// Fewest bytes an API key takes: two ids, the digest and the creation instant.
    static let apiKeyBytesMin = 3 + ApiKey.digestLength

    static func readMerchant(_ reader: inout ByteReader) throws(CodecError) -> Merchant {
        let id: MerchantID = try readID(&reader)
        let name = try reader.readString()
        let zoneOffset = reader.offset
        let identifier = try reader.readString()
        let zone: ZoneRules
        if let known = ZoneRulesCache.shared.rules(for: identifier) {
            zone = known
        } else if ZoneRules.isWellFormedIdentifier(identifier) {
            // Written where the zone was known: keep it, so replay and digests do not depend on this host.
            zone = ZoneRules(unresolvedIdentifier: identifier)
        } else {
            throw CodecError(.unknownTimeZone, "time zone \"\(identifier)\" is not a zone name", offset: zoneOffset)
        }
        let slotMinutes = try reader.readInt()
        let minNoticeMinutes = try reader.readInt()
        let maxDaysAhead = try reader.readInt()
        let holdMinutes = try reader.readInt()
        let cancelDeadlineMinutes = try reader.readOptional { reader throws(CodecError) in try reader.readInt() }
        let rules = BookingRules(
            minNoticeMinutes: minNoticeMinutes,
            maxDaysAhead: maxDaysAhead,
            holdMinutes: holdMinutes,
            cancelDeadlineMinutes: cancelDeadlineMinutes
        )
        let createdAt = try readInstant(&reader)
        return Merchant(id: id, name: name, zone: zone, slotMinutes: slotMinutes, rules: rules, createdAt: createdAt)
    }

    static func readStaff(_ reader: inout ByteReader) throws(CodecError) -> Staff {
        let id: StaffID = try readID(&reader)
        let merchantID: MerchantID = try readID(&reader)
        let name = try reader.readString()
        let isActive = try reader.readBool()
        let windowCount = try reader.readCount(elementBytesMin: workingWindowBytesMin)
        var workingHours: [WorkingWindow] = []
        workingHours.reserveCapacity(windowCount)
        for _ in 0..<windowCount { workingHours.append(try readWorkingWindow(&reader)) }
        let timeOffCount = try reader.readCount(elementBytesMin: timeOffBytesMin)
        var timeOff: [TimeOff] = []
        timeOff.reserveCapacity(timeOffCount)
        for _ in 0..<timeOffCount { timeOff.append(try readTimeOff(&reader)) }
        let serviceIDs: Set<ServiceID>? = try readIDSet(&reader)
        return Staff(
            id: id,
            merchantID: merchantID,
            name: name,
            isActive: isActive,
            workingHours: workingHours,
            timeOff: timeOff,
            serviceIDs: serviceIDs
        )
    }

    static func readService(_ reader: inout ByteReader) throws(CodecError) -> Service {
        let id: ServiceID = try readID(&reader)
        let merchantID: MerchantID = try readID(&reader)
        let name = try reader.readString()
        let durationMinutes = try reader.readInt()
        let bufferBeforeMinutes = try reader.readInt()
        let bufferAfterMinutes = try reader.readInt()
        let price = try reader.readInt()
        let isActive = try reader.readBool()
        let staffIDs: Set<StaffID>? = try readIDSet(&reader)
        return Service(
            id: id,
            merchantID: merchantID,
            name: name,
            durationMinutes: durationMinutes,
            bufferBeforeMinutes: bufferBeforeMinutes,
            bufferAfterMinutes: bufferAfterMinutes,
            price: price,
            isActive: isActive,
            staffIDs: staffIDs
        )
    }

    static func readCustomer(_ reader: inout ByteReader) throws(CodecError) -> Customer {
        let id: CustomerID = try readID(&reader)
        let merchantID: MerchantID = try readID(&reader)
        let displayName = try reader.readString()
        let lineUserID = try reader.readOptionalString()
        let phone = try reader.readOptionalString()
        return Customer(
            id: id,
            merchantID: merchantID,
            displayName: displayName,
            lineUserID: lineUserID,
            phone: phone,
            createdAt: try readInstant(&reader)
        )
    }

    static func readHold(_ reader: inout ByteReader) throws(CodecError) -> Hold {
        let id: HoldID = try readID(&reader)
        let merchantID: MerchantID = try readID(&reader)
        let staffID: StaffID = try readID(&reader)
        let serviceID: ServiceID = try readID(&reader)
        let customerID: CustomerID? = try readOptionalID(&reader)
        let startsAt = try readInstant(&reader)
        let endsAt = try readInstant(&reader)
        let bufferBeforeMinutes = try readMinutes16(&reader)
        let bufferAfterMinutes = try readMinutes16(&reader)
        let createdAt = try readInstant(&reader)
        return Hold(
            id: id,
            merchantID: merchantID,
            staffID: staffID,
            serviceID: serviceID,
            customerID: customerID,
            startsAt: startsAt,
            endsAt: endsAt,
            bufferBeforeMinutes: bufferBeforeMinutes,
            bufferAfterMinutes: bufferAfterMinutes,
            createdAt: createdAt,
            expiresAt: try readInstant(&reader)
        )
    }

    static func readBooking(_ reader: inout ByteReader) throws(CodecError) -> Booking {
        let id: BookingID = try readID(&reader)
        let merchantID: MerchantID = try readID(&reader)
        let staffID: StaffID = try readID(&reader)
        let serviceID: ServiceID = try readID(&reader)
        let customerID: CustomerID = try readID(&reader)
        let startsAt = try readInstant(&reader)
        let endsAt = try readInstant(&reader)
        let createdAt = try readInstant(&reader)
        let closedAtOffset = reader.offset
        let closedAt = try readOptionalInstant(&reader)
        // `Booking` keeps "not closed" as Int64.min, so that instant cannot be a closing time (its setter traps).
        guard closedAt?.secondsSinceEpoch != Int64.min else {
            throw CodecError(.invalidValue, "closing instant Int64.min is reserved", offset: closedAtOffset)
        }
        let note = try reader.readString()
        let cancelReason = try reader.readOptionalString()
        let holdID: HoldID? = try readOptionalID(&reader)
        let origin = try readOrigin(&reader)
        let bufferBeforeMinutes = try readMinutes16(&reader)
        let bufferAfterMinutes = try readMinutes16(&reader)
        let status = try readStatus(&reader)
        return Booking(
            id: id,
            merchantID: merchantID,
            staffID: staffID,
            serviceID: serviceID,
            customerID: customerID,
            startsAt: startsAt,
            endsAt: endsAt,
            bufferBeforeMinutes: bufferBeforeMinutes,
            bufferAfterMinutes: bufferAfterMinutes,
            status: status,
            note: note,
            createdAt: createdAt,
            closedAt: closedAt,
            cancelReason: cancelReason,
            holdID: holdID,
            origin: origin
        )
    }

    static func readApiKey(_ reader: inout ByteReader) throws(CodecError) -> ApiKey {
        let id: ApiKeyID = try readID(&reader)
        let merchantID: MerchantID = try readID(&reader)
        let digest = try reader.readBytes(count: ApiKey.digestLength)
        return ApiKey(id: id, merchantID: merchantID, digest: digest, createdAt: try readInstant(&reader))
    }
}

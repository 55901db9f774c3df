import Testing

@testable import Core

/// Values the domain's initialisers would trap on, or that name nothing, are codec errors.
@Suite struct EventCodecValidationTests {
    private typealias Tag = EventFormatV1.Tag

    private func bytes(_ tag: UInt8, _ body: (inout ByteWriter) -> Void) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(EventCodec.formatVersion)
        writer.writeUInt8(tag)
        body(&writer)
        return writer.bytes
    }

    private func error(_ bytes: [UInt8]) -> CodecError? {
        do throws(CodecError) {
            let event = try EventCodec.decode(bytes)
            Issue.record("decoded \(event)")
            return nil
        } catch {
            return error
        }
    }

    /// A staff record with one working window and the given service ids, as raw fields.
    private func staffBytes(weekday: UInt8 = 1, start: UInt64 = 600, end: UInt64 = 1_200, serviceIDs: [UInt64]? = nil)
        -> [UInt8]
    {
        bytes(Tag.staffCreated) { writer in
            writer.writeVarUInt(1)
            writer.writeVarUInt(1)
            writer.writeString("Amy")
            writer.writeBool(true)
            writer.writeVarUInt(1)
            writer.writeUInt8(weekday)
            writer.writeVarUInt(start)
            writer.writeVarUInt(end)
            writer.writeVarUInt(0)
            writer.writeOptional(serviceIDs) { writer, ids in
                writer.writeVarUInt(UInt64(ids.count))
                for id in ids { writer.writeVarUInt(id) }
            }
        }
    }

    @Test func wellFormedHandMadeStaffDecodes() throws {
        let event = try EventCodec.decode(staffBytes(serviceIDs: [3, 5]))
        guard case .staffCreated(let staff) = event else {
            Issue.record("decoded \(event)")
            return
        }
        #expect(
            staff.workingHours == [
                WorkingWindow(weekday: 1, start: EventSamples.time(600), end: EventSamples.time(1_200))
            ])
        #expect(staff.serviceIDs == [ServiceID(3), ServiceID(5)])
    }

    @Test(arguments: [UInt64(0), 1 << 63, UInt64.max])
    func identifiersOutsideTheirRangeAreRejected(raw: UInt64) {
        let failure = error(
            bytes(Tag.timeOffRemoved) { writer in
                writer.writeVarUInt(raw)
                writer.writeVarUInt(3)
            })
        #expect(failure?.code == .invalidValue)
        #expect(failure?.offset == 2)
        #expect(
            error(
                bytes(Tag.timeOffRemoved) {
                    $0.writeVarUInt(7)
                    $0.writeVarUInt(raw)
                })?.code == .invalidValue)
    }

    @Test func timesOfDayPastMidnightAreRejected() {
        #expect(error(staffBytes(end: 1_441))?.code == .invalidValue)
        #expect(error(staffBytes(start: UInt64.max))?.code == .invalidValue)
        #expect((try? EventCodec.decode(staffBytes(start: 0, end: 1_440))) != nil)
    }

    @Test(arguments: [UInt8(0), 8, 0xff])
    func weekdaysOutsideTheWeekAreRejected(weekday: UInt8) {
        #expect(error(staffBytes(weekday: weekday))?.code == .invalidValue)
    }

    @Test func identifierSetsMustBeStrictlyAscending() {
        #expect(error(staffBytes(serviceIDs: [5, 3]))?.code == .invalidValue)
        #expect(error(staffBytes(serviceIDs: [3, 3]))?.code == .invalidValue)
        #expect(error(staffBytes(serviceIDs: [3, 0]))?.code == .invalidValue)
    }

    @Test func flagsOtherThanZeroOrOneAreRejected() {
        var bytes = staffBytes()
        bytes[8] = 2  // isActive, after version, tag, two ids and the name "Amy" (1 + 3 bytes)
        #expect(bytes[2...5] == [1, 1, 3, UInt8(ascii: "A")])
        #expect(error(bytes)?.code == .invalidValue)
    }

    @Test(arguments: [UInt8(0), 5, 0xff])
    func unknownBookingStatusTagsAreRejected(tag: UInt8) {
        var bytes = EventCodec.encode(.bookingCreated(EventSamples.booking, idempotency: nil))
        // The status tag, then the absent idempotency record, format 4's awaiting-approval flag and format 5's
        // empty resource needs and visit items.
        #expect(bytes[bytes.count - 5] == DomainFormatV1.StatusTag.confirmed)
        bytes[bytes.count - 5] = tag
        #expect(error(bytes)?.code == .unknownTag)
    }

    // Author kind 5 is `user` and channel 6 `adminConsole` (both since event format 4); 7 is unknown to both.
    @Test(arguments: [UInt8(0), 7, 0xff])
    func unknownAuthorKindsAndChannelsAreRejected(tag: UInt8) {
        let released = EngineEvent.holdReleased(HoldID(1), at: Instant(secondsSinceEpoch: 0), origin: .system)
        var bytes = EventCodec.encode(released)
        #expect(bytes == [EventCodec.formatVersion, Tag.holdReleased, 1, 0, 4, 0, 4])
        bytes[4] = tag
        #expect(error(bytes)?.code == .unknownTag)
        bytes[4] = DomainFormatV1.AuthorTag.system
        bytes[6] = tag
        #expect(error(bytes)?.code == .unknownTag)
    }

    @Test func theReservedClosingInstantIsRejected() throws {
        var booking = EventSamples.booking
        booking.closedAt = Instant(secondsSinceEpoch: .min + 1)
        var bytes = EventCodec.encode(.bookingCreated(booking, idempotency: nil))
        #expect(try EventCodec.decode(bytes) == .bookingCreated(booking, idempotency: nil))
        // Int64.min + 1 and Int64.min differ only in the zigzag varint's first byte (0xfd against 0xff).
        let closedAt = try #require(bytes.firstIndex(of: 0xfd))
        bytes[closedAt] = 0xff
        let failure = error(bytes)
        #expect(failure?.code == .invalidValue)
        #expect(failure?.offset == closedAt - 1)
    }

    @Test func apiKeyDigestsAreThirtyTwoBytes() {
        let issued = EventCodec.encode(.apiKeyIssued(EventSamples.apiKey))
        #expect(issued.count == 2 + 2 + ApiKey.digestLength + 5)
        #expect(error(Array(issued.prefix(2 + 2 + 31)))?.code == .truncated)
    }

    @Test func buffersBeyondSixteenBitsAreRejected() {
        var writer = ByteWriter()
        writer.writeUInt8(EventFormatV4.version)  // a hold is written as in format 1 up to format 4
        EventFormatV1.write(.holdCreated(EventSamples.hold), to: &writer)
        #expect((try? EventCodec.decode(writer.bytes)) == .holdCreated(EventSamples.hold))
        let tooLong = bytes(Tag.holdCreated) { writer in
            for _ in 0..<4 { writer.writeVarUInt(1) }
            writer.writeUInt8(0)
            writer.writeVarInt(0)
            writer.writeVarInt(60)
            writer.writeVarUInt(65_536)
            writer.writeVarUInt(0)
            writer.writeVarInt(0)
            writer.writeVarInt(60)
        }
        #expect(error(tooLong)?.code == .invalidValue)
    }

    @Test func zoneNamesThisHostDoesNotKnowDecodeUnresolved() throws {
        var merchant = EventSamples.merchant
        var bytes = EventCodec.encode(.merchantCreated(merchant))
        let identifier = Array("Asia/Taipei".utf8)
        guard
            let start = (0...(bytes.count - identifier.count)).first(where: {
                bytes[$0..<$0 + identifier.count].elementsEqual(identifier)
            })
        else {
            Issue.record("zone identifier not found in \(bytes)")
            return
        }
        bytes.replaceSubrange(start..<start + identifier.count, with: Array("Mars/Olympu".utf8))
        guard case .merchantCreated(let decoded) = try EventCodec.decode(bytes) else {
            Issue.record("not a merchant")
            return
        }
        #expect(decoded.zone.identifier == "Mars/Olympu" && !decoded.zone.isResolved)
        #expect(EventCodec.encode(.merchantCreated(decoded)) == bytes)
        // What is not shaped like a zone name is refused.
        bytes.replaceSubrange(start..<start + identifier.count, with: Array("Mars/../etc".utf8))
        let failure = error(bytes)
        #expect(failure?.code == .unknownTimeZone)
        #expect(failure?.offset == start - 1)
        merchant.name = ""
        #expect((try? EventCodec.decode(EventCodec.encode(.merchantCreated(merchant)))) == .merchantCreated(merchant))
    }

    @Test(arguments: [
        "", "/", "..", "../../../../etc/passwd", "\u{0}", "Asia/Taipei\u{0}x", "asia/taipei",
        String(repeating: "Z", count: 5_000),
    ])
    func oddTimeZoneIdentifiersNeverTrap(identifier: String) {
        let bytes = bytes(Tag.merchantCreated) { writer in
            writer.writeVarUInt(1)
            writer.writeString("小美")
            writer.writeString(identifier)
            for _ in 0..<4 { writer.writeVarInt(15) }
            writer.writeUInt8(0)
            writer.writeVarInt(0)
            writer.writeString("")  // format 2: the address and the currency
            writer.writeUInt8(ExtensionFormatV1.tag(of: Currency.byTimeZone(identifier)))
            writer.writeBool(false)  // format 4: not suspended
            writer.writeUInt8(0)  // format 4: no no-show policy
        }
        do throws(CodecError) {
            let event = try EventCodec.decode(bytes)
            #expect(EventCodec.encode(event) == bytes)
        } catch {
            #expect(error.code == .unknownTimeZone)
        }
    }

    @Test func theZoneCacheBuildsEachZoneOnce() {
        let cache = ZoneRulesCache(capacity: 2)
        let first = cache.rules(for: "Asia/Taipei")
        #expect(first != nil && first == cache.rules(for: "Asia/Taipei"))
        #expect(cache.rules(for: "Mars/Olympus_Mons") == nil)
        #expect(cache.count == 1)
        _ = cache.rules(for: "Asia/Tokyo")
        #expect(cache.rules(for: "Europe/London")?.identifier == "Europe/London")
        #expect(cache.count == 2)
    }
}

import Testing

@testable import Core

@Suite struct EventCodecTests {
    private func decodeError(_ bytes: [UInt8]) -> CodecError? {
        do throws(CodecError) {
            let event = try EventCodec.decode(bytes)
            Issue.record("decoded \(event) from \(bytes)")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: EventSamples.realistic + EventSamples.edges)
    func everySampleRoundTrips(event: EngineEvent) throws {
        let bytes = EventCodec.encode(event)
        #expect(bytes.first == EventCodec.formatVersion)
        #expect(try EventCodec.decode(bytes) == event)
        #expect(EventCodec.encode(try EventCodec.decode(bytes)) == bytes)
    }

    @Test func samplesCoverEveryTag() {
        let tags = Set((EventSamples.realistic + EventSamples.edges).map { EventCodec.encode($0)[1] })
        // 30 is `bookingsArchived`, 31 `customerErased`, 32 `bookingApproved`.
        #expect(tags == Set(1...37))
    }

    @Test func stringsKeepTheirExactBytes() throws {
        var customer = EventSamples.customer
        customer.displayName = "e\u{301}"  // canonically equal to "é", but other bytes
        let decoded = try EventCodec.decode(EventCodec.encode(.customerCreated(customer)))
        guard case .customerCreated(let back) = decoded else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(Array(back.displayName.utf8) == [0x65, 0xcc, 0x81])
        #expect(back.lineUserID == "U4af4980629" && back.phone == "+886 912 345 678")
    }

    /// The v1 layout is frozen: logs written today must read the same forever. Versions 2 and 3 write these events alike.
    @Test func formatVersion1LayoutIsFrozen() throws {
        let origin = Origin(author: Author(kind: .customer, id: 5), channel: .line)
        let completed = EngineEvent.bookingCompleted(BookingID(300), at: Instant(secondsSinceEpoch: -1), origin: origin)
        let swept = EngineEvent.expiredSwept(
            holds: [HoldID(2)],
            idempotencyKeys: [IdempotencyKey(merchantID: MerchantID(1), key: "美")],
            at: Instant(secondsSinceEpoch: 1)
        )
        let cancelled = EngineEvent.bookingCancelled(
            BookingID(1), at: Instant(secondsSinceEpoch: 0), reason: nil, origin: .system)
        let frozen: [(EngineEvent, [UInt8])] = [
            (completed, [1, 16, 0xac, 0x02, 0x01, 1, 5, 1]),
            (.timeOffRemoved(StaffID(7), TimeOffID(3)), [1, 6, 7, 3]),
            (swept, [1, 18, 1, 2, 1, 1, 3, 0xe7, 0xbe, 0x8e, 2]),
            (cancelled, [1, 14, 1, 0, 0, 4, 0, 4]),
        ]
        for (event, bytes) in frozen {
            #expect(EventCodec.encodeInVersion1(event) == bytes)
            #expect(try EventCodec.decode(bytes) == event)
            #expect(EventCodec.encode(event) == [EventCodec.formatVersion] + bytes.dropFirst())
        }
    }

    @Test func randomEventsRoundTrip() throws {
        var random = CodecTestRandom.seeded()
        var batch: [UInt8] = []
        var ranges: [Range<Int>] = []
        var events: [EngineEvent] = []
        for _ in 0..<5_000 {
            let event = random.event()
            let bytes = EventCodec.encode(event)
            #expect(try EventCodec.decode(bytes) == event, "\(random.replay)")
            let start = batch.count
            EventCodec.encode(event, appendingTo: &batch)
            ranges.append(start..<batch.count)
            events.append(event)
        }
        // Events appended to one buffer decode from slices of it, and from raw buffers.
        for (range, event) in zip(ranges, events) {
            #expect(try EventCodec.decode(batch[range]) == event, "\(random.replay)")
        }
        let raw = batch.withUnsafeBytes { buffer in
            ranges.map { range in try? EventCodec.decode(UnsafeRawBufferPointer(rebasing: buffer[range])) }
        }
        #expect(raw == events.map { Optional($0) }, "\(random.replay)")
    }

    @Test(arguments: [UInt8(0), 7, 8, 0x7f, 0xff])
    func unknownVersionIsRejected(version: UInt8) {
        var bytes = EventCodec.encode(EventSamples.realistic[0])
        bytes[0] = version
        let error = decodeError(bytes)
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.offset == 0)
        #expect(error?.description.contains("version \(version)") == true)
    }

    // 38 is the first tag no event has.
    @Test(arguments: [UInt8(0), 38, 39, 0x80, 0xff])
    func unknownTagIsRejected(tag: UInt8) {
        let error = decodeError([EventCodec.formatVersion, tag, 1, 2, 3])
        #expect(error?.code == .unknownTag)
        #expect(error?.offset == 1)
    }

    @Test func emptyInputAndTrailingBytesAreRejected() {
        #expect(decodeError([])?.code == .truncated)
        #expect(decodeError([EventCodec.formatVersion])?.code == .truncated)
        let bytes = EventCodec.encode(EventSamples.realistic[5]) + [0]
        let error = decodeError(bytes)
        #expect(error?.code == .trailingBytes)
        #expect(error?.offset == bytes.count - 1)
    }
}

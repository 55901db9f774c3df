import Testing

@testable import Core

/// Event format 2 and snapshot format 3 carry the merchant's address and currency and the LINE Login channel id;
/// records written before (event format 1, snapshot formats 1 and 2) still read, with the defaults.
@Suite struct FormatExtensionTests {
    static let tokyo = ZoneRules(identifier: "Asia/Tokyo")!

    /// A Tokyo salon that prices in baht, so the stored currency differs from the time zone's.
    static let merchant = Merchant(
        id: MerchantID(3), name: "Ploy Nails", zone: tokyo, address: "東京都渋谷区神南1-2-3", currency: .thb,
        createdAt: EventSamples.createdAt)

    static var channel: LineChannel {
        var channel = EventSamples.lineChannel
        channel.merchantID = merchant.id
        channel.loginChannelID = "2000123456"
        return channel
    }

    private func versionOne(_ event: EngineEvent) -> [UInt8] { EventCodec.encodeInVersion1(event) }

    @Test func newEventsCarryAddressCurrencyAndLoginChannel() throws {
        for event in [
            EngineEvent.merchantCreated(Self.merchant), .merchantUpdated(Self.merchant),
            .lineChannelStored(Self.channel),
        ] {
            let bytes = EventCodec.encode(event)
            #expect(bytes.first == EventCodec.formatVersion)
            #expect(try EventCodec.decode(bytes) == event)
            // The extension trails the version 1 form of the record.
            #expect(bytes.count > versionOne(event).count)
        }
    }

    @Test func versionOneMerchantReadsWithoutAddressAndWithTheZoneCurrency() throws {
        let decoded = try EventCodec.decode(versionOne(.merchantCreated(Self.merchant)))
        guard case .merchantCreated(let merchant) = decoded else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(merchant.address == "")
        #expect(merchant.currency == .jpy)
        #expect(merchant.name == Self.merchant.name && merchant.zone == Self.tokyo)
    }

    @Test func versionOneChannelReadsWithoutLoginChannel() throws {
        let decoded = try EventCodec.decode(versionOne(.lineChannelStored(Self.channel)))
        guard case .lineChannelStored(let channel) = decoded else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(channel.loginChannelID == nil)
        #expect(channel.liffID == Self.channel.liffID)
    }

    @Test func anUnknownCurrencyTagIsRejected() {
        var bytes = EventCodec.encode(.merchantCreated(Self.merchant))
        // The currency tag comes before format 4's suspended flag and absent no-show policy.
        bytes[bytes.count - 3] = 9
        do throws(CodecError) {
            _ = try EventCodec.decode(bytes)
            Issue.record("decoded an unknown currency")
        } catch {
            #expect(error.code == .unknownTag)
        }
    }

    private func state() throws -> EngineState {
        var state = EngineState()
        try state.apply(.merchantCreated(Self.merchant), lsn: 1)
        try state.apply(.lineChannelStored(Self.channel), lsn: 2)
        return state
    }

    @Test func snapshotsKeepAddressCurrencyAndLoginChannel() throws {
        let state = try state()
        let bytes = SnapshotCodec.encode(state)
        #expect(bytes.first == SnapshotCodec.formatVersion)
        let decoded = try SnapshotCodec.decode(bytes)
        #expect(decoded.catalog.merchants[Self.merchant.id] == Self.merchant)
        #expect(decoded.outbox.channels[Self.merchant.id] == Self.channel)
        #expect(decoded.digest() == state.digest())
    }

    @Test func versionTwoSnapshotsReadWithTheDefaults() throws {
        var writer = ByteWriter()
        writer.writeUInt8(SnapshotFormatV2.version)
        SnapshotFormatV2.write(try state(), to: &writer)
        let decoded = try SnapshotCodec.decode(writer.bytes)
        let merchant = try #require(decoded.catalog.merchants[Self.merchant.id])
        #expect(merchant.address == "" && merchant.currency == .jpy)
        let channel = try #require(decoded.outbox.channels[Self.merchant.id])
        #expect(channel.loginChannelID == nil && channel.liffID == Self.channel.liffID)
    }

    @Test func aSnapshotMissingAMerchantsExtensionIsRejected() throws {
        var writer = ByteWriter()
        writer.writeUInt8(SnapshotFormatV3.version)
        SnapshotFormatV2.write(try state(), to: &writer)
        writer.writeVarUInt(0)
        writer.writeVarUInt(0)
        do throws(CodecError) {
            _ = try SnapshotCodec.decode(writer.bytes)
            Issue.record("decoded a snapshot without extensions")
        } catch {
            #expect(error.code == .inconsistentSnapshot)
        }
    }
}

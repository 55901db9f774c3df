/// Snapshot format version 3: everything of version 2 (see ``SnapshotFormatV2``), then the fields of
/// ``ExtensionFormatV1``:
///
/// 1. for every merchant, by ascending id: its id, then its extension;
/// 2. for every LINE channel, by ascending merchant id: the merchant's id, then the channel's extension.
///
/// The counts must equal those of version 2's merchants and channels.
enum SnapshotFormatV3 {
    /// The version byte of this format.
    static let version: UInt8 = 3

    /// Writes `state` (not the version byte).
    static func write(_ state: EngineState, to writer: inout ByteWriter) {
        SnapshotFormatV2.write(state, to: &writer)
        let merchants = state.catalog.merchants
        writer.writeVarUInt(UInt64(merchants.count))
        for id in merchants.keys.sorted() {
            guard let merchant = merchants[id] else { preconditionFailure("merchant key without value") }
            DomainFormatV1.write(id, to: &writer)
            ExtensionFormatV1.writeExtension(of: merchant, to: &writer)
        }
        let channels = state.outbox.channels
        writer.writeVarUInt(UInt64(channels.count))
        for id in channels.keys.sorted() {
            guard let channel = channels[id] else { preconditionFailure("channel key without value") }
            DomainFormatV1.write(id, to: &writer)
            ExtensionFormatV1.writeExtension(of: channel, to: &writer)
        }
    }

    /// Reads a state (the version byte already read), checking that every merchant and channel has its extension.
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineState {
        let base = try SnapshotFormatV2.read(&reader)
        var catalog = base.catalog
        var outbox = base.outbox
        let merchantCountOffset = reader.offset
        let merchantCount = try reader.readCount(elementBytesMin: 1 + ExtensionFormatV1.merchantBytesMin)
        guard merchantCount == catalog.merchants.count else {
            throw CodecError(
                .inconsistentSnapshot, "\(merchantCount) merchant extensions for \(catalog.merchants.count) merchants",
                offset: merchantCountOffset)
        }
        var previous: MerchantID?
        for _ in 0..<merchantCount {
            let start = reader.offset
            let id: MerchantID = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: previous, "merchant extensions", at: start)
            previous = id
            guard var merchant = catalog.merchants[id] else {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
            try ExtensionFormatV1.readExtension(of: &merchant, &reader)
            do {
                _ = try catalog.apply(.merchantUpdated(merchant))
            } catch {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
        }
        let channelCountOffset = reader.offset
        let channelCount = try reader.readCount(elementBytesMin: 1 + ExtensionFormatV1.channelBytesMin)
        guard channelCount == outbox.channels.count else {
            throw CodecError(
                .inconsistentSnapshot, "\(channelCount) channel extensions for \(outbox.channels.count) channels",
                offset: channelCountOffset)
        }
        previous = nil
        for _ in 0..<channelCount {
            let start = reader.offset
            let id: MerchantID = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: previous, "channel extensions", at: start)
            previous = id
            guard var channel = outbox.channels[id] else {
                throw CodecError(.inconsistentSnapshot, "channel extension of unknown \(id)", offset: start)
            }
            try ExtensionFormatV1.readExtension(of: &channel, &reader)
            outbox.setChannel(channel)
        }
        return EngineState(
            catalog: catalog, ledger: base.ledger, keyRing: base.keyRing, outbox: outbox,
            appliedLSN: base.appliedLSN)
    }
}

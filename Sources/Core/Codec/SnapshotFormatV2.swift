/// Snapshot format version 2: everything of version 1 (see ``SnapshotFormatV1``), then the outbox:
///
/// 1. LINE channels by ascending merchant id;
/// 2. notifications by ascending id;
/// 3. unreachable customers by ascending id;
/// 4. monthly push counts by ascending merchant id: merchant, month, count;
/// 5. handled webhook events in the order they were handled: instant, merchant, event id.
///
/// The outbox's indexes (pending queues, per-booking and per-merchant lists) are rebuilt, not stored.
enum SnapshotFormatV2 {
    /// The version byte of this format.
    static let version: UInt8 = 2

    /// Fewest bytes a channel takes.
    private static let channelBytesMin = 12
    /// Fewest bytes a notification takes.
    private static let notificationBytesMin = 16
    /// Fewest bytes a monthly count takes.
    private static let usageBytesMin = 3
    /// Fewest bytes a handled webhook event takes.
    private static let webhookEventBytesMin = 3

    /// Writes `state` (not the version byte).
    static func write(_ state: EngineState, to writer: inout ByteWriter) {
        SnapshotFormatV1.write(state, to: &writer)
        let outbox = state.outbox
        writer.writeVarUInt(UInt64(outbox.channels.count))
        for id in outbox.channels.keys.sorted() {
            guard let channel = outbox.channels[id] else { preconditionFailure("channel key without value") }
            MessagingFormatV1.write(channel, to: &writer)
        }
        writer.writeVarUInt(UInt64(outbox.notifications.count))
        for position in SnapshotFormatV1.idOrder(of: outbox.notifications) {
            MessagingFormatV1.write(outbox.notifications.values[position], to: &writer)
        }
        writer.writeVarUInt(UInt64(outbox.unreachableCustomers.count))
        for id in outbox.unreachableCustomers.sorted() { DomainFormatV1.write(id, to: &writer) }
        writer.writeVarUInt(UInt64(outbox.monthlyUsage.count))
        for id in outbox.monthlyUsage.keys.sorted() {
            guard let usage = outbox.monthlyUsage[id] else { preconditionFailure("usage key without value") }
            DomainFormatV1.write(id, to: &writer)
            writer.writeVarInt(usage.month)
            writer.writeVarInt(usage.sent)
        }
        writer.writeVarUInt(UInt64(outbox.webhookEventLog.count))
        for (at, key) in outbox.webhookEventLog.kept {
            DomainFormatV1.write(at, to: &writer)
            DomainFormatV1.write(key.merchantID, to: &writer)
            writer.writeString(key.eventID)
        }
    }

    /// Reads a state (the version byte already read), checking that the outbox fits the rest.
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineState {
        let base = try SnapshotFormatV1.read(&reader)
        let catalog = base.catalog
        func requireMerchant(_ id: MerchantID, at offset: Int) throws(CodecError) {
            guard catalog.merchants[id] != nil else {
                throw CodecError(.inconsistentSnapshot, "outbox entry of unknown \(id)", offset: offset)
            }
        }
        var channels: [MerchantID: LineChannel] = [:]
        var previousMerchant: MerchantID?
        for _ in 0..<(try reader.readCount(elementBytesMin: channelBytesMin)) {
            let start = reader.offset
            let channel = try MessagingFormatV1.readChannel(&reader)
            try requireMerchant(channel.merchantID, at: start)
            try SnapshotFormatV1.requireAscending(channel.merchantID, after: previousMerchant, "channels", at: start)
            previousMerchant = channel.merchantID
            channels[channel.merchantID] = channel
        }
        var notifications: [Notification] = []
        for _ in 0..<(try reader.readCount(elementBytesMin: notificationBytesMin)) {
            let start = reader.offset
            let notification = try MessagingFormatV1.readNotification(&reader)
            try requireMerchant(notification.merchantID, at: start)
            try SnapshotFormatV1.requireAscending(
                notification.id, after: notifications.last?.id, "notifications", at: start)
            notifications.append(notification)
        }
        var unreachable: Set<CustomerID> = []
        var previousCustomer: CustomerID?
        for _ in 0..<(try reader.readCount(elementBytesMin: 1)) {
            let start = reader.offset
            let id: CustomerID = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: previousCustomer, "unreachable customers", at: start)
            previousCustomer = id
            unreachable.insert(id)
        }
        var usage: [MerchantID: MonthlyUsage] = [:]
        previousMerchant = nil
        for _ in 0..<(try reader.readCount(elementBytesMin: usageBytesMin)) {
            let start = reader.offset
            let id: MerchantID = try DomainFormatV1.readID(&reader)
            try requireMerchant(id, at: start)
            try SnapshotFormatV1.requireAscending(id, after: previousMerchant, "monthly counts", at: start)
            previousMerchant = id
            usage[id] = MonthlyUsage(month: try reader.readInt(), sent: try reader.readInt())
        }
        var webhookEvents: [(at: Instant, key: WebhookEventKey)] = []
        for _ in 0..<(try reader.readCount(elementBytesMin: webhookEventBytesMin)) {
            let at = try DomainFormatV1.readInstant(&reader)
            let merchantID: MerchantID = try DomainFormatV1.readID(&reader)
            webhookEvents.append((at, WebhookEventKey(merchantID: merchantID, eventID: try reader.readString())))
        }
        let outbox = Outbox(
            channels: channels, notifications: notifications, unreachableCustomers: unreachable,
            monthlyUsage: usage, webhookEvents: webhookEvents)
        return EngineState(
            catalog: catalog, ledger: base.ledger, keyRing: base.keyRing, outbox: outbox,
            appliedLSN: base.appliedLSN)
    }
}

import Foundation

/// The value of a group's leader key: who leads, at which epoch, and the first LSN of that epoch (every record the
/// leader writes is at or above it; a former leader whose log reaches it holds records the group never kept).
public struct LeaderRecord: StoredJSON {
    /// Where the leader is reached (`--advertise-url`).
    public var url: String
    /// The leader's epoch.
    public var epoch: UInt64
    /// The first LSN the leader writes at this epoch.
    public var startLsn: UInt64

    /// A record.
    public init(url: String, epoch: UInt64, startLsn: UInt64) {
        self.url = url
        self.epoch = epoch
        self.startLsn = startLsn
    }
}

/// The value of a follower's member key: how far its log reaches, so that the most caught-up follower campaigns
/// first when the leader's lease lapses.
public struct MemberRecord: StoredJSON {
    /// Where the member is reached.
    public var url: String
    /// The last LSN in its log.
    public var durableLsn: UInt64

    /// A record.
    public init(url: String, durableLsn: UInt64) {
        self.url = url
        self.durableLsn = durableLsn
    }
}

/// A value Nailbook keeps in etcd as JSON (sorted keys, so the same value is always the same bytes).
public protocol StoredJSON: Codable, Sendable, Equatable {}

extension StoredJSON {
    /// The JSON bytes stored in etcd.
    public var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// Reads a stored value; nil when it is not one.
    public init?(bytes: [UInt8]) {
        guard let value = try? JSONDecoder().decode(Self.self, from: Data(bytes)) else { return nil }
        self = value
    }
}

import WAL

/// What a data folder remembers about its node's leadership across restarts, in `DIR/leadership`: promoted to an
/// epoch, or fenced by a newer leader. A folder that never took part in a promotion has none (a leader at epoch 0,
/// as before fencing existed).
///
/// Why a file of its own: the log cannot tell "this node raised its epoch to 2" from "this node stored frames of a
/// leader at epoch 2", and a fence must outlive a restart — an old leader restarted with its old command line must
/// not take writes again.
public enum LeadershipRecord: Sendable, Equatable {
    /// This node was promoted to `epoch` and writes at it.
    case leader(epoch: UInt64)
    /// A newer leader fenced this node when its log ended at `lsn`; it follows that leader.
    case fenced(LogFence, lsn: UInt64)
    /// A newer leader fenced this node, whose log holds records after `keepThrough` that the group never kept (it
    /// led and was cut off before they reached the next leader): the next start cuts them, then it is fenced at
    /// `keepThrough` (failover through etcd; docs/scaling.md).
    case diverged(LogFence, keepThrough: UInt64)

    /// The file's name in the data folder.
    public static let fileName = "leadership"
    static let header = "nailbook leadership 1"

    /// The file's text: a header line, then one `key value` a line.
    var text: String {
        switch self {
        case .leader(let epoch):
            return "\(Self.header)\nrole leader\nepoch \(epoch)\n"
        case .fenced(let fence, let lsn):
            return "\(Self.header)\nrole fenced\nepoch \(fence.epoch)\nleader \(fence.leaderURL)\nlsn \(lsn)\n"
        case .diverged(let fence, let lsn):
            return "\(Self.header)\nrole diverged\nepoch \(fence.epoch)\nleader \(fence.leaderURL)\nlsn \(lsn)\n"
        }
    }

    /// Parses the file's text; nil when it is not a whole record (the caller refuses to guess).
    static func parse(_ text: String) -> LeadershipRecord? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(header) else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in lines.dropFirst() {
            guard let space = line.firstIndex(of: " ") else { return nil }
            fields[line[..<space]] = line[line.index(after: space)...]
        }
        guard let epoch = fields["epoch"].flatMap({ UInt64($0) }), epoch > 0 else { return nil }
        switch fields["role"] {
        case "leader":
            return .leader(epoch: epoch)
        case "fenced", "diverged":
            guard let leader = fields["leader"], !leader.isEmpty, let lsn = fields["lsn"].flatMap({ UInt64($0) })
            else { return nil }
            let fence = LogFence(epoch: epoch, leaderURL: String(leader))
            return fields["role"] == "fenced" ? .fenced(fence, lsn: lsn) : .diverged(fence, keepThrough: lsn)
        default:
            return nil
        }
    }

    /// The record in `dataDirectory`, or nil when there is none; `leadershipUnreadable` when the file is damaged.
    public static func load(dataDirectory: String, storage: any WALStorage) throws(NodeError) -> LeadershipRecord? {
        let path = dataDirectory + "/" + fileName
        let bytes: [UInt8]
        do {
            guard try storage.listDirectory(dataDirectory).contains(fileName) else { return nil }
            bytes = try storage.readFile(path)
        } catch {
            throw NodeError(.storage, "cannot read \(fileName): \(error)", underlying: error)
        }
        guard let record = parse(String(decoding: bytes, as: UTF8.self)) else {
            throw NodeError(
                .leadershipUnreadable,
                "\(fileName) is damaged: restore it, or start with --follow (a follower) or remove it (a leader at "
                    + "epoch 0)")
        }
        return record
    }

    /// Writes the record crash-safely (complete or absent after a crash), mode 0600.
    func save(dataDirectory: String, storage: any WALStorage) throws(WALStorageError) {
        try storage.writeWholeFile(Array(text.utf8), to: dataDirectory + "/" + Self.fileName, in: dataDirectory)
    }
}

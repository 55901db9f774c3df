import Foundation
import Node
import Replication
import WAL

/// The leader's side of failover: hold the key, or step down to the leader etcd names.
extension FailoverService {
    func stepAsLeader(_ current: EtcdKeyValue?, lease: EtcdLease, ownURL: String) async {
        let wal = leadership.node.log.wal
        guard let current else {
            await claimVacantKey(lease: lease, ownURL: ownURL)
            return
        }
        let record = LeaderRecord(bytes: current.value)
        if current.lease == lease.id, let record {
            state.withLock { state in
                state.holdsKey = true
                state.leader = record
            }
            return
        }
        state.withLock { $0.holdsKey = false }
        refreshGate()
        guard let record, record.url != ownURL else {
            // This node's earlier run (or an unreadable value): take the key over unless a later epoch is in it.
            guard (record?.epoch ?? 0) <= wal.lastEpoch else { return }
            _ = await claim(
                if: [.modRevision(keys.leader, equals: current.modRevision)], epoch: wal.lastEpoch, lease: lease,
                ownURL: ownURL)
            return
        }
        state.withLock { $0.leader = record }
        guard record.epoch >= wal.lastEpoch else {
            // A leader this node took over from by a manual promotion (which fenced it): the key becomes this one's.
            await claimFromOlderLeader(current, lease: lease, ownURL: ownURL)
            return
        }
        await stepDown(to: record)
    }

    /// The key names a leader at an epoch below this node's: replaced by a compare-and-swap on its revision, unless
    /// etcd handed out a later epoch than this node's meanwhile.
    private func claimFromOlderLeader(_ current: EtcdKeyValue, lease: EtcdLease, ownURL: String) async {
        let wal = leadership.node.log.wal
        guard let counter = try? await epochCounter(), counter.value <= wal.lastEpoch else { return }
        state.withLock { $0.epochStartLSN = nil }
        _ = await claim(
            if: [
                .modRevision(keys.leader, equals: current.modRevision),
                .modRevision(keys.epoch, equals: counter.revision),
            ],
            epoch: wal.lastEpoch, lease: lease, ownURL: ownURL)
    }

    /// Nobody leads: this leader takes the key again, unless a later epoch was handed out since it led (another
    /// node led after it; this one waits to follow whoever leads next).
    private func claimVacantKey(lease: EtcdLease, ownURL: String) async {
        let wal = leadership.node.log.wal
        let counter: (value: UInt64, revision: Int64)
        do {
            counter = try await epochCounter()
        } catch {
            return
        }
        guard counter.value <= wal.lastEpoch else {
            state.withLock { $0.leader = nil }
            return
        }
        _ = await claim(
            if: [.absent(keys.leader), .modRevision(keys.epoch, equals: counter.revision)], epoch: wal.lastEpoch,
            lease: lease, ownURL: ownURL)
    }

    /// Puts this node's leader record (and the epoch counter) if `conditions` hold; true when it did.
    func claim(if conditions: [EtcdCondition], epoch: UInt64, lease: EtcdLease, ownURL: String) async -> Bool {
        let wal = leadership.node.log.wal
        let start = state.withLock { $0.epochStartLSN } ?? (wal.durableLSN + 1)
        let record = LeaderRecord(url: ownURL, epoch: epoch, startLsn: start)
        do {
            let won = try await etcd.transaction(
                if: conditions,
                then: [
                    .put(keys.leader, value: record.bytes, lease: lease.id),
                    .put(keys.epoch, value: Array("\(epoch)".utf8), lease: 0),
                ])
            guard won else { return false }
        } catch {
            return false
        }
        state.withLock { state in
            state.holdsKey = true
            state.leader = record
            state.epochStartLSN = start
            state.problem = nil
        }
        logger.notice("leading the group", metadata: ["group": "\(keys.group)", "epoch": "\(epoch)"])
        return true
    }

    /// Another node leads at a later epoch: fence this node's log for it and follow it, unless this log holds
    /// records from the new leader's first LSN on (written here, never replicated): those the group did not keep.
    private func stepDown(to record: LeaderRecord) async {
        let wal = leadership.node.log.wal
        guard record.epoch > wal.lastEpoch else {
            logger.error(
                "etcd names another leader at an epoch not above this one", metadata: ["leader": "\(record.url)"])
            return
        }
        let fence = LogFence(epoch: record.epoch, leaderURL: record.url)
        do {
            // Fence the log first (no local write after this), and look before following: a diverged log must not
            // stream from the new leader, whose records at the same LSNs differ.
            let lsn = try await leadership.node.fence(fence)
            if lsn >= record.startLsn {
                noteDiverged(lsn: lsn, record: record)
                restartToCut(record)
                return
            }
            _ = try await leadership.acceptFence(fence)
        } catch {
            logger.error("cannot step down", metadata: ["error": "\(error)", "leader": "\(record.url)"])
            return
        }
        logger.notice(
            "stepped down: another node leads the group",
            metadata: ["group": "\(keys.group)", "leader": "\(record.url)", "epoch": "\(record.epoch)"])
    }

    /// Records that the next start cuts this log after the new epoch's first LSN, then exits with status 75
    /// (EX_TEMPFAIL) so that systemd (`Restart=on-failure`) starts it again: the records to cut are applied in this
    /// process's memory, so only a fresh start can drop them. If the record cannot be written, the node stays up,
    /// refusing writes, and `/health` says why.
    private func restartToCut(_ record: LeaderRecord) {
        let fence = LogFence(epoch: record.epoch, leaderURL: record.url)
        do {
            try leadership.node.recordDiverged(fence, keepThrough: record.startLsn - 1)
        } catch {
            logger.error("cannot record the divergence", metadata: ["error": "\(error)"])
            return
        }
        logger.critical(
            "exiting to cut this node's unacknowledged records at the next start (status 75)",
            metadata: ["keep.through": "\(record.startLsn - 1)", "leader": "\(record.url)"])
        exit(75)
    }

    /// This node's log goes past the first LSN of the leader's epoch: it cannot follow (its follower stops at the
    /// first frame that does not continue its log); an operator restores it from the leader.
    func noteDiverged(lsn: UInt64, record: LeaderRecord) {
        let problem =
            "this node's log holds records \(record.startLsn)...\(lsn) that the group's leader (epoch \(record.epoch)) never had: it cannot follow; restore it from the leader (docs/scaling.md)"
        state.withLock { $0.problem = problem }
        logger.error("diverged from the group's leader", metadata: ["leader": "\(record.url)", "wal.lsn": "\(lsn)"])
    }
}

import Node
import Replication
import WAL

/// The follower's side of failover: publish how far its log reaches, follow the leader etcd names, and campaign
/// when there is none.
extension FailoverService {
    func stepAsFollower(_ current: EtcdKeyValue?, revision: Int64, lease: EtcdLease, ownURL: String) async {
        let now = ContinuousClock.now
        let wal = leadership.node.log.wal
        state.withLock { $0.holdsKey = false }
        await publishMember(lease: lease, ownURL: ownURL, now: now)
        if let current, let record = LeaderRecord(bytes: current.value) {
            state.withLock { state in
                state.leader = record
                state.vacantSinceRevision = nil
            }
            if record.url == ownURL {
                // This node led and was fenced by a manual promotion: its key goes, so the group can elect.
                _ = try? await etcd.transaction(
                    if: [.modRevision(keys.leader, equals: current.modRevision)], then: [.delete(keys.leader)])
                return
            }
            guard leadership.role.leaderURL != record.url else { return }
            do {
                try leadership.switchLeader(to: record.url)
                logger.notice("following the group's new leader", metadata: ["leader": "\(record.url)"])
            } catch {
                logger.error("cannot follow the group's leader", metadata: ["leader": "\(record.url)"])
            }
            return
        }
        guard current == nil else { return }  // an unreadable value: not a vacancy
        let (vacantSince, first) = state.withLock { state in
            state.leader = nil
            let first = state.vacantSinceRevision == nil
            if first { state.vacantSinceRevision = revision }
            return (state.vacantSinceRevision ?? revision, first)
        }
        // This node's report, final now (nothing is acknowledged after the lease lapsed), after the vacancy.
        let own = MemberRecord(url: ownURL, durableLsn: wal.durableLSN)
        if first {
            guard (try? await etcd.put(keys.member(ownURL), value: own.bytes, lease: lease.id)) != nil else { return }
        }
        guard let listed = try? await etcd.list(prefix: keys.members) else { return }
        let reports = listed.compactMap { stored in
            MemberRecord(bytes: stored.value).map { CampaignOrder.Report(member: $0, revision: stored.modRevision) }
        }
        guard CampaignOrder.mayCampaign(own: own, reports: reports, vacantSince: vacantSince) else { return }
        await campaign(lease: lease, ownURL: ownURL)
    }

    /// Tells the others how far this log reaches, about once a second.
    private func publishMember(lease: EtcdLease, ownURL: String, now: ContinuousClock.Instant) async {
        let due = state.withLock { state in
            guard let last = state.memberPublishedAt, now - last < .seconds(1) else {
                state.memberPublishedAt = now
                return true
            }
            return false
        }
        guard due else { return }
        let record = MemberRecord(url: ownURL, durableLsn: leadership.node.log.wal.durableLSN)
        try? await etcd.put(keys.member(ownURL), value: record.bytes, lease: lease.id)
    }

    /// Takes the vacant key with the next epoch, then promotes this node to it.
    private func campaign(lease: EtcdLease, ownURL: String) async {
        let wal = leadership.node.log.wal
        guard let counter = try? await epochCounter() else { return }
        let epoch = max(counter.value, wal.lastEpoch, wal.fence?.epoch ?? 0) + 1
        let won = await claim(
            if: [.absent(keys.leader), .modRevision(keys.epoch, equals: counter.revision)], epoch: epoch,
            lease: lease, ownURL: ownURL)
        guard won else { return }
        state.withLock { $0.holdsKey = false }  // no writes until promoted and the key says where the epoch starts
        do {
            let promoted = try await leadership.promoteElected(epoch: epoch)
            let record = LeaderRecord(url: ownURL, epoch: promoted, startLsn: wal.durableLSN + 1)
            try await etcd.put(keys.leader, value: record.bytes, lease: lease.id)
            if promoted != epoch { try await etcd.put(keys.epoch, value: Array("\(promoted)".utf8)) }
            state.withLock { state in
                state.holdsKey = true
                state.leader = record
                state.epochStartLSN = record.startLsn
            }
            logger.notice("won the group's election", metadata: ["group": "\(keys.group)", "epoch": "\(promoted)"])
        } catch {
            logger.error("won the election but could not promote: giving the key back", metadata: ["error": "\(error)"])
            try? await etcd.revoke(lease.id)
            state.withLock { state in
                state.etcdLease = nil
                state.clock.lapse()
            }
        }
    }
}

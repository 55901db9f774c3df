import Logging
import Node
import Replication
import WAL

/// Promotion with a handover, and the old leader's side: accepting a fence.
extension LeadershipService {
    /// `POST /v1/admin/promote`: fences the leader this node follows with a new epoch (it stops taking writes and
    /// answers the last LSN it ever acknowledged), waits until this node's log holds that LSN, then promotes this
    /// node to the epoch (at least `minimumEpoch`). A leader that cannot be reached is promoted away from at once and told in the background;
    /// one that refuses stops the promotion (see ``HandoverStateMachine``). One promotion at a time.
    public func promote(minimumEpoch: UInt64 = 0) async throws(PromotionError) -> Promotion {
        guard beginPromotion() else { throw PromotionError(.notAFollower("a promotion of this node is under way")) }
        defer { endPromotion() }
        guard let oldLeaderURL = role.leaderURL else {
            throw PromotionError(.notAFollower("this node is the leader already"))
        }
        guard let ownURL = ownURL() else { throw PromotionError(.ownURLUnknown) }
        // Clients the fenced old leader sends here before the promotion completes are told to retry shortly.
        role.setPromoting(true)
        defer { role.setPromoting(false) }
        let wal = node.log.wal
        var machine = HandoverStateMachine(
            proposedEpoch: max(wal.lastEpoch, wal.fence?.epoch ?? 0, minimumEpoch > 0 ? minimumEpoch - 1 : 0) + 1)
        var action = machine.start()
        while true {
            switch action {
            case .fence(let epoch):
                let answer = await fenceClient.fence(oldLeaderURL: oldLeaderURL, epoch: epoch, newLeaderURL: ownURL)
                logger.info("fence answered", metadata: ["leader.old": "\(oldLeaderURL)", "answer": "\(answer)"])
                action = machine.answered(answer)
            case .awaitLSN(let lsn):
                let reached = await node.engine.store.appliedWatch.wait(for: lsn, timeout: catchUpTimeout)
                action = reached ? machine.caughtUp() : machine.catchUpTimedOut()
            case .promote(let epoch, let fenced):
                return try await finishPromotion(
                    epoch: epoch, oldLeaderFenced: fenced, oldLeaderURL: oldLeaderURL, ownURL: ownURL)
            case .fail(let failure):
                logger.error("promotion refused", metadata: ["reason": "\(failure)"])
                throw PromotionError(.handover(failure))
            }
        }
    }

    /// Stops tailing, raises the epoch, takes writes; tails again if the log refuses.
    private func finishPromotion(
        epoch planned: UInt64, oldLeaderFenced: Bool, oldLeaderURL: String, ownURL: String
    ) async throws(PromotionError) -> Promotion {
        stopFollowing()
        let epoch: UInt64
        do {
            epoch = try await node.promote(minimumEpoch: planned)
        } catch {
            try? startFollowing(oldLeaderURL)
            if error.code == .notReadOnly { throw PromotionError(.notAFollower("this node was promoted already")) }
            throw PromotionError(.log(error.message))
        }
        role.promote()
        if !oldLeaderFenced {
            send(.tellOldLeader(url: oldLeaderURL, epoch: epoch, newLeaderURL: ownURL))
        }
        logger.notice(
            "promoted",
            metadata: ["epoch": "\(epoch)", "leader.old": "\(oldLeaderURL)", "leader.old.fenced": "\(oldLeaderFenced)"])
        return Promotion(epoch: epoch, oldLeaderFenced: oldLeaderFenced, oldLeaderURL: oldLeaderURL)
    }

    /// `POST /v1/replication/fence` on the leader: a newer leader took over. Fences the log (no local write is
    /// acknowledged after this returns), records the fence, and follows the new leader; returns the last LSN this
    /// node acknowledged. The same fence again answers again; a follower, or a node fenced by another leader,
    /// refuses with `notLeader` naming its leader.
    public func acceptFence(_ fence: LogFence) async throws(FenceRefusal) -> UInt64 {
        guard (try? Follower.validated(leaderURL: fence.leaderURL)) == fence.leaderURL else {
            throw FenceRefusal.invalidLeaderURL
        }
        if let existing = role.fence, existing != fence { throw FenceRefusal.notLeader(leaderURL: existing.leaderURL) }
        if role.fence == nil, let leader = role.leaderURL { throw FenceRefusal.notLeader(leaderURL: leader) }
        let lsn: UInt64
        do {
            lsn = try await node.fence(fence)
        } catch  where error.code == .staleEpoch {
            throw FenceRefusal.staleEpoch(epoch: node.log.wal.lastEpoch)
        } catch  where error.code == .fenced || error.code == .readOnlyReplica {
            throw FenceRefusal.notLeader(leaderURL: node.log.wal.fence?.leaderURL ?? role.leaderURL)
        } catch {
            logger.error("fence not recorded", metadata: ["error": "\(error)"])
            throw FenceRefusal.failed
        }
        if role.fence(fence) {
            logger.notice(
                "fenced by a newer leader: no more local writes",
                metadata: ["epoch": "\(fence.epoch)", "leader": "\(fence.leaderURL)", "wal.lsn": "\(lsn)"])
            try? startFollowing(fence.leaderURL)
        }
        return lsn
    }
}

/// Why this node refused a fence.
public enum FenceRefusal: Error, Sendable, Equatable {
    /// It is not the leader: a follower of `leaderURL`, or fenced by that leader already.
    case notLeader(leaderURL: String?)
    /// The proposed epoch is not above this node's `epoch`.
    case staleEpoch(epoch: UInt64)
    /// The new leader's URL is not an `http(s)://` URL.
    case invalidLeaderURL
    /// The fence could not be recorded (the log stays fenced; the server's log says why).
    case failed
}

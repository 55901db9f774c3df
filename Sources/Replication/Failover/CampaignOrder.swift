/// Who may campaign when a group has no leader. With synchronous replication every acknowledged write is on at
/// least one live follower, so the winner must hold at least as much as every live follower: a follower campaigns
/// only when every other live member has reported since the leader's key vanished (its report is final: nothing
/// is acknowledged after the lease lapsed) and none of them reaches further (ties: the smaller URL wins). A member
/// that died drops out when its lease lapses; one that has not reported yet is waited for.
public enum CampaignOrder {
    /// A member's report as etcd holds it.
    public struct Report: Sendable, Equatable {
        /// What the member reported.
        public var member: MemberRecord
        /// The etcd revision of the report.
        public var revision: Int64

        /// A report at `revision`.
        public init(member: MemberRecord, revision: Int64) {
            self.member = member
            self.revision = revision
        }
    }

    /// Whether `own` may campaign, given the other members' reports and the revision at which this node saw the
    /// leader key gone (reports at or below it may be stale).
    public static func mayCampaign(own: MemberRecord, reports: [Report], vacantSince revision: Int64) -> Bool {
        for report in reports where report.member.url != own.url {
            guard report.revision > revision else { return false }  // not final yet: wait for it
            let other = report.member
            if other.durableLsn > own.durableLsn || (other.durableLsn == own.durableLsn && other.url < own.url) {
                return false
            }
        }
        return true
    }
}

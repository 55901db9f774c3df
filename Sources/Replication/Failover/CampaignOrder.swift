/// Who campaigns first when a group has no leader: the follower whose log reaches furthest (ties: the smaller URL)
/// at once, each one behind it one `step` later, so the most caught-up live follower normally wins and a dead one
/// only delays the next by a step.
public enum CampaignOrder {
    /// How long this follower waits, once the leader key is gone, before it campaigns.
    public static func delay(own: MemberRecord, others: [MemberRecord], step: Duration) -> Duration {
        let ahead = others.filter { other in
            other.url != own.url
                && (other.durableLsn > own.durableLsn || (other.durableLsn == own.durableLsn && other.url < own.url))
        }
        return step * ahead.count
    }
}

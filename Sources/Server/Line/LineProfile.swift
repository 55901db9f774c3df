/// The parts of a LINE user's profile Nailbook keeps (from `GET /v2/bot/profile/{userId}`).
struct LineProfile: Sendable, Equatable {
    /// The user's display name.
    var displayName: String
    /// The profile image URL (LINE's `pictureUrl`), absent when the user has none.
    var pictureURL: String?
}

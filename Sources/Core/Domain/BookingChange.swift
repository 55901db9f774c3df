/// One entry of a booking's history: what happened, when, by whom and through which channel.
public struct BookingChange: Hashable, Sendable {
    /// What happened to the booking.
    public enum Action: Hashable, Sendable {
        /// It was booked (possibly from a hold).
        case created
        /// It was called off.
        case cancelled(reason: String?)
        /// It moved to another time and/or staff member.
        case rescheduled(fromStaff: StaffID, fromStart: Instant, toStaff: StaffID, toStart: Instant)
        /// The service was done.
        case completed
        /// The customer did not come.
        case markedNoShow
        /// The customer confirmed they will come.
        case attendanceConfirmed
        /// The salon approved a booking that waited for its approval.
        case approved

        /// The stable name used in APIs.
        public var name: String {
            switch self {
            case .created: return "created"
            case .cancelled: return "cancelled"
            case .rescheduled: return "rescheduled"
            case .completed: return "completed"
            case .markedNoShow: return "no_show"
            case .attendanceConfirmed: return "attendance_confirmed"
            case .approved: return "approved"
            }
        }
    }

    /// When it happened.
    public var at: Instant
    /// What happened.
    public var action: Action
    /// Who did it, and how.
    public var origin: Origin

    /// Creates a history entry.
    public init(at: Instant, action: Action, origin: Origin) {
        self.at = at
        self.action = action
        self.origin = origin
    }
}

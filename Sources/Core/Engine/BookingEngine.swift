import Synchronization

/// When and by whom a command is given: time and origin come in with the command, never from inside the engine.
public struct CommandContext: Sendable {
    /// The time the command is decided at.
    public var now: Instant
    /// Who gives it, through which channel.
    public var origin: Origin

    /// Creates a context.
    public init(now: Instant, origin: Origin) {
        self.now = now
        self.origin = origin
    }
}

/// The booking engine: validates commands, reserves staff time in per-staff actors, makes changes durable
/// through the ``EventLog``, and answers queries from the durable state.
///
/// Every write follows the same shape: check against the durable state, reserve in the staff actor (no `await`
/// between check and reserve), append the event, and only then free anything the change releases. If the append
/// fails the reservation is rolled back and the error is thrown; the state never shows a change that is not
/// durable.
public final class BookingEngine: Sendable {
    /// The durable state.
    public let store: StateStore
    let log: any EventLog
    /// Hands out the ids of new entities (raised past the old leader's on promotion).
    public let ids: IdentifierGenerator
    let schedules = ScheduleRegistry()
    /// Bookings and holds with a change in flight: a second change to the same one is turned away.
    let inFlight = Mutex<Set<ScheduleOwner>>([])
    /// Idempotency keys in flight, and recent rejections (which are not logged).
    let idempotency = IdempotencyCache()
    /// LINE user ids being created, so that two concurrent creations cannot both pass the uniqueness check.
    let pendingLineUsers = Mutex<Set<LineUserKey>>([])
    /// API keys being revoked, so that two concurrent revocations cannot both be logged.
    let revokingKeys = Mutex<Set<ApiKeyID>>([])
    /// Invites, sign-in names and accounts with a change in flight.
    let accountClaims = Mutex<Set<AccountClaim>>([])
    /// Notifications being sent again, so that two requests cannot both log it.
    let resending = Mutex<Set<NotificationID>>([])
    /// Customers whose closed bookings are being archived or erased: one of the two at a time.
    let customerClaims = Mutex<Set<CustomerID>>([])
    /// Waitlist entries and joining customers with a change in flight.
    let waitlistClaims = Mutex<Set<WaitlistClaim>>([])
    /// Whether an archive run is going on (one at a time, so that file names cannot collide).
    let archiveRunning = Mutex(false)

    /// Creates an engine over a store (already loaded) and a log whose applier writes into that store.
    public init(store: StateStore, log: any EventLog, ids: IdentifierGenerator) {
        self.store = store
        self.log = log
        self.ids = ids
        schedules.rebuild(from: store.snapshot())
    }

    /// An engine with an in-memory log, for tests and benchmarks.
    public static func inMemory(keepsEvents: Bool = false) -> (BookingEngine, InMemoryEventLog) {
        let store = StateStore()
        let log = InMemoryEventLog(keepsEvents: keepsEvents) { event, lsn in store.apply(event, lsn: lsn) }
        return (BookingEngine(store: store, log: log, ids: IdentifierGenerator(after: 0)), log)
    }

    /// Rebuilds every staff schedule from the state (after the state was replaced wholesale).
    public func rebuildSchedules() { schedules.rebuild(from: store.snapshot()) }

    /// The schedule actor of a staff member.
    public func schedule(of staffID: StaffID) -> StaffSchedule { schedules.schedule(for: staffID) }

    /// Marks `owner` as having a change in flight; false if it already has one.
    func beginChange(_ owner: ScheduleOwner) -> Bool { inFlight.withLock { $0.insert(owner).inserted } }

    /// Clears the in-flight mark.
    func endChange(_ owner: ScheduleOwner) { _ = inFlight.withLock { $0.remove(owner) } }

    /// Appends an event and returns its LSN; the event is applied to the state when this returns.
    func commit(_ event: EngineEvent) async throws(DurabilityError) -> LSN {
        let lsn = try await log.append(event)
        CommitRecorder.current?.record(lsn)
        return lsn
    }
}

import Core
import Foundation

/// The wall clock, read only at the edge: commands carry the time into the engine.
public enum WallClock {
    /// The current instant, in whole seconds.
    public static func now() -> Instant {
        Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }
}

import Core
import Foundation
import Hummingbird

/// Parsers for the API's text formats; each failure names its field.
enum Parse {
    /// Accepted times: from 1970 up to (not including) the year 9000, so every answer formats as a 4-digit year.
    static let instantRange = Instant(secondsSinceEpoch: 0)..<Instant(secondsSinceEpoch: 221_845_392_000)

    static func instant(_ text: String, field: String) throws -> Instant {
        guard let instant = RFC3339.parse(text) else {
            throw Problem.invalid(field, "\(field) must be an RFC 3339 time with an offset")
        }
        guard instantRange.contains(instant) else {
            throw Problem.invalid(field, "\(field) must be between 1970 and 9000")
        }
        return instant
    }

    static func id<Kind>(_ text: String, field: String, as type: Identifier<Kind>.Type = Identifier<Kind>.self) throws
        -> Identifier<Kind>
    {
        guard let id = Identifier<Kind>(text) else { throw Problem.invalid(field, "\(field) is not a valid id") }
        return id
    }

    static func date(_ text: String, field: String) throws -> LocalDate {
        guard let date = LocalDate(text) else { throw Problem.invalid(field, "\(field) must be YYYY-MM-DD") }
        return date
    }

    static func timeOfDay(_ text: String, field: String) throws -> TimeOfDay {
        guard let time = TimeOfDay(text) else { throw Problem.invalid(field, "\(field) must be HH:MM (00:00–24:00)") }
        return time
    }
}

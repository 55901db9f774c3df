/// The kinds of entity that have identifiers; each gives the prefix of its opaque text form.
public protocol IdentifierKind: Sendable {
    /// The short prefix of the text form, e.g. "bkg".
    static var prefix: String { get }
}

/// An opaque, typed identifier: a positive 63-bit number shown as `prefix_` + 13 Crockford base-32 digits.
///
/// Identifiers are chosen outside the state machine (by an ``IdentifierGenerator``) and travel inside events,
/// so replaying a log rebuilds exactly the same ids.
public struct Identifier<Kind: IdentifierKind>: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number behind the identifier; always in 1 ..< 2^63.
    public let rawValue: UInt64

    /// Wraps a raw value; it must be in 1 ..< 2^63 so that schedule owners can use the top bit.
    public init(_ rawValue: UInt64) {
        precondition(rawValue > 0 && rawValue < (1 << 63), "identifier out of range")
        self.rawValue = rawValue
    }

    /// Parses the text form; nil when the prefix, length or digits are wrong.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        let prefix = Array(Kind.prefix.utf8)
        guard utf8.count == prefix.count + 1 + 13, utf8.starts(with: prefix), utf8[prefix.count] == UInt8(ascii: "_")
        else { return nil }
        var value: UInt64 = 0
        for byte in utf8[(prefix.count + 1)...] {
            guard let digit = CrockfordBase32.value(of: byte), value <= (UInt64.max >> 5) else { return nil }
            value = value << 5 | UInt64(digit)
        }
        guard value > 0, value < (1 << 63) else { return nil }
        self.rawValue = value
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `prefix_` and 13 base-32 digits, built in one allocation (ids are written into every answer).
    public var description: String {
        String(unsafeUninitializedCapacity: Self.descriptionBytes) { writeDescription(into: $0) }
    }

    /// Bytes of `description`.
    public static var descriptionBytes: Int { Kind.prefix.utf8.count + 1 + CrockfordBase32.digits }

    /// Writes `description`'s bytes into `buffer` (at least `descriptionBytes` long) and returns their count: for
    /// writers that put the text straight into a larger buffer.
    public func writeDescription(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        precondition(buffer.count >= Self.descriptionBytes, "no room for the identifier")
        var index = 0
        for byte in Kind.prefix.utf8 {
            buffer[index] = byte
            index += 1
        }
        buffer[index] = UInt8(ascii: "_")
        CrockfordBase32.write(rawValue, into: UnsafeMutableBufferPointer(rebasing: buffer[(index + 1)...]))
        return index + 1 + CrockfordBase32.digits
    }
}

/// Crockford's base-32 alphabet (no I, L, O, U), lower case.
enum CrockfordBase32 {
    static let alphabet: [UInt8] = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// Digits of a 64-bit value (13 × 5 bits, leading zeros kept).
    static let digits = 13

    /// Writes `value`'s 13 digits into the first 13 bytes of `buffer`.
    static func write(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= digits, "no room for the digits")
        var rest = value
        alphabet.withUnsafeBufferPointer { alphabet in
            for index in stride(from: digits - 1, through: 0, by: -1) {
                buffer[index] = alphabet[Int(rest & 31)]
                rest >>= 5
            }
        }
    }

    static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        default:
            guard let index = alphabet.firstIndex(of: byte) else { return nil }
            return UInt8(index)
        }
    }
}

/// Marker for merchant identifiers ("mer_…").
public enum MerchantKind: IdentifierKind { public static let prefix = "mer" }
/// Marker for staff identifiers ("stf_…").
public enum StaffKind: IdentifierKind { public static let prefix = "stf" }
/// Marker for service identifiers ("svc_…").
public enum ServiceKind: IdentifierKind { public static let prefix = "svc" }
/// Marker for customer identifiers ("cus_…").
public enum CustomerKind: IdentifierKind { public static let prefix = "cus" }
/// Marker for booking identifiers ("bkg_…").
public enum BookingKind: IdentifierKind { public static let prefix = "bkg" }
/// Marker for hold identifiers ("hld_…").
public enum HoldKind: IdentifierKind { public static let prefix = "hld" }
/// Marker for time-off identifiers ("tof_…").
public enum TimeOffKind: IdentifierKind { public static let prefix = "tof" }
/// Marker for resource identifiers ("res_…").
public enum ResourceKind: IdentifierKind { public static let prefix = "res" }
/// Marker for waitlist entry identifiers ("wle_…").
public enum WaitlistEntryKind: IdentifierKind { public static let prefix = "wle" }

/// Identifies a merchant (a salon).
public typealias MerchantID = Identifier<MerchantKind>
/// Identifies a staff member (a nail technician).
public typealias StaffID = Identifier<StaffKind>
/// Identifies a service on a merchant's menu.
public typealias ServiceID = Identifier<ServiceKind>
/// Identifies a customer of one merchant.
public typealias CustomerID = Identifier<CustomerKind>
/// Identifies a booking.
public typealias BookingID = Identifier<BookingKind>
/// Identifies a hold (a tentative reservation).
public typealias HoldID = Identifier<HoldKind>
/// Identifies a staff member's time-off range.
public typealias TimeOffID = Identifier<TimeOffKind>
/// Identifies a salon's shared resource (a pedicure chair, a UV lamp, a private room).
public typealias ResourceID = Identifier<ResourceKind>
/// Identifies a customer's place on a salon's waitlist.
public typealias WaitlistEntryID = Identifier<WaitlistEntryKind>

/// A log sequence number: the position of a record in the write-ahead log, starting at 1.
public typealias LSN = UInt64

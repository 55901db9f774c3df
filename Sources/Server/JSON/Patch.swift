import Core
import Foundation
import Hummingbird

/// A PATCH field: absent, explicitly null, or a value.
enum Patch<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    /// The new value given the current one.
    func applied(to current: Value?) -> Value? {
        switch self {
        case .absent: return current
        case .null: return nil
        case .value(let value): return value
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a PATCH field, telling absent from null.
    func decodePatch<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}

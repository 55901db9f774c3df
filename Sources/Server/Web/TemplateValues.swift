/// Turns a `Codable` view model into the dictionaries (`[String: Any]`) and arrays Mustache reads by hashing.
///
/// Given a struct, swift-mustache finds each `{{name}}` with `Mirror`, walking the struct's fields at every lookup;
/// on the time-slot page that was two thirds of the render. The view models' synthesized `Encodable` conformances
/// produce the same names, so one pass through this encoder before rendering keeps the templates unchanged.
/// `nil` optionals are left out (a missing key, which Mustache treats as empty).
enum TemplateValues {
    /// The Mustache-ready form of `value`.
    static func make<Value: Encodable>(_ value: Value) -> Any {
        if let scalar = scalar(value) { return scalar }
        let encoder = TemplateValueEncoder(codingPath: [])
        do {
            try value.encode(to: encoder)
        } catch {
            // The encoder itself never throws; only a view model's custom `encode(to:)` could.
            preconditionFailure("view model \(Value.self) did not encode: \(error)")
        }
        return encoder.result
    }

    /// Strings, numbers and flags stand for themselves (the standard library's own `encode(to:)` of these would
    /// come straight back to the single-value container), and so do dictionaries of strings (the page texts),
    /// which Mustache already reads by key.
    static func scalar(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is [String: String], is Int, is Double, is Int64, is UInt64, is Int32, is UInt32,
            is Int16, is UInt16,
            is Int8, is UInt8, is UInt, is Float:
            return value
        default:
            return nil
        }
    }
}

/// The encoder behind ``TemplateValues``: keyed containers fill a dictionary, unkeyed ones an array.
private final class TemplateValueEncoder: Encoder {
    /// What was encoded; classes so that containers handed out write into it.
    final class Keyed { var values: [String: Any] = [:] }
    final class Unkeyed { var values: [Any] = [] }
    enum Storage {
        case empty
        case single(Any)
        case keyed(Keyed)
        case unkeyed(Unkeyed)
    }

    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var storage = Storage.empty

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    var result: Any {
        switch storage {
        case .empty: return [String: Any]()
        case .single(let value): return value
        case .keyed(let keyed): return keyed.values
        case .unkeyed(let unkeyed): return unkeyed.values
        }
    }

    /// The template form of a nested value.
    static func value<Value: Encodable>(_ value: Value, at codingPath: [any CodingKey]) throws -> Any {
        if let scalar = TemplateValues.scalar(value) { return scalar }
        let encoder = TemplateValueEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.result
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let keyed: Keyed
        if case .keyed(let existing) = storage {
            keyed = existing
        } else {
            keyed = Keyed()
            storage = .keyed(keyed)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(keyed: keyed, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let unkeyed: Unkeyed
        if case .unkeyed(let existing) = storage {
            unkeyed = existing
        } else {
            unkeyed = Unkeyed()
            storage = .unkeyed(unkeyed)
        }
        return UnkeyedContainer(unkeyed: unkeyed, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    /// Synthesized conformances never nest containers; a hand-written one that does is told so plainly.
    static func unsupported(_ what: String, _ codingPath: [any CodingKey]) -> Never {
        preconditionFailure("template view models cannot use \(what) (at \(codingPath.map(\.stringValue)))")
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let keyed: Keyed
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws {}

        mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
            keyed.values[key.stringValue] = try TemplateValueEncoder.value(value, at: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            TemplateValueEncoder.unsupported("nested containers", codingPath + [key])
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TemplateValueEncoder.unsupported("nested containers", codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { TemplateValueEncoder.unsupported("super encoders", codingPath) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            TemplateValueEncoder.unsupported("super encoders", codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let unkeyed: Unkeyed
        let codingPath: [any CodingKey]
        var count: Int { unkeyed.values.count }

        mutating func encodeNil() throws { unkeyed.values.append(Optional<Any>.none as Any) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            unkeyed.values.append(try TemplateValueEncoder.value(value, at: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            TemplateValueEncoder.unsupported("nested containers", codingPath)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TemplateValueEncoder.unsupported("nested containers", codingPath)
        }

        mutating func superEncoder() -> any Encoder { TemplateValueEncoder.unsupported("super encoders", codingPath) }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: TemplateValueEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() throws { encoder.storage = .single(Optional<Any>.none as Any) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            encoder.storage = .single(try TemplateValueEncoder.value(value, at: codingPath))
        }
    }
}

import Core
import Foundation
import Hummingbird

/// Reads and decodes JSON request bodies, turning every failure into a 400 or 413 problem that names the field.
enum RequestBody {
    /// Decodes the body as `T`; an empty body counts as `{}` when `emptyIsObject`.
    static func decode<T: Decodable>(
        _ type: T.Type,
        from request: Request,
        context: NailbookContext,
        emptyIsObject: Bool = false
    ) async throws -> T {
        try decode(
            T.self, buffer: try await collect(request, upTo: context.maxUploadSize), emptyIsObject: emptyIsObject)
    }

    /// Decodes the body as `T`, through the flat fast path when the body is a flat object (`FlatJSONObject`).
    static func decode<T: FlatDecodable>(
        _ type: T.Type,
        from request: Request,
        context: NailbookContext,
        emptyIsObject: Bool = false
    ) async throws -> T {
        let buffer = try await collect(request, upTo: context.maxUploadSize)
        if let value = buffer.withUnsafeReadableBytes({ FlatJSONObject.parse($0).flatMap(T.init(flat:)) }) {
            return value
        }
        return try decode(T.self, buffer: buffer, emptyIsObject: emptyIsObject)
    }

    /// Decodes a collected body as `T` (the general path: hygiene, then `JSONDecoder`).
    static func decode<T: Decodable>(_ type: T.Type, buffer: ByteBuffer, emptyIsObject: Bool) throws -> T {
        var data = Data(buffer: buffer)
        if data.isEmpty && emptyIsObject { data = Data("{}".utf8) }
        switch JSONHygiene.check(Array(data)) {
        case .duplicateKey(let path): throw Problem.invalid(path, "\(path) is given twice")
        case .controlCharacter(let path): throw Problem.invalid(path, "\(path) must not contain control characters")
        case .tooDeep: throw Problem.invalid("body", "the body nests too deep")
        case nil: break
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw problem(for: error)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem.invalid("body", "the body is not valid JSON")
        }
    }

    /// The whole body: more than `bytesMax` answers 413 `payload_too_large`; a body that cannot be read (a bad
    /// chunk size, a connection cut short) answers 400 `validation_failed`.
    static func collect(_ request: Request, upTo bytesMax: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: bytesMax)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(
                .contentTooLarge, code: "payload_too_large", detail: "request bodies are limited to \(bytesMax) bytes")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Problem.invalid("body", "the request body could not be read (malformed chunked encoding?)")
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(path(context.codingPath + [key]), "\(path(context.codingPath + [key])) is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalid(path(context.codingPath), "\(path(context.codingPath)) has the wrong type")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .invalid("body", "the body is not valid JSON") }
            return .invalid(path(context.codingPath), context.debugDescription)
        @unknown default:
            return .invalid("body", "the body could not be read")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "body" }
        return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }
}

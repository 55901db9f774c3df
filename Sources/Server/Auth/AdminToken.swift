import Foundation

/// The admin token: from `NAILBOOK_ADMIN_TOKEN`, or generated on first start into `DIR/admin-token` (mode 0600).
public enum AdminToken {
    /// Where the token came from, for the start-up log line (never the token itself).
    public enum Source: Sendable, Equatable {
        /// The environment variable.
        case environment
        /// A file in the data folder (created now or earlier).
        case file(path: String, created: Bool)
    }

    /// Loads or creates the admin token.
    public static func load(dataDirectory: String, environment: [String: String]) throws -> (String, Source) {
        if let token = environment["NAILBOOK_ADMIN_TOKEN"], !token.isEmpty { return (token, .environment) }
        let path = (dataDirectory as NSString).appendingPathComponent("admin-token")
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            let token = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return (token, .file(path: path, created: false)) }
        }
        let token = "nba_" + ApiKeySecret.generate().dropFirst(4)
        let created = FileManager.default.createFile(
            atPath: path,
            contents: Data((token + "\n").utf8),
            attributes: [.posixPermissions: 0o600]
        )
        guard created else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        return (token, .file(path: path, created: true))
    }
}

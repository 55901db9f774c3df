import Core
import Foundation

/// The demo salon's LINE channel, so that `serve --demo` shows the whole path of a booking: the confirmation is
/// created in the salon's notification log (`GET /v1/merchants/{m}/notifications`) at once. Its credentials are
/// placeholders, so LINE refuses or cannot be reached and the notification stays pending with LINE's reason —
/// replace them with a real channel's (`PUT …/line-channel`) and it goes out.
public enum DemoLineChannel {
    /// The channel id the placeholder channel carries.
    public static let channelID = "1000000000"

    /// A master key for a demo run that has no `NAILBOOK_MASTER_KEY`: read from, or created in,
    /// `DIR/demo-master-key` (mode 0600). Returns the key (base64) and whether it was created now.
    public static func masterKey(dataDirectory: String) throws -> (key: String, created: Bool) {
        let path = (dataDirectory as NSString).appendingPathComponent("demo-master-key")
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            let key = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if !key.isEmpty { return (key, false) }
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = Data(bytes).base64EncodedString()
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        return (key, true)
    }

    /// Stores the placeholder channel for `merchant` unless it has a channel already; false without a master key.
    @discardableResult
    public static func connect(_ merchant: Merchant, engine: BookingEngine, line: LineIntegration, now: Instant)
        async throws -> Bool
    {
        if engine.lineChannel(of: merchant.id) != nil { return true }
        let token = "demo-channel-access-token-0000"
        guard let sealed = line.credentials.seal(secret: "demo-channel-secret", accessToken: token, for: merchant.id)
        else { return false }
        let channel = LineChannel(
            merchantID: merchant.id, channelID: channelID, sealedSecret: sealed.secret,
            sealedAccessToken: sealed.token, accessTokenLast4: String(token.suffix(4)), liffID: nil,
            loginChannelID: nil, settings: MessagingSettings(), updatedAt: now)
        _ = try await engine.storeLineChannel(channel).get()
        return true
    }
}

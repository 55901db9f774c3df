import Core
import Synchronization

/// A channel's secret and access token in clear, in memory only: never logged, never in an answer.
struct OpenedChannel: Sendable {
    let secret: String
    let accessToken: String
}

/// Opens sealed channel credentials with the master key, keeping the opened ones in memory so that each webhook
/// and push does not pay for AES-GCM again. An entry is reused only while the sealed bytes are the same.
final class LineCredentials: Sendable {
    private struct Entry {
        var sealedSecret: [UInt8]
        var sealedAccessToken: [UInt8]
        var opened: OpenedChannel
    }

    private let secretBox: SecretBox?
    private let cache = Mutex<[MerchantID: Entry]>([:])

    init(secretBox: SecretBox?) { self.secretBox = secretBox }

    /// The associated data that binds a sealed value to its merchant and its role.
    static func associatedData(_ merchantID: MerchantID, _ role: String) -> [UInt8] {
        Array("\(merchantID)/\(role)".utf8)
    }

    /// Seals a secret and a token for a merchant; nil without a master key.
    func seal(secret: String, accessToken: String, for merchantID: MerchantID) -> (secret: [UInt8], token: [UInt8])? {
        guard let secretBox else { return nil }
        return (
            secretBox.seal(Array(secret.utf8), associatedData: Self.associatedData(merchantID, "secret")),
            secretBox.seal(Array(accessToken.utf8), associatedData: Self.associatedData(merchantID, "token"))
        )
    }

    /// The channel's credentials in clear; nil without the master key or when they do not open with it.
    func open(_ channel: LineChannel) -> OpenedChannel? {
        let cached = cache.withLock { $0[channel.merchantID] }
        if let cached, cached.sealedSecret == channel.sealedSecret,
            cached.sealedAccessToken == channel.sealedAccessToken
        {
            return cached.opened
        }
        guard let secretBox,
            let secret = try? secretBox.open(
                channel.sealedSecret, associatedData: Self.associatedData(channel.merchantID, "secret")),
            let token = try? secretBox.open(
                channel.sealedAccessToken, associatedData: Self.associatedData(channel.merchantID, "token"))
        else { return nil }
        let opened = OpenedChannel(
            secret: String(decoding: secret, as: UTF8.self), accessToken: String(decoding: token, as: UTF8.self))
        cache.withLock {
            $0[channel.merchantID] = Entry(
                sealedSecret: channel.sealedSecret, sealedAccessToken: channel.sealedAccessToken, opened: opened)
        }
        return opened
    }
}

import AsyncHTTPClient
import Core
import Foundation
import NIOCore

/// Verifies a LIFF ID token with LINE Login (`POST {base}/oauth2/v2.1/verify`, form fields `id_token` and
/// `client_id`), then checks the answer's issuer, audience and expiry ourselves.
struct LineLoginVerifier: Sendable {
    /// What LINE and our checks made of a token.
    enum Outcome: Sendable, Equatable {
        /// A valid token of this LINE user.
        case verified(userID: String, displayName: String)
        /// The token expired: the page sends the customer through LINE Login again.
        case expired
        /// LINE refused the token, or its claims are not for this channel.
        case invalid(reason: String)
        /// LINE could not be asked (down, timeout, unexpected answer).
        case unavailable
    }

    static let issuer = "https://access.line.me"

    let apiBase: String
    let client: HTTPClient
    let timeout: TimeAmount

    init(apiBase: String, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(5)) {
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.client = client
        self.timeout = timeout
    }

    /// Asks LINE about `idToken` for the LINE Login channel `channelID`.
    func verify(idToken: String, channelID: String, now: Instant) async -> Outcome {
        var request = HTTPClientRequest(url: apiBase + "/oauth2/v2.1/verify")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(
            ByteBuffer(string: "id_token=\(Self.formEncode(idToken))&client_id=\(Self.formEncode(channelID))"))
        let status: UInt
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = response.status.code
            body = try await response.body.collect(upTo: 64 * 1024)
        } catch {
            return .unavailable
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        switch status {
        case 200: return Self.check(object, channelID: channelID, now: now)
        case 400:
            let description = (object["error_description"] as? String) ?? ""
            return description.lowercased().contains("expired") ? .expired : .invalid(reason: "refused by LINE")
        default: return .unavailable
        }
    }

    /// Our own checks of LINE's answer: issuer, audience, expiry, a subject.
    static func check(_ claims: [String: Any], channelID: String, now: Instant) -> Outcome {
        guard claims["iss"] as? String == issuer else { return .invalid(reason: "wrong issuer") }
        guard claims["aud"] as? String == channelID else { return .invalid(reason: "wrong audience") }
        guard let exp = seconds(claims["exp"]) else { return .invalid(reason: "no expiry") }
        guard now.secondsSinceEpoch < exp else { return .expired }
        guard let sub = claims["sub"] as? String, !sub.isEmpty, sub.utf8.count <= 64 else {
            return .invalid(reason: "no subject")
        }
        return .verified(userID: sub, displayName: (claims["name"] as? String) ?? "")
    }

    /// A JSON number as whole seconds, however the JSON reader boxed it.
    static func seconds(_ value: Any?) -> Int64? {
        switch value {
        case let number as Int: return Int64(number)
        case let number as Int64: return number
        case let number as Double: return Int64(number)
        case let number as NSNumber: return number.int64Value
        default: return nil
        }
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

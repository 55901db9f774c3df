import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Tells an old leader that a newer leader took over: `POST {old leader}/v1/replication/fence` with the new epoch
/// and the new leader's URL, authenticated with the replication token. One request per call; retries are the
/// caller's (``HandoverStateMachine`` decides them).
public struct FenceClient: Sendable {
    let client: HTTPClient
    let token: String
    /// How long one request may take, connection included.
    let timeout: Duration

    /// A client sending `token`; each request gives up after `timeout`.
    public init(client: HTTPClient = .shared, token: String, timeout: Duration = .seconds(3)) {
        self.client = client
        self.token = token
        self.timeout = timeout
    }

    /// Asks the node at `oldLeaderURL` to fence itself for `epoch`, naming `newLeaderURL` as the leader to follow.
    public func fence(oldLeaderURL: String, epoch: UInt64, newLeaderURL: String) async -> FenceAnswer {
        var request = HTTPClientRequest(url: oldLeaderURL + FenceWire.path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: Self.body(epoch: epoch, newLeaderURL: newLeaderURL)))
        do {
            let response = try await client.execute(request, deadline: .now() + .nanoseconds(timeout.nanoseconds))
            let body = try await response.body.collect(upTo: 64 * 1024)
            return Self.answer(
                status: Int(response.status.code), headers: { response.headers.first(name: $0) },
                body: Array(body.readableBytesView))
        } catch {
            return Self.neverSent(error) ? .unreachable(reason: "\(error)") : .noAnswer(reason: "\(error)")
        }
    }

    /// Whether `error` means the request never left (no connection was ever made): only then may a promotion go on
    /// without the old leader's answer. A timeout or a lost connection after sending may hide a fence that took hold.
    static func neverSent(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPClientError:
            // A request still waiting for a connection when its deadline passed fails with the connect error.
            return error == .connectTimeout || error == .getConnectionFromPoolTimeout
        case is NIOConnectionError:
            return true
        case ChannelError.connectTimeout:
            return true
        case let error as IOError:
            return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode)
        default:
            return false
        }
    }

    /// The request body: `{"epoch":E,"leader":"URL"}`.
    static func body(epoch: UInt64, newLeaderURL: String) -> [UInt8] {
        let object: [String: Any] = ["epoch": Int(clamping: epoch), "leader": newLeaderURL]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// Reads the old leader's answer (pure: status, a header lookup and the body).
    static func answer(status: Int, headers: (String) -> String?, body: [UInt8]) -> FenceAnswer {
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let code = json?["code"] as? String
        switch status {
        case 200:
            guard let lsn = (json?["durableLsn"] as? Int).flatMap(UInt64.init(exactly:)) else {
                return .refused(status: status)
            }
            return .fenced(lsn: lsn)
        case 404:
            return .unsupported
        case 409 where code == FenceWire.staleEpochCode:
            guard let epoch = headers(FenceWire.epochHeader).flatMap(UInt64.init) else { return .refused(status: 409) }
            return .staleEpoch(leaderEpoch: epoch)
        case 409 where code == FenceWire.notLeaderCode:
            return .notLeader(leaderURL: headers(FenceWire.leaderHeader))
        default:
            return .refused(status: status)
        }
    }
}

import Foundation
import ProcessTestSupport
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Every acknowledged write of a failover test, in the order the clients received them, and the checks on it (in
/// the spirit of Jepsen's checkers): which node acknowledged what, at which LSN, and when.
final class FailoverHistory: Sendable {
    struct Ack: Sendable {
        var slot: Int
        var id: String
        var port: Int
        var lsn: Int
        var at: ContinuousClock.Instant
    }

    private let acks = Mutex<[Ack]>([])

    func record(_ ack: Ack) { acks.withLock { $0.append(ack) } }

    var all: [Ack] { acks.withLock { $0 } }

    /// The acknowledgements `port` gave.
    func by(_ port: Int) -> [Ack] { all.filter { $0.port == port } }

    /// "No two leaders at any moment": once the new leader acknowledged its first write, the old one acknowledged
    /// none (each acknowledgement is timed when the client received it, so an old leader's late answer shows).
    func oldAcksAfterNewLeader(old: Int, new: Int) -> [Ack] {
        guard let first = by(new).map(\.at).min() else { return [] }
        return by(old).filter { $0.at > first }
    }
}

/// Clients that book distinct slots on whichever node leads, switching nodes on a refusal and retrying the same
/// slot with the same `Idempotency-Key` (so a retry never books twice).
final class FailoverLoad: Sendable {
    let salon: ReplicatedSalon
    let nodes: [Int]
    let history: FailoverHistory
    let stop: Atomic<Bool>

    init(salon: ReplicatedSalon, nodes: [Int], history: FailoverHistory) {
        self.salon = salon
        self.nodes = nodes
        self.history = history
        stop = Atomic(false)
    }

    /// Runs `clients` clients until `stop` is set; client `c` books slots c, c + clients, …
    func run(clients: Int, firstSlot: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask { [self] in
                    var target = client % nodes.count
                    var slot = firstSlot + client
                    while !stop.load(ordering: .relaxed) {
                        if let ack = await attempt(slot: slot, port: nodes[target]) {
                            history.record(ack)
                            slot += clients
                        } else {
                            target = (target + 1) % nodes.count
                            try? await Task.sleep(for: .milliseconds(50))
                        }
                    }
                }
            }
        }
    }

    private func attempt(slot: Int, port: Int) async -> FailoverHistory.Ack? {
        let start = Date(timeIntervalSince1970: 1_798_761_600 + Double(slot) * 1_800)
        let body =
            #"{"serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)","customerId":"\#(salon.customerID)","startsAt":"\#(ISO8601DateFormatter().string(from: start))"}"#
        var request = URLRequest(
            url: URL(string: "http://127.0.0.1:\(port)/v1/merchants/\(salon.merchantID)/bookings")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 5
        request.setValue("Bearer \(NodeProcess.token)", forHTTPHeaderField: "Authorization")
        request.setValue("failover-slot-\(slot)", forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = Data(body.utf8)
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let http = response as? HTTPURLResponse, http.statusCode == 201 || http.statusCode == 200,
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let id = json["id"] as? String,
            let lsn = (http.value(forHTTPHeaderField: "X-Nailbook-LSN")).flatMap(Int.init)
        else { return nil }
        return FailoverHistory.Ack(slot: slot, id: id, port: port, lsn: lsn, at: .now)
    }
}

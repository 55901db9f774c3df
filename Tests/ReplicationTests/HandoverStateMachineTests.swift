import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@testable import Replication

/// The handover's decisions, without I/O: fence, catch up, promote; or stop, and why.
@Suite("Handover state machine")
struct HandoverStateMachineTests {
    typealias Action = HandoverStateMachine.Action

    @Test(
        "what the old leader's answer leads to",
        arguments: [
            (FenceAnswer.fenced(lsn: 42), Action.awaitLSN(42)),
            (.unreachable(reason: "connection refused"), .promote(epoch: 3, oldLeaderFenced: false)),
            (.staleEpoch(leaderEpoch: 5), .fence(epoch: 6)),
            (.staleEpoch(leaderEpoch: 1), .fail(.staleEpoch(leaderEpoch: 1))),
            (.notLeader(leaderURL: "http://c:1"), .fail(.leaderMoved(leaderURL: "http://c:1"))),
            (.notLeader(leaderURL: nil), .fail(.leaderMoved(leaderURL: nil))),
            (.unsupported, .fail(.fenceUnsupported)),
            (.refused(status: 401), .fail(.fenceRefused(status: 401))),
        ])
    func firstAnswer(answer: FenceAnswer, expected: Action) {
        var machine = HandoverStateMachine(proposedEpoch: 3)
        #expect(machine.start() == .fence(epoch: 3))
        #expect(machine.answered(answer) == expected)
    }

    @Test("fenced, then caught up: promote to the proposed epoch; a timeout gives up, the old leader stays fenced")
    func catchUp() {
        var machine = HandoverStateMachine(proposedEpoch: 2)
        _ = machine.start()
        #expect(machine.answered(.fenced(lsn: 10)) == .awaitLSN(10))
        #expect(machine.caughtUp() == .promote(epoch: 2, oldLeaderFenced: true))
        var slow = HandoverStateMachine(proposedEpoch: 2)
        _ = slow.start()
        _ = slow.answered(.fenced(lsn: 10))
        #expect(slow.catchUpTimedOut() == .fail(.catchUpTimedOut(lsn: 10)))
    }

    @Test("a stale epoch is retried once above the old leader's, then given up")
    func staleEpochRetriedOnce() {
        var machine = HandoverStateMachine(proposedEpoch: 1)
        _ = machine.start()
        #expect(machine.answered(.staleEpoch(leaderEpoch: 4)) == .fence(epoch: 5))
        #expect(machine.epoch == 5)
        #expect(machine.answered(.staleEpoch(leaderEpoch: 7)) == .fail(.staleEpoch(leaderEpoch: 7)))
        var fencedAfterRetry = HandoverStateMachine(proposedEpoch: 1)
        _ = fencedAfterRetry.start()
        _ = fencedAfterRetry.answered(.staleEpoch(leaderEpoch: 4))
        #expect(fencedAfterRetry.answered(.fenced(lsn: 3)) == .awaitLSN(3))
        #expect(fencedAfterRetry.caughtUp() == .promote(epoch: 5, oldLeaderFenced: true))
    }

    @Test("no answer (the fence may have taken hold): ask again with the same epoch, never promote; give up after 3")
    func unansweredFence() {
        var machine = HandoverStateMachine(proposedEpoch: 2)
        _ = machine.start()
        #expect(machine.answered(.noAnswer(reason: "deadline")) == .fence(epoch: 2))
        #expect(machine.answered(.noAnswer(reason: "deadline")) == .fence(epoch: 2))
        #expect(machine.answered(.noAnswer(reason: "deadline")) == .fail(.fenceUnanswered))
        var answeredLate = HandoverStateMachine(proposedEpoch: 2)
        _ = answeredLate.start()
        _ = answeredLate.answered(.noAnswer(reason: "reset"))
        #expect(answeredLate.answered(.fenced(lsn: 8)) == .awaitLSN(8))
        // Down after an unanswered fence: the failover of a dead leader.
        var died = HandoverStateMachine(proposedEpoch: 2)
        _ = died.start()
        _ = died.answered(.noAnswer(reason: "reset"))
        #expect(died.answered(.unreachable(reason: "refused")) == .promote(epoch: 2, oldLeaderFenced: false))
    }

    @Test("only an error that proves the request never left counts as unreachable")
    func neverSent() {
        #expect(FenceClient.neverSent(HTTPClientError.connectTimeout))
        #expect(FenceClient.neverSent(HTTPClientError.getConnectionFromPoolTimeout))
        #expect(FenceClient.neverSent(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(FenceClient.neverSent(ChannelError.connectTimeout(.seconds(1))))
        #expect(!FenceClient.neverSent(HTTPClientError.deadlineExceeded))
        #expect(!FenceClient.neverSent(HTTPClientError.remoteConnectionClosed))
        #expect(!FenceClient.neverSent(HTTPClientError.readTimeout))
        #expect(!FenceClient.neverSent(IOError(errnoCode: ECONNRESET, reason: "read")))
        #expect(!FenceClient.neverSent(CancellationError()))
    }

    @Test("telling an unreachable old leader later: retry with backoff while unreachable, stop on any answer")
    func backgroundRetry() {
        let unreachable = FenceAnswer.unreachable(reason: "timeout")
        let delays = (1...10).map { HandoverStateMachine.retry(after: unreachable, attempt: $0) }
        #expect(delays.first == .after(seconds: 0.05) && delays.last == .after(seconds: 5))
        #expect(HandoverStateMachine.retry(after: .noAnswer(reason: "deadline"), attempt: 2) == .after(seconds: 0.1))
        for answer in [FenceAnswer.fenced(lsn: 1), .notLeader(leaderURL: nil), .unsupported, .refused(status: 500)] {
            #expect(HandoverStateMachine.retry(after: answer, attempt: 3) == .done(answer))
        }
    }

    @Test("the old leader's answers as the client reads them")
    func answersOnTheWire() {
        func answer(_ status: Int, _ body: String, _ headers: [String: String] = [:]) -> FenceAnswer {
            FenceClient.answer(status: status, headers: { headers[$0] }, body: Array(body.utf8))
        }
        #expect(answer(200, #"{"fenced":true,"epoch":2,"durableLsn":17}"#) == .fenced(lsn: 17))
        #expect(answer(200, #"{"fenced":true}"#) == .refused(status: 200))
        #expect(answer(404, #"{"code":"not_found"}"#) == .unsupported)
        #expect(answer(409, #"{"code":"stale_epoch"}"#, ["X-Nailbook-Epoch": "4"]) == .staleEpoch(leaderEpoch: 4))
        #expect(
            answer(409, #"{"code":"not_leader"}"#, ["X-Nailbook-Leader": "http://b:2"])
                == .notLeader(leaderURL: "http://b:2"))
        #expect(answer(401, #"{"code":"unauthorized"}"#) == .refused(status: 401))
        #expect(answer(503, "not json") == .refused(status: 503))
        let body = String(decoding: FenceClient.body(epoch: 3, newLeaderURL: "http://b:2"), as: UTF8.self)
        #expect(body == #"{"epoch":3,"leader":"http:\/\/b:2"}"# || body == #"{"epoch":3,"leader":"http://b:2"}"#)
    }
}

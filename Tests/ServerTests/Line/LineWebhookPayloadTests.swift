import Testing

@testable import Server

@Suite("LINE webhook payload")
struct LineWebhookPayloadTests {
    // Shaped after the samples in LINE's Messaging API reference (webhook event objects).
    static let documentedSample = #"""
        {
          "destination": "xxxxxxxxxx",
          "events": [
            {
              "replyToken": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
              "type": "message",
              "mode": "active",
              "timestamp": 1462629479859,
              "source": { "type": "user", "userId": "U4af4980629c7f5ae1a5e0d1bd5ba1234" },
              "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZR",
              "deliveryContext": { "isRedelivery": false },
              "message": {
                "id": "444573844083572737",
                "type": "text",
                "quoteToken": "q3Plxr4AgKd...",
                "text": "我想預約週六下午 (love)",
                "emojis": [{ "index": 14, "length": 6, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "001" }]
              }
            },
            {
              "replyToken": "85cbe770fa8b4f45bbe077b1d4be4a36",
              "type": "follow",
              "mode": "active",
              "timestamp": 1705891467176,
              "source": { "type": "user", "userId": "U3d3edab4f36c6292e6d8a8131f141b8b" },
              "webhookEventId": "01HMQGW40RZJPJM3RAJP7BHC2Q",
              "deliveryContext": { "isRedelivery": false },
              "follow": { "isUnblocked": false }
            },
            {
              "type": "unfollow",
              "mode": "active",
              "timestamp": 1462629479860,
              "source": { "type": "user", "userId": "U4af4980629c7f5ae1a5e0d1bd5ba1234" },
              "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZS",
              "deliveryContext": { "isRedelivery": true }
            },
            {
              "replyToken": "b60d432864f44d079f6d8efe86cf404b",
              "type": "postback",
              "mode": "active",
              "source": { "userId": "U91eeaf62d901234567890123456789ab", "type": "user" },
              "timestamp": 1513669370317,
              "webhookEventId": "01FZ74ASS536FW97EX38NKCZQK",
              "deliveryContext": { "isRedelivery": false },
              "postback": { "data": "action=confirm&bookingId=bkg_0000000000042", "params": {} }
            },
            {
              "replyToken": "0f3779fba3b349968c5d07db31eab56f",
              "type": "message",
              "mode": "active",
              "timestamp": 1462629479861,
              "source": { "type": "user", "userId": "U4af4980629c7f5ae1a5e0d1bd5ba1234" },
              "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZT",
              "deliveryContext": { "isRedelivery": false },
              "message": { "id": "325708", "type": "sticker", "packageId": "1", "stickerId": "1",
                           "stickerResourceType": "STATIC", "quoteToken": "q3Plxr4AgKd..." }
            },
            {
              "type": "unsend",
              "mode": "active",
              "timestamp": 1462629479862,
              "source": { "type": "group", "groupId": "Ca56f94637c0000000000000000000000" },
              "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZV",
              "deliveryContext": { "isRedelivery": false },
              "unsend": { "messageId": "325708" }
            }
          ]
        }
        """#

    @Test("LINE's documented event shapes parse into events in order")
    func documentedSample() throws {
        let events = try LineWebhookPayload.parse(Array(Self.documentedSample.utf8))
        #expect(events.count == 6)
        #expect(
            events[0]
                == LineWebhookEvent(
                    webhookEventId: "01FZ74A0TDDPYRVKNK77XKC3ZR", timestampMilliseconds: 1_462_629_479_859,
                    userId: "U4af4980629c7f5ae1a5e0d1bd5ba1234", replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
                    isRedelivery: false, kind: .message(text: "我想預約週六下午 (love)")))
        #expect(events[1].kind == .follow)
        #expect(events[1].replyToken == "85cbe770fa8b4f45bbe077b1d4be4a36")
        #expect(events[1].userId == "U3d3edab4f36c6292e6d8a8131f141b8b")
        #expect(events[2].kind == .unfollow)
        #expect(events[2].replyToken == nil)
        #expect(events[2].isRedelivery)
        #expect(events[3].kind == .postback(data: "action=confirm&bookingId=bkg_0000000000042"))
        #expect(events[3].timestampMilliseconds == 1_513_669_370_317)
        #expect(events[4].kind == .message(text: nil))
        #expect(events[5].kind == .other(type: "unsend"))
        #expect(events[5].userId == nil)
    }

    @Test("the empty events array LINE sends to verify the endpoint is valid")
    func verificationRequest() throws {
        #expect(try LineWebhookPayload.parse(Array(#"{"destination":"Uxx","events":[]}"#.utf8)).isEmpty)
    }

    @Test("a missing deliveryContext counts as a first delivery")
    func missingDeliveryContext() throws {
        let body = #"{"events":[{"type":"follow","webhookEventId":"01A","timestamp":1,"source":{"userId":"U1"}}]}"#
        let events = try LineWebhookPayload.parse(Array(body.utf8))
        #expect(
            events == [
                LineWebhookEvent(
                    webhookEventId: "01A", timestampMilliseconds: 1, userId: "U1", replyToken: nil, isRedelivery: false,
                    kind: .follow)
            ])
    }

    @Test(
        "malformed bodies are errors that name the problem",
        arguments: [
            ("", "not valid JSON"),
            ("not json", "not valid JSON"),
            (#"{"destination":"U1"}"#, "events is missing"),
            (#"{"events":{}}"#, "wrong type"),
            (#"{"events":[{"type":"follow","timestamp":1}]}"#, "webhookEventId is missing"),
            (#"{"events":[{"type":"follow","webhookEventId":"","timestamp":1}]}"#, "webhookEventId is missing"),
            (#"{"events":[{"webhookEventId":"01A","timestamp":1}]}"#, "type is missing"),
            (#"{"events":[{"type":"follow","webhookEventId":"01A"}]}"#, "timestamp is missing"),
            (#"{"events":[{"type":"postback","webhookEventId":"01A","timestamp":1,"postback":{}}]}"#, "postback.data"),
            (#"{"events":[{"type":"follow","webhookEventId":"01A","timestamp":"1"}]}"#, "wrong type"),
        ]
    )
    func malformed(body: String, expected: String) {
        do {
            _ = try LineWebhookPayload.parse(Array(body.utf8))
            Issue.record("parsed \(body)")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test("the second bad event is named by index")
    func namesTheEvent() {
        let body =
            #"{"events":[{"type":"follow","webhookEventId":"01A","timestamp":1},{"type":"follow","timestamp":2}]}"#
        do {
            _ = try LineWebhookPayload.parse(Array(body.utf8))
            Issue.record("parsed a body with an event lacking its id")
        } catch {
            #expect(error.eventIndex == 1)
        }
    }
}

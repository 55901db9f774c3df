import Foundation
import Testing

@testable import Server

@Suite("LINE messages")
struct LineMessagesTests {
    static func facts(_ id: Int = 1, customer: String? = "林小姐") -> BookingMessageFacts {
        BookingMessageFacts(
            bookingId: "bkg_\(String(repeating: "0", count: 12))\(id % 10)",
            merchantName: "小花美甲",
            serviceName: "單色凝膠",
            staffName: "Amy",
            startsAtText: "11/28（六）14:30",
            customerName: customer,
            bookingURL: "https://book.example.tw/b/\(id)"
        )
    }

    /// The single message in a produced array.
    func only(_ bytes: [UInt8]) throws -> [String: Any] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        #expect(array.count == 1)
        return try #require(array.first)
    }

    /// All strings anywhere in a JSON value.
    func strings(_ value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.flatMap(strings) }
        if let object = value as? [String: Any] { return object.values.flatMap(strings) }
        return []
    }

    /// Every `action` object anywhere in a JSON value.
    func actions(_ value: Any) -> [[String: Any]] {
        if let array = value as? [Any] { return array.flatMap(actions) }
        guard let object = value as? [String: Any] else { return [] }
        var found = object.values.flatMap(actions)
        if let action = object["action"] as? [String: Any] { found.append(action) }
        return found
    }

    @Test("confirmation is a Flex bubble with the facts, a 查看預約 link and the template's altText")
    func confirmation() throws {
        let message = try only(LineMessages.confirmation(Self.facts()))
        #expect(message["type"] as? String == "flex")
        #expect(message["altText"] as? String == "預約確認：單色凝膠 11/28（六）14:30")
        let bubble = try #require(message["contents"] as? [String: Any])
        #expect(bubble["type"] as? String == "bubble")
        let texts = strings(bubble)
        for fact in ["小花美甲", "單色凝膠", "Amy", "11/28（六）14:30", "預約確認", "店家", "時間"] {
            #expect(texts.contains(fact), "missing \(fact)")
        }
        let found = actions(bubble)
        #expect(found.count == 1)
        #expect(found.first?["type"] as? String == "uri")
        #expect(found.first?["label"] as? String == "查看預約")
        #expect(found.first?["uri"] as? String == "https://book.example.tw/b/1")
    }

    @Test("rescheduled, cancellation and reminder are bubbles with their own altText and title")
    func otherKinds() throws {
        let cases: [([UInt8], String, String)] = [
            (LineMessages.rescheduled(Self.facts()), "預約已更改：單色凝膠 11/28（六）14:30", "預約時間已更改"),
            (LineMessages.cancellation(Self.facts()), "預約已取消：單色凝膠 11/28（六）14:30", "預約已取消"),
            (LineMessages.reminder(Self.facts()), "林小姐您好，提醒您的預約：11/28（六）14:30 單色凝膠", "預約提醒"),
            (
                LineMessages.reminder(Self.facts(customer: nil), templates: .english),
                "Hi there, a reminder of your booking: 單色凝膠 11/28（六）14:30", "Reminder"
            ),
        ]
        for (bytes, altText, title) in cases {
            let message = try only(bytes)
            #expect(message["type"] as? String == "flex")
            #expect(message["altText"] as? String == altText)
            #expect(strings(message["contents"] as Any).contains(title))
        }
        let cancelled = try only(LineMessages.cancellation(Self.facts()))
        #expect(actions(cancelled).first?["label"] as? String == "重新預約")
    }

    @Test("welcome is text with the merchant and the link")
    func welcome() throws {
        let message = try only(LineMessages.welcome(merchantName: "小花美甲", bookingURL: "https://book.example.tw/m"))
        #expect(message["type"] as? String == "text")
        let text = try #require(message["text"] as? String)
        #expect(text.contains("歡迎加入小花美甲"))
        #expect(text.contains("https://book.example.tw/m"))
    }

    @Test("upcoming bookings: a carousel of at most 10 bubbles with confirm and cancel postbacks and a link")
    func upcoming() throws {
        let facts = (1...13).map { Self.facts($0) }
        let message = try only(LineMessages.upcomingBookings(facts, bookingURL: "https://book.example.tw/m"))
        #expect(message["type"] as? String == "flex")
        #expect(message["altText"] as? String == "您接下來的預約")
        let carousel = try #require(message["contents"] as? [String: Any])
        #expect(carousel["type"] as? String == "carousel")
        let bubbles = try #require(carousel["contents"] as? [[String: Any]])
        #expect(bubbles.count == 10)
        for (index, bubble) in bubbles.enumerated() {
            #expect(bubble["type"] as? String == "bubble")
            let id = facts[index].bookingId
            let found = actions(bubble)
            let postbacks = found.filter { $0["type"] as? String == "postback" }
            #expect(postbacks.map { $0["label"] as? String } == ["確認出席", "取消預約"])
            #expect(
                postbacks.map { $0["data"] as? String } == [
                    "action=confirm&bookingId=\(id)", "action=cancel&bookingId=\(id)",
                ])
            let links = found.filter { $0["type"] as? String == "uri" }
            #expect(links.map { $0["uri"] as? String } == [facts[index].bookingURL])
        }
    }

    @Test("no upcoming bookings gives a text with the booking link")
    func noUpcoming() throws {
        let message = try only(LineMessages.upcomingBookings([], bookingURL: "https://book.example.tw/m"))
        #expect(message["type"] as? String == "text")
        #expect((message["text"] as? String)?.contains("https://book.example.tw/m") == true)
    }

    @Test("text is clamped to 5,000 characters and escapes JSON")
    func textLimits() throws {
        let long = String(repeating: "美", count: 6_000)
        let clamped = try #require(try only(LineMessages.text(long))["text"] as? String)
        #expect(clamped.utf16.count <= 5_000)
        #expect(clamped.hasSuffix("…"))
        let quoted = "他說 \"好\"\n\\ 完成"
        #expect(try only(LineMessages.text(quoted))["text"] as? String == quoted)
        #expect(try only(LineMessages.text(""))["text"] as? String == " ")
    }

    @Test("long names are clamped in altText and labels; empty facts never make empty text components")
    func clamping() throws {
        var facts = Self.facts()
        facts.serviceName = String(repeating: "光療", count: 1_000)
        facts.staffName = ""
        var templates = LineMessageTemplates.traditionalChinese
        templates.labels.viewBooking = "這是一個非常非常非常非常非常非常長的按鈕文字"
        let message = try only(LineMessages.confirmation(facts, templates: templates))
        #expect(((message["altText"] as? String)?.utf16.count ?? .max) <= 1_500)
        #expect(((actions(message).first?["label"] as? String)?.utf16.count ?? .max) <= 20)
        #expect(!strings(message).contains(""))
    }

    @Test("placeholders fill in one pass; unknown ones and stray braces stay")
    func fill() {
        let values = ["service": "{time}", "time": "14:30"]
        #expect(LineMessageTemplates.fill("{service} at {time}", values) == "{time} at 14:30")
        #expect(LineMessageTemplates.fill("{unknown} {time", values) == "{unknown} {time")
        #expect(LineMessageTemplates.fill("a}b{time}", values) == "a}b14:30")
    }
}

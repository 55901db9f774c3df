import Core
import Foundation
import Testing

@testable import Server

@Suite("Booking pages: view models, languages, local formats")
struct WebViewModelTests {
    let catalog: MessageCatalog

    init() throws { catalog = try MessageCatalog.load() }

    @Test("the browser's language wins when we speak it, else the salon's, else zh-TW")
    func languages() {
        #expect(MessageCatalog.negotiate(acceptLanguage: "ja-JP,ja;q=0.9", salonLanguage: "en") == "ja")
        #expect(MessageCatalog.negotiate(acceptLanguage: "de-DE,de;q=0.9", salonLanguage: "en") == "en")
        #expect(MessageCatalog.negotiate(acceptLanguage: "zh-Hant-TW", salonLanguage: "en") == "zh-TW")
        #expect(MessageCatalog.negotiate(acceptLanguage: "th", salonLanguage: nil) == "th")
        #expect(MessageCatalog.negotiate(acceptLanguage: nil, salonLanguage: nil) == "zh-TW")
        for language in MessageCatalog.languages {
            #expect(catalog.byLanguage[language]?.texts.count == catalog.byLanguage["zh-TW"]?.texts.count)
        }
    }

    @Test("dates with local weekday names; prices in the salon's currency")
    func formats() throws {
        let date = try #require(LocalDate("2026-12-01"))  // a Tuesday
        #expect(LocalFormat.date(date, try #require(catalog.byLanguage["zh-TW"])) == "12月1日（二）")
        #expect(LocalFormat.date(date, try #require(catalog.byLanguage["en"])) == "Tue 1 Dec")
        #expect(LocalFormat.date(date, try #require(catalog.byLanguage["ja"])) == "12月1日（火）")
        #expect(LocalFormat.date(date, try #require(catalog.byLanguage["th"])) == "อ. 1 ธ.ค.")
        #expect(LocalFormat.price(1200, currency: .twd) == "NT$1,200")
        #expect(LocalFormat.price(1_234_567, currency: .jpy) == "¥1,234,567")
        #expect(LocalFormat.price(900, currency: .thb) == "฿900")
    }

    @Test("free starts: one button per start, grouped morning / afternoon / evening in the salon's zone")
    func slotGroups() throws {
        let zone = try #require(ZoneRules(identifier: "Asia/Taipei"))
        let day = try #require(LocalDate("2026-12-01"))
        let slot = { (minutes: Int, staff: UInt64) in
            Slot(
                staffID: StaffID(staff), startsAt: zone.instant(on: day, at: minutes),
                endsAt: zone.instant(on: day, at: minutes + 60))
        }
        let slots = [slot(10 * 60, 1), slot(10 * 60, 2), slot(11 * 60 + 45, 2), slot(12 * 60, 1), slot(17 * 60, 1)]
        let groups = TimesPage.groups(slots, zone: zone, try #require(catalog.byLanguage["en"]))
        #expect(groups.map(\.label) == ["Morning", "Afternoon", "Evening"])
        #expect(groups[0].slots.map(\.label) == ["10:00", "11:45"])
        #expect(groups[0].slots[0].value.hasPrefix(StaffID(1).description + "."))
        #expect(TimesPage.parseSlot(groups[2].slots[0].value)?.1 == zone.instant(on: day, at: 17 * 60))
    }

    @Test("opening hours from the technicians' hours; closed days say so")
    func openingHours() throws {
        let texts = try #require(catalog.byLanguage["zh-TW"])
        let staff = [
            Staff(
                id: StaffID(1), merchantID: MerchantID(1), name: "A",
                workingHours: [
                    WorkingWindow(weekday: 2, start: TimeOfDay("10:00")!, end: TimeOfDay("14:00")!),
                    WorkingWindow(weekday: 2, start: TimeOfDay("15:00")!, end: TimeOfDay("20:00")!),
                ]),
            Staff(
                id: StaffID(2), merchantID: MerchantID(1), name: "B",
                workingHours: [
                    WorkingWindow(weekday: 2, start: TimeOfDay("09:30")!, end: TimeOfDay("18:00")!)
                ]),
        ]
        let rows = MenuPage.openingHours(staff, texts)
        #expect(rows[1].day == "二" && rows[1].text == "09:30–20:00")
        #expect(rows[0].text == "公休")
    }

    @Test("the LINE Login channel id is the LIFF id's prefix")
    func loginChannel() {
        #expect(SignInPages.loginChannelID(liffID: "1657000001-AbCdEfGh") == "1657000001")
        #expect(SignInPages.loginChannelID(liffID: "nodash") == nil)
        #expect(SignInPages.loginChannelID(liffID: "abc-def") == nil)
    }
}

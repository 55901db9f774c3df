import Core
import Hummingbird

/// `GET /book/{m}` for a signed-in customer: the salon's address and hours, the menu and the technicians.
struct MenuPage: Codable, Sendable {
    struct HoursRow: Codable, Sendable {
        var day: String
        var text: String
    }
    struct ServiceRow: Codable, Sendable {
        var id: String
        var name: String
        var duration: String
        var price: String
        var checked: Bool
    }
    struct StaffRow: Codable, Sendable {
        var id: String
        var name: String
    }

    var chrome: PageChrome
    /// The salon's address; nil when it has none.
    var address: String?
    var hours: [HoursRow]
    var services: [ServiceRow]
    var staff: [StaffRow]
    var timesURL: String
    var notice: String?
    /// Whether the menu offers adding services to the same visit (more than one service on it).
    var offersVisits: Bool

    /// Builds the page from the engine's state.
    static func make(_ web: CustomerWeb, _ visit: CustomerWeb.Visit, notice: String?) -> MenuPage {
        let merchant = visit.merchant
        let staff = web.engine.staff(of: merchant.id).filter(\.isActive)
        let services = web.engine.services(of: merchant.id).filter(\.isActive)
        return MenuPage(
            chrome: web.chrome(visit),
            address: merchant.address.isEmpty ? nil : merchant.address,
            hours: openingHours(staff, visit.texts),
            services: services.enumerated().map { index, service in
                ServiceRow(
                    id: service.id.description, name: service.name,
                    duration: visit.texts.text("minutes", n: service.durationMinutes),
                    price: LocalFormat.price(service.price, currency: merchant.currency), checked: index == 0)
            },
            staff: staff.map { StaffRow(id: $0.id.description, name: $0.name) },
            timesURL: "/book/\(merchant.id)/times",
            notice: notice.map { visit.texts[$0] }, offersVisits: services.count > 1)
    }

    /// The salon's hours per weekday: from the earliest start to the latest end of anyone working that day.
    static func openingHours(_ staff: [Staff], _ texts: PageTexts) -> [HoursRow] {
        (1...7).map { weekday in
            let windows = staff.flatMap(\.workingHours).filter { $0.weekday == weekday }
            guard let start = windows.map(\.start.minutes).min(), let end = windows.map(\.end.minutes).max() else {
                return HoursRow(day: texts.weekdays[weekday - 1], text: texts["closed"])
            }
            return HoursRow(
                day: texts.weekdays[weekday - 1],
                text: LocalFormat.clock(minutes: start) + "–" + LocalFormat.clock(minutes: end))
        }
    }
}

import Core
import Hummingbird

/// The time-slot page: a date strip over the booking window (days without a free slot greyed out) and the free
/// starts of the chosen day grouped morning / afternoon / evening. Used to book and to reschedule.
struct TimesPage: Codable, Sendable {
    struct DateChip: Codable, Sendable {
        var label: String
        var href: String
        var selected: Bool
        var full: Bool
    }
    struct SlotButton: Codable, Sendable {
        var label: String
        var value: String
    }
    struct SlotGroup: Codable, Sendable {
        var label: String
        var slots: [SlotButton]
    }

    var chrome: PageChrome
    var heading: String
    var summary: String
    var notice: String?
    var dates: [DateChip]
    var dateLabel: String
    var groups: [SlotGroup]
    var noSlots: Bool
    /// Where the chosen slot is posted, with the hidden fields it carries.
    var action: String
    var service: String
    var staff: String
    var date: String
    var backURL: String

    /// What to show: which service, with whom (nil: anyone), which day, how to link the other days.
    struct Question: Sendable {
        var service: Service
        var staffID: StaffID?
        var date: LocalDate?
        var link: @Sendable (LocalDate) -> String
    }

    /// The free slots of the days in the strip, from the engine's availability (as the API computes it).
    static func days(_ web: CustomerWeb, _ visit: CustomerWeb.Visit, _ question: Question) async
        -> [(LocalDate, [Slot])]
    {
        let merchant = visit.merchant
        let today = merchant.zone.localDateTime(at: visit.now).date
        let count = min(web.configuration.dateStripDays, merchant.rules.maxDaysAhead + 1)
        var days: [(LocalDate, [Slot])] = []
        for offset in 0..<max(count, 1) {
            let date = today.adding(days: offset)
            let query = AvailabilityQuery(
                merchantID: merchant.id, serviceID: question.service.id, date: date, staffID: question.staffID)
            let slots = (try? await web.engine.availability(query, now: visit.now).get())?.slots ?? []
            days.append((date, slots))
        }
        return days
    }

    /// Builds the page.
    static func make(
        _ web: CustomerWeb, _ visit: CustomerWeb.Visit, _ question: Question, heading: String, summary: String,
        notice: String?, action: String, staffField: String, backURL: String
    ) async -> TimesPage {
        let days = await days(web, visit, question)
        let chosen =
            question.date.flatMap { date in days.first { $0.0 == date } } ?? days.first { !$0.1.isEmpty } ?? days[0]
        let texts = visit.texts
        return TimesPage(
            chrome: web.chrome(visit), heading: heading, summary: summary, notice: notice.map { texts[$0] },
            dates: days.map { date, slots in
                DateChip(
                    label: LocalFormat.date(date, texts), href: question.link(date), selected: date == chosen.0,
                    full: slots.isEmpty)
            },
            dateLabel: LocalFormat.date(chosen.0, texts),
            groups: groups(chosen.1, zone: visit.merchant.zone, texts),
            noSlots: chosen.1.isEmpty, action: action, service: question.service.id.description,
            staff: staffField, date: chosen.0.description, backURL: backURL)
    }

    /// One button per start time (the first free technician in salon order takes it when anyone will do), grouped
    /// before 12:00, before 17:00, and after.
    static func groups(_ slots: [Slot], zone: ZoneRules, _ texts: PageTexts) -> [SlotGroup] {
        var seen = Set<Instant>()
        var buckets: [[SlotButton]] = [[], [], []]
        for slot in slots where seen.insert(slot.startsAt).inserted {
            let minutes = zone.localDateTime(at: slot.startsAt).secondsOfDay / 60
            let bucket = minutes < 12 * 60 ? 0 : minutes < 17 * 60 ? 1 : 2
            buckets[bucket].append(
                SlotButton(
                    label: LocalFormat.time(slot.startsAt, zone: zone),
                    value: "\(slot.staffID).\(slot.startsAt.secondsSinceEpoch)"))
        }
        let labels = [texts["morning"], texts["afternoon"], texts["evening"]]
        return zip(labels, buckets).filter { !$0.1.isEmpty }.map { SlotGroup(label: $0.0, slots: $0.1) }
    }

    /// Reads a slot value `<staffId>.<epoch seconds>`.
    static func parseSlot(_ text: String?) -> (StaffID, Instant)? {
        guard let parts = text?.split(separator: "."), parts.count == 2, let staff = StaffID(String(parts[0])),
            let seconds = Int64(parts[1])
        else { return nil }
        return (staff, Instant(secondsSinceEpoch: seconds))
    }
}

import Core
import Hummingbird

/// The time-slot page: a date strip over the booking window (days without a free slot greyed out) and the free
/// starts of the chosen day grouped morning / afternoon / evening. Used to book and to reschedule.
struct TimesPage: Encodable, Sendable {
    struct DateChip: Sendable {
        var label: String
        var href: String
        var selected: Bool
        var full: Bool
    }
    struct SlotButton: Sendable {
        var label: String
        var value: String
    }
    struct SlotGroup: Sendable {
        var label: String
        var slots: [SlotButton]
    }

    var chrome: PageChrome
    var heading: String
    var summary: String
    var notice: String?
    /// The date strip's chips and the slot grid's fieldsets (``HTMLFragment``, built by ``strip(_:full:)`` and
    /// ``grid(_:)``).
    var dates: HTMLFragment
    var dateLabel: String
    var groups: HTMLFragment
    var noSlots: Bool
    /// Where the chosen slot is posted, with the hidden fields it carries.
    var action: String
    var service: String
    /// A visit's services, comma-separated (empty for one service).
    var items: String
    var staff: String
    var date: String
    var backURL: String
    /// Where "notify me if something frees up" posts (one service, booking only; nil: no such form).
    var waitlistAction: String?

    /// What to show: which service, with whom (nil: anyone), which day, how to link the other days.
    struct Question: Sendable {
        var service: Service
        var staffID: StaffID?
        var date: LocalDate?
        var link: @Sendable (LocalDate) -> String
        /// A visit of several services (the first is `service`), each with `staffID` when they do it; empty for
        /// one service.
        var visit: [VisitItemRequest] = []
    }

    /// The free starts of one date, as slots: for a visit, each start with its first item's technician.
    static func slots(_ web: CustomerWeb, _ visit: CustomerWeb.Visit, _ question: Question, _ date: LocalDate) async
        -> [Slot]
    {
        guard !question.visit.isEmpty else {
            return (try? await web.engine.availability(query(question, visit, date), now: visit.now).get())?.slots
                ?? []
        }
        let asked = VisitAvailabilityQuery(merchantID: visit.merchant.id, items: question.visit, date: date)
        let starts = (try? await web.engine.visitAvailability(asked, now: visit.now).get()) ?? []
        return starts.map { Slot(staffID: $0.items[0].staffID, startsAt: $0.startsAt, endsAt: $0.endsAt) }
    }

    /// The days of the strip, each with whether it has a free slot (the engine's availability, as the API
    /// computes it, stopping at the first free slot).
    static func strip(_ web: CustomerWeb, _ visit: CustomerWeb.Visit, _ question: Question) async
        -> [(date: LocalDate, hasFreeSlot: Bool)]
    {
        let merchant = visit.merchant
        let today = merchant.zone.localDateTime(at: visit.now).date
        let count = min(web.configuration.dateStripDays, merchant.rules.maxDaysAhead + 1)
        var days: [(date: LocalDate, hasFreeSlot: Bool)] = []
        for offset in 0..<max(count, 1) {
            let date = today.adding(days: offset)
            let free =
                question.visit.isEmpty
                ? (try? await web.engine.hasFreeSlot(query(question, visit, date), now: visit.now).get()) ?? false
                : !(await slots(web, visit, question, date)).isEmpty
            days.append((date, free))
        }
        return days
    }

    /// The availability question for one date.
    static func query(_ question: Question, _ visit: CustomerWeb.Visit, _ date: LocalDate) -> AvailabilityQuery {
        AvailabilityQuery(
            merchantID: visit.merchant.id, serviceID: question.service.id, date: date, staffID: question.staffID)
    }

    /// Builds the page: the strip, then every free slot of the chosen day (the asked one, else the first with a
    /// free slot, else today).
    static func make(
        _ web: CustomerWeb, _ visit: CustomerWeb.Visit, _ question: Question, heading: String, summary: String,
        notice: String?, action: String, staffField: String, backURL: String, waitlistAction: String? = nil
    ) async -> TimesPage {
        let days = await strip(web, visit, question)
        let chosen =
            question.date.flatMap { date in days.first { $0.date == date } } ?? days.first { $0.hasFreeSlot }
            ?? days[0]
        let slots = chosen.hasFreeSlot ? await slots(web, visit, question, chosen.date) : []
        let texts = visit.texts
        return TimesPage(
            chrome: web.chrome(visit), heading: heading, summary: summary, notice: notice.map { texts[$0] },
            dates: strip(
                days.map { day in
                    DateChip(
                        label: LocalFormat.date(day.date, texts), href: question.link(day.date),
                        selected: day.date == chosen.date, full: !day.hasFreeSlot)
                }, full: texts["full"], fullDaysLink: waitlistAction != nil),
            dateLabel: LocalFormat.date(chosen.date, texts),
            groups: grid(groups(slots, zone: visit.merchant.zone, texts)),
            noSlots: slots.isEmpty, action: action, service: question.service.id.description,
            items: question.visit.map(\.serviceID.description).joined(separator: ","), staff: staffField,
            date: chosen.date.description, backURL: backURL, waitlistAction: waitlistAction)
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

    /// The chips of the date strip: a link per day with a free slot, the chosen one marked current; a greyed
    /// span saying `full` for the others (a greyed link, with `fullDaysLink`, where a full day's waitlist is
    /// joined).
    static func strip(_ chips: [DateChip], full: String, fullDaysLink: Bool = false) -> HTMLFragment {
        var html = HTMLFragment()
        for chip in chips {
            html.markup("<li>")
            if chip.full && fullDaysLink {
                html.markup(
                    chip.selected ? "<a class=\"chip full selected\" href=\"" : "<a class=\"chip full\" href=\"")
                html.text(chip.href)
                html.markup(chip.selected ? "\" aria-current=\"date\">" : "\">")
                html.text(chip.label)
                html.markup(" <small>")
                html.text(full)
                html.markup("</small></a>")
            } else if chip.full {
                html.markup("<span class=\"chip full\">")
                html.text(chip.label)
                html.markup(" <small>")
                html.text(full)
                html.markup("</small></span>")
            } else {
                html.markup(chip.selected ? "<a class=\"chip selected\" href=\"" : "<a class=\"chip\" href=\"")
                html.text(chip.href)
                html.markup(chip.selected ? "\" aria-current=\"date\">" : "\">")
                html.text(chip.label)
                html.markup("</a>")
            }
            html.markup("</li>\n")
        }
        return html
    }

    /// A fieldset per group of starts, a submit button per start.
    static func grid(_ groups: [SlotGroup]) -> HTMLFragment {
        var html = HTMLFragment()
        for group in groups {
            html.markup("<fieldset>\n<legend>")
            html.text(group.label)
            html.markup("</legend>\n<div class=\"grid\">")
            for slot in group.slots {
                html.markup("<button type=\"submit\" name=\"slot\" value=\"")
                html.text(slot.value)
                html.markup("\" class=\"slot\">")
                html.text(slot.label)
                html.markup("</button>")
            }
            html.markup("</div>\n</fieldset>\n")
        }
        return html
    }

    /// Reads a slot value `<staffId>.<epoch seconds>`.
    static func parseSlot(_ text: String?) -> (StaffID, Instant)? {
        guard let parts = text?.split(separator: "."), parts.count == 2, let staff = StaffID(String(parts[0])),
            let seconds = Int64(parts[1])
        else { return nil }
        return (staff, Instant(secondsSinceEpoch: seconds))
    }
}

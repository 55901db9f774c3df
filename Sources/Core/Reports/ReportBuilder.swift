/// Accumulates a ``SalonReport`` in one pass over a merchant's bookings.
struct ReportBuilder {
    let merchant: Merchant
    let from: LocalDate
    let to: LocalDate
    let grouping: SalonReport.Grouping
    let start: Instant
    let end: Instant
    let prices: [ServiceID: Int]

    private var periods: [LocalDate: SalonReport.Line] = [:]
    private var technicians: [StaffID: SalonReport.Line] = [:]
    private var services: [ServiceID: SalonReport.Line] = [:]

    init(
        merchant: Merchant, from: LocalDate, to: LocalDate, grouping: SalonReport.Grouping, state: borrowing EngineState
    ) {
        self.merchant = merchant
        self.from = from
        self.to = to
        self.grouping = grouping
        start = merchant.zone.instant(on: from, at: 0)
        end = merchant.zone.instant(on: to.adding(days: 1), at: 0)
        prices = Dictionary(uniqueKeysWithValues: state.catalog.services(of: merchant.id).map { ($0.id, $0.price) })
    }

    /// The first day of the period `date` falls in.
    func period(of date: LocalDate) -> LocalDate {
        switch grouping {
        case .day: return date
        case .week: return date.adding(days: 1 - date.isoWeekday)
        case .month: return LocalDate(year: date.year, month: date.month, day: 1) ?? date
        }
    }

    mutating func build(state: borrowing EngineState) -> SalonReport {
        var report = SalonReport(
            from: from, to: to, byPeriod: [], byTechnician: [], byService: [], revenue: 0, bookings: 0, completed: 0,
            cancelled: 0, noShows: 0, bookedMinutes: 0, workingMinutes: 0, newCustomers: 0, returningCustomers: 0)
        var firstVisit: [CustomerID: Instant] = [:]
        var seenInRange = Set<CustomerID>()
        let everything = state.ledger.bookingIDs(
            of: merchant.id, from: Instant(secondsSinceEpoch: Int64.min / 4),
            to: Instant(secondsSinceEpoch: Int64.max / 4))
        for id in everything {
            guard let booking = state.ledger.bookings[id] else { continue }
            if booking.status != .cancelled {
                let first = firstVisit[booking.customerID]
                if first.map({ booking.startsAt < $0 }) ?? true { firstVisit[booking.customerID] = booking.startsAt }
            }
            guard start <= booking.startsAt, booking.startsAt < end else { continue }
            count(booking, into: &report)
            if booking.status != .cancelled { seenInRange.insert(booking.customerID) }
        }
        for customer in seenInRange {
            if let first = firstVisit[customer], first >= start {
                report.newCustomers += 1
            } else {
                report.returningCustomers += 1
            }
        }
        report.workingMinutes = workingMinutes(state: state)
        let names = Dictionary(uniqueKeysWithValues: state.catalog.staff(of: merchant.id).map { ($0.id, $0.name) })
        let serviceNames = Dictionary(
            uniqueKeysWithValues: state.catalog.services(of: merchant.id).map { ($0.id, $0.name) })
        report.byPeriod = periods.sorted { $0.key < $1.key }.map { key, line in
            SalonReport.Line(label: key.description, bookings: line.bookings, revenue: line.revenue)
        }
        report.byTechnician = technicians.map { id, line in
            SalonReport.Line(label: names[id] ?? id.description, bookings: line.bookings, revenue: line.revenue)
        }.sorted { ($0.revenue, $0.label) > ($1.revenue, $1.label) }
        report.byService = services.map { id, line in
            SalonReport.Line(label: serviceNames[id] ?? id.description, bookings: line.bookings, revenue: line.revenue)
        }.sorted { ($0.revenue, $0.label) > ($1.revenue, $1.label) }
        assert(report.byPeriod.reduce(0) { $0 + $1.revenue } == report.revenue, "periods add up to the total")
        return report
    }

    private mutating func count(_ booking: Booking, into report: inout SalonReport) {
        report.bookings += 1
        switch booking.status {
        case .cancelled:
            report.cancelled += 1
            return
        case .noShow:
            report.noShows += 1
            return
        case .completed: report.completed += 1
        case .confirmed: break
        }
        let parts = booking.parts
        let price = parts.reduce(0) { $0 + (prices[$1.serviceID] ?? 0) }
        report.revenue += price
        report.bookedMinutes += Int(booking.endsAt.secondsSinceEpoch - booking.startsAt.secondsSinceEpoch) / 60
        let day = merchant.zone.localDateTime(at: booking.startsAt).date
        periods[period(of: day), default: .init(label: "", bookings: 0, revenue: 0)].add(price)
        // A visit counts once for each of its technicians and services, with the price of what they did.
        var byStaff: [StaffID: Int] = [:]
        var byService: [ServiceID: Int] = [:]
        for part in parts {
            byStaff[part.staffID, default: 0] += prices[part.serviceID] ?? 0
            byService[part.serviceID, default: 0] += prices[part.serviceID] ?? 0
        }
        for (staffID, amount) in byStaff {
            technicians[staffID, default: .init(label: "", bookings: 0, revenue: 0)].add(amount)
        }
        for (serviceID, amount) in byService {
            services[serviceID, default: .init(label: "", bookings: 0, revenue: 0)].add(amount)
        }
    }

    /// The technicians' working minutes over the range, less time off.
    private func workingMinutes(state: borrowing EngineState) -> Int {
        var total: Int64 = 0
        for staff in state.catalog.staff(of: merchant.id) where staff.isActive {
            var day = from
            while day <= to {
                for range in WorkingTime.ranges(of: staff, on: day, zone: merchant.zone) {
                    var seconds = range.end.secondsSinceEpoch - range.start.secondsSinceEpoch
                    for off in staff.timeOff where off.startsAt < range.end && range.start < off.endsAt {
                        seconds -=
                            min(off.endsAt, range.end).secondsSinceEpoch
                            - max(off.startsAt, range.start).secondsSinceEpoch
                    }
                    total += max(0, seconds)
                }
                day = day.adding(days: 1)
            }
        }
        return Int(total / 60)
    }
}

extension SalonReport.Line {
    fileprivate mutating func add(_ price: Int) {
        bookings += 1
        revenue += price
    }
}

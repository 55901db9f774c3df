/// Field checks for catalog drafts: every rule gives the offending field.
enum CatalogValidation {
    static let nameLengthRange = 1...100

    static func name(_ value: String, field: String = "name") -> Rejection? {
        let trimmed = value.trimmingWhitespace
        guard nameLengthRange.contains(trimmed.count), trimmed.count == value.count else {
            return .invalid(field, "\(field) must be 1 to 100 characters without surrounding spaces")
        }
        return nil
    }

    static let addressLengthMax = 200

    /// At most 200 characters (Unicode scalars, as JSON Schema counts), none of them a control character (line
    /// breaks included).
    static func address(_ value: String) -> Rejection? {
        guard value.unicodeScalars.count <= addressLengthMax else {
            return .invalid("address", "address must be at most 200 characters")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .invalid("address", "address must not contain control characters")
        }
        return nil
    }

    static func merchant(_ draft: MerchantDraft) -> Result<ZoneRules, Rejection> {
        if let rejection = name(draft.name) { return .failure(rejection) }
        guard let zone = ZoneRules(identifier: draft.timeZone) else {
            return .failure(.invalid("timeZone", "unknown IANA time zone"))
        }
        if let rejection = address(draft.address) { return .failure(rejection) }
        guard (5...240).contains(draft.slotMinutes), 1_440 % draft.slotMinutes == 0 else {
            return .failure(.invalid("slotMinutes", "slotMinutes must divide a day and be 5 to 240"))
        }
        let rules = draft.rules
        let checks: [(Bool, String, String)] = [
            ((0...43_200).contains(rules.minNoticeMinutes), "minNoticeMinutes", "0 to 43200"),
            ((1...730).contains(rules.maxDaysAhead), "maxDaysAhead", "1 to 730"),
            ((1...1_440).contains(rules.holdMinutes), "holdMinutes", "1 to 1440"),
            (
                rules.cancelDeadlineMinutes.map { (0...43_200).contains($0) } ?? true, "cancelDeadlineMinutes",
                "0 to 43200"
            ),
            (
                rules.noShowPolicy.map { NoShowPolicy.strikesRange.contains($0.strikes) } ?? true,
                "noShowPolicy.strikes", "1 to 50"
            ),
            (
                rules.noShowPolicy.map { NoShowPolicy.windowDaysRange.contains($0.windowDays) } ?? true,
                "noShowPolicy.windowDays", "1 to 730"
            ),
        ]
        for (isValid, field, range) in checks where !isValid {
            return .failure(.invalid(field, "\(field) must be \(range)"))
        }
        return .success(zone)
    }

    static func staff(_ draft: StaffDraft, merchantID: MerchantID, catalog: Catalog) -> Rejection? {
        if let rejection = name(draft.name) { return rejection }
        guard draft.workingHours.count <= 100 else { return .invalid("workingHours", "at most 100 windows") }
        for window in draft.workingHours {
            guard (1...7).contains(window.weekday) else { return .invalid("workingHours", "weekday must be 1 to 7") }
            guard window.start < window.end else {
                return .invalid("workingHours", "a window must end after it starts")
            }
        }
        for weekday in 1...7 {
            let windows = draft.workingHours.filter { $0.weekday == weekday }.sorted { $0.start < $1.start }
            for (earlier, later) in zip(windows, windows.dropFirst()) where later.start < earlier.end {
                return .invalid("workingHours", "windows of one day must not overlap")
            }
        }
        for id in draft.serviceIDs ?? [] where catalog.services[id]?.merchantID != merchantID {
            return .invalid("serviceIds", "unknown service \(id)")
        }
        return nil
    }

    static func service(_ draft: ServiceDraft, merchantID: MerchantID, catalog: Catalog) -> Rejection? {
        if let rejection = name(draft.name) { return rejection }
        guard Service.durationRange.contains(draft.durationMinutes) else {
            return .invalid("durationMinutes", "durationMinutes must be 5 to 600")
        }
        guard Service.bufferRange.contains(draft.bufferBeforeMinutes) else {
            return .invalid("bufferBeforeMinutes", "bufferBeforeMinutes must be 0 to 240")
        }
        guard Service.bufferRange.contains(draft.bufferAfterMinutes) else {
            return .invalid("bufferAfterMinutes", "bufferAfterMinutes must be 0 to 240")
        }
        guard (0...1_000_000_000).contains(draft.price) else { return .invalid("price", "price must be 0 or more") }
        for id in draft.staffIDs ?? [] where catalog.staff[id]?.merchantID != merchantID {
            return .invalid("staffIds", "unknown staff member \(id)")
        }
        return resourceNeeds(
            draft.resourceNeeds, durationMinutes: draft.durationMinutes, merchantID: merchantID, catalog)
    }

    static func resourceNeeds(
        _ needs: [ResourceNeed], durationMinutes: Int, merchantID: MerchantID, _ catalog: Catalog
    ) -> Rejection? {
        guard needs.count <= ResourceNeed.perServiceMax else {
            return .invalid("resourceNeeds", "a service uses at most \(ResourceNeed.perServiceMax) resources")
        }
        guard Set(needs.map(\.resourceID)).count == needs.count else {
            return .invalid("resourceNeeds", "each resource is listed once")
        }
        for need in needs {
            guard catalog.resources[need.resourceID]?.merchantID == merchantID else {
                return .invalid("resourceNeeds", "unknown resource \(need.resourceID)")
            }
            guard need.fits(durationMinutes: durationMinutes) else {
                return .invalid("resourceNeeds", "a resource's use must lie within the service's duration")
            }
        }
        return nil
    }

    static func resource(_ draft: ResourceDraft) -> Rejection? {
        if let rejection = name(draft.name) { return rejection }
        guard Resource.capacityRange.contains(draft.capacity) else {
            return .invalid("capacity", "capacity must be 0 to \(Resource.capacityRange.upperBound)")
        }
        return nil
    }

    static func customer(_ draft: CustomerDraft) -> Rejection? {
        if let rejection = name(draft.displayName, field: "displayName") { return rejection }
        if let line = draft.lineUserID, !(1...100).contains(line.utf8.count) || line.contains(where: \.isWhitespace) {
            return .invalid("lineUserId", "lineUserId must be 1 to 100 characters without spaces")
        }
        if let phone = draft.phone, phone.count > 30 { return .invalid("phone", "phone must be at most 30 characters") }
        return nil
    }

    static func timeOff(startsAt: Instant, endsAt: Instant, reason: String) -> Rejection? {
        guard startsAt < endsAt else { return .invalid("endsAt", "time off must end after it starts") }
        guard endsAt - startsAt <= 366 * 86_400 else { return .invalid("endsAt", "time off is at most a year long") }
        guard reason.count <= 200 else { return .invalid("reason", "reason must be at most 200 characters") }
        return nil
    }
}

extension String {
    /// The string without leading and trailing white space (no Foundation needed).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}

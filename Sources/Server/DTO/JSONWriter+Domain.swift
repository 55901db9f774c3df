import Core

/// The API's JSON shapes of the domain types, in the merchant's time zone.
extension JSONWriter {
    mutating func time(_ name: String, _ instant: Instant?, _ zone: ZoneRules) {
        key(name)
        guard let instant else { return raw("null") }
        asciiString(capacity: RFC3339.formattedBytesMax) { RFC3339.write(instant, in: zone, into: $0) }
    }

    /// Writes an identifier field (`null` when absent) straight into the buffer.
    mutating func id<Kind>(_ name: String, _ id: Identifier<Kind>?) {
        key(name)
        guard let id else { return raw("null") }
        asciiString(capacity: Identifier<Kind>.descriptionBytes) { id.writeDescription(into: $0) }
    }

    mutating func merchant(_ merchant: Merchant, extra: (inout JSONWriter) -> Void = { _ in }) {
        object { json in
            json.field("id", merchant.id.description)
            json.field("name", merchant.name)
            json.field("timeZone", merchant.zone.identifier)
            json.field("slotMinutes", merchant.slotMinutes)
            json.field("holdMinutes", merchant.rules.holdMinutes)
            json.field("minNoticeMinutes", merchant.rules.minNoticeMinutes)
            json.field("maxDaysAhead", merchant.rules.maxDaysAhead)
            json.field("cancelDeadlineMinutes", merchant.rules.cancelDeadlineMinutes)
            json.field("noShowPolicy") { json in
                if let policy = merchant.rules.noShowPolicy {
                    json.object { json in
                        json.field("strikes", policy.strikes)
                        json.field("windowDays", policy.windowDays)
                        json.field("action", policy.action.name)
                    }
                } else {
                    json.raw("null")
                }
            }
            json.field("address", merchant.address)
            json.field("currency", merchant.currency.rawValue)
            json.time("createdAt", merchant.createdAt, merchant.zone)
            extra(&json)
        }
    }

    mutating func staff(_ staff: Staff, zone: ZoneRules) {
        object { json in
            json.field("id", staff.id.description)
            json.field("merchantId", staff.merchantID.description)
            json.field("name", staff.name)
            json.field("active", staff.isActive)
            json.field("workingHours") { json in
                json.array(staff.workingHours) { json, window in
                    json.object { json in
                        json.field("weekday", window.weekday)
                        json.field("start", window.start.description)
                        json.field("end", window.end.description)
                    }
                }
            }
            json.ids("serviceIds", staff.serviceIDs)
            json.field("timeOff") { json in
                json.array(staff.timeOff) { json, off in json.timeOff(off, staffID: staff.id, zone: zone) }
            }
        }
    }

    mutating func timeOff(_ off: TimeOff, staffID: StaffID, zone: ZoneRules) {
        object { json in
            json.field("id", off.id.description)
            json.field("staffId", staffID.description)
            json.time("startsAt", off.startsAt, zone)
            json.time("endsAt", off.endsAt, zone)
            json.field("reason", off.reason)
        }
    }

    mutating func ids<Kind>(_ name: String, _ ids: Set<Identifier<Kind>>?) {
        guard let ids else { return field(name, String?.none) }
        field(name) { json in json.array(ids.sorted()) { json, id in json.string(id.description) } }
    }

    mutating func service(_ service: Service) {
        object { json in
            json.field("id", service.id.description)
            json.field("merchantId", service.merchantID.description)
            json.field("name", service.name)
            json.field("durationMinutes", service.durationMinutes)
            json.field("bufferBeforeMinutes", service.bufferBeforeMinutes)
            json.field("bufferAfterMinutes", service.bufferAfterMinutes)
            json.field("price", service.price)
            json.field("active", service.isActive)
            json.ids("staffIds", service.staffIDs)
            json.field("resourceIds") { json in
                json.array(service.resourceNeeds) { json, need in json.value(need.resourceID.description) }
            }
            json.field("resourceNeeds") { json in
                json.array(service.resourceNeeds) { json, need in
                    json.object { json in
                        json.field("resourceId", need.resourceID.description)
                        json.field("offsetMinutes", need.offsetMinutes)
                        json.field("minutes", need.minutes)
                    }
                }
            }
        }
    }

    mutating func resource(_ resource: Resource) {
        object { json in
            json.field("id", resource.id.description)
            json.field("merchantId", resource.merchantID.description)
            json.field("name", resource.name)
            json.field("capacity", resource.capacity)
        }
    }

    /// The resources a booking or a hold uses, and when.
    mutating func resourceUses(_ uses: [ResourceUse], zone: ZoneRules) {
        field("resources") { json in
            json.array(uses) { json, use in
                json.object { json in
                    json.field("resourceId", use.resourceID.description)
                    json.time("startsAt", use.range.start, zone)
                    json.time("endsAt", use.range.end, zone)
                }
            }
        }
    }

    mutating func customer(_ customer: Customer, zone: ZoneRules) {
        object { json in
            json.field("id", customer.id.description)
            json.field("merchantId", customer.merchantID.description)
            json.field("displayName", customer.displayName)
            json.field("lineUserId", customer.lineUserID)
            json.field("phone", customer.phone)
            json.time("createdAt", customer.createdAt, zone)
            if let erasedAt = customer.erasedAt { json.time("erasedAt", erasedAt, zone) }
            if let cleared = customer.strikesClearedAt { json.time("strikesClearedAt", cleared, zone) }
        }
    }

    mutating func hold(_ hold: Hold, zone: ZoneRules) {
        object { json in
            json.field("id", hold.id.description)
            json.field("merchantId", hold.merchantID.description)
            json.field("staffId", hold.staffID.description)
            json.field("serviceId", hold.serviceID.description)
            json.field("customerId", hold.customerID?.description)
            json.time("startsAt", hold.startsAt, zone)
            json.time("endsAt", hold.endsAt, zone)
            json.time("expiresAt", hold.expiresAt, zone)
            json.time("createdAt", hold.createdAt, zone)
            json.resourceUses(hold.resourceUses, zone: zone)
        }
    }

    /// A booking; `archived` ones (read back from an archive file) say so.
    mutating func booking(_ booking: Booking, zone: ZoneRules, archived: Bool = false) {
        object { json in
            json.id("id", booking.id)
            json.id("merchantId", booking.merchantID)
            json.id("staffId", booking.staffID)
            json.id("serviceId", booking.serviceID)
            json.id("customerId", booking.customerID)
            json.time("startsAt", booking.startsAt, zone)
            json.time("endsAt", booking.endsAt, zone)
            json.field("status", booking.shownStatus)
            json.field("note", booking.note)
            json.time("createdAt", booking.createdAt, zone)
            json.time("completedAt", booking.completedAt, zone)
            json.time("cancelledAt", booking.cancelledAt, zone)
            json.field("cancelReason", booking.cancelReason)
            json.id("holdId", booking.holdID)
            json.resourceUses(booking.resourceUses, zone: zone)
            json.field("items") { json in
                json.array(booking.parts) { json, item in
                    json.object { json in
                        json.id("serviceId", item.serviceID)
                        json.id("staffId", item.staffID)
                        json.time("startsAt", item.startsAt, zone)
                        json.time("endsAt", item.endsAt, zone)
                    }
                }
            }
            if archived { json.field("archived", true) }
        }
    }

    mutating func change(_ change: BookingChange, zone: ZoneRules) {
        object { json in
            json.time("at", change.at, zone)
            json.field("action", change.action.name)
            json.field("actor") { json in
                json.object { json in
                    json.field("type", change.origin.author.kind.name)
                    json.field("id", Self.authorID(change.origin.author))
                }
            }
            json.field("channel", change.origin.channel.name)
            json.field("changes") { json in json.changes(of: change.action, zone: zone) }
        }
    }

    private mutating func changes(of action: BookingChange.Action, zone: ZoneRules) {
        object { json in
            switch action {
            case .created:
                json.fromTo("status", nil, "confirmed")
            case .cancelled(let reason):
                json.fromTo("status", "confirmed", "cancelled")
                json.field("cancelReason", reason)
            case .completed:
                json.fromTo("status", "confirmed", "completed")
            case .markedNoShow:
                json.fromTo("status", "confirmed", "no_show")
            case .attendanceConfirmed:
                json.fromTo("attendance", nil, "confirmed")
            case .approved:
                json.fromTo("status", "pending", "confirmed")
            case .rescheduled(let fromStaff, let fromStart, let toStaff, let toStart):
                json.fromTo("startsAt", RFC3339.format(fromStart, in: zone), RFC3339.format(toStart, in: zone))
                if fromStaff != toStaff { json.fromTo("staffId", fromStaff.description, toStaff.description) }
            }
        }
    }

    private mutating func fromTo(_ name: String, _ from: String?, _ to: String) {
        field(name) { json in
            json.object { json in
                json.field("from", from)
                json.field("to", to)
            }
        }
    }

    static func authorID(_ author: Author) -> String? {
        switch author.kind {
        case .customer: return CustomerID(author.id).description
        case .merchant: return author.id == 0 ? nil : ApiKeyID(author.id).description
        case .user: return author.id == 0 ? nil : UserID(author.id).description
        case .admin, .system: return nil
        }
    }
}

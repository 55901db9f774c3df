extension EngineState {
    /// The largest identifier value in use, so a restarted node never hands out one of them again.
    public func largestID() -> UInt64 {
        var largest: UInt64 = 0
        func see(_ value: UInt64) { largest = max(largest, value) }
        for id in catalog.merchants.keys { see(id.rawValue) }
        for (id, staff) in catalog.staff {
            see(id.rawValue)
            for off in staff.timeOff { see(off.id.rawValue) }
        }
        for id in catalog.services.keys { see(id.rawValue) }
        for id in catalog.customers.keys { see(id.rawValue) }
        for id in ledger.bookings.keys { see(id.rawValue) }
        for id in ledger.holds.keys { see(id.rawValue) }
        for id in keyRing.keys.keys { see(id.rawValue) }
        for id in accounts.accounts.keys { see(id.rawValue) }
        for id in accounts.invites.keys { see(id.rawValue) }
        return largest
    }
}

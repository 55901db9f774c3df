import Core

/// A demo merchant with staff, hours and services, so a newcomer sees real data at once.
public enum DemoSalon {
    /// The demo merchant's name; loading is skipped when a merchant of this name exists.
    public static let name = "Demo Nail Studio 美甲工作室"
    /// The demo merchant's address, in Taipei.
    public static let address = "台北市大安區忠孝東路四段 181 號 2 樓"

    /// Creates the demo merchant (once) and returns it.
    public static func load(into engine: BookingEngine, now: Instant) async throws -> Merchant {
        if let existing = engine.merchants().first(where: { $0.name == name }) { return existing }
        let context = CommandContext(now: now, origin: Origin(author: .admin, channel: .system))
        let draft = MerchantDraft(name: name, address: address, currency: .twd)
        let merchant = try await engine.createMerchant(draft, context).get()
        let hours: [WorkingWindow] = (2...7).flatMap { weekday in
            [
                WorkingWindow(weekday: weekday, start: TimeOfDay("10:00")!, end: TimeOfDay("14:00")!),
                WorkingWindow(weekday: weekday, start: TimeOfDay("15:00")!, end: TimeOfDay("20:00")!),
            ]
        }
        for staffName in ["小美", "Aiko", "Ploy"] {
            _ = try await engine.createStaff(
                merchantID: merchant.id,
                StaffDraft(name: staffName, workingHours: hours),
                context
            ).get()
        }
        let menu = [
            ServiceDraft(name: "凝膠指甲 Gel manicure", durationMinutes: 60, bufferAfterMinutes: 10, price: 1_200),
            ServiceDraft(
                name: "足部保養 Pedicure", durationMinutes: 90, bufferBeforeMinutes: 5, bufferAfterMinutes: 15, price: 1_800
            ),
            ServiceDraft(name: "卸甲 Removal", durationMinutes: 30, price: 400),
        ]
        for service in menu { _ = try await engine.createService(merchantID: merchant.id, service, context).get() }
        _ = try await engine.createCustomer(
            merchantID: merchant.id,
            CustomerDraft(displayName: "王小姐", lineUserID: "U4af4980629000000000000000000demo"),
            context
        ).get()
        return merchant
    }
}

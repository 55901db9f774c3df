import Core
import Foundation
import Node
import ProcessTestSupport

/// A salon on a node opened in this process (durability `.none`, to build thousands of bookings fast) with
/// technicians working around the clock: the start of the archive tests that then run real processes on its folder.
struct ArchiveSalon {
    let node: Node
    let merchant: Merchant
    let staff: [Staff]
    let service: Service
    let customer: Customer

    static let context = CommandContext(now: Instant(secondsSinceEpoch: 1_795_737_600), origin: .system)

    /// Opens a node on `directory` and makes the salon.
    static func make(in directory: String, staffCount: Int, segmentSizeBytes: Int? = nil) async throws -> ArchiveSalon {
        var options = NodeOptions()
        options.durability = .none
        if let segmentSizeBytes { options.segmentSizeBytes = segmentSizeBytes }
        let node = try Node.open(dataDirectory: directory, options: options)
        let engine = node.engine
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Archive salon", rules: BookingRules(maxDaysAhead: 700)), context
        ).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("00:00")!, end: TimeOfDay("24:00")!) }
        var staff: [Staff] = []
        for index in 0..<staffCount {
            let draft = StaffDraft(name: "Technician \(index)", workingHours: hours)
            staff.append(try await engine.createStaff(merchantID: merchant.id, draft, context).get())
        }
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 30), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Lin"), context
        ).get()
        return ArchiveSalon(node: node, merchant: merchant, staff: staff, service: service, customer: customer)
    }

    /// Books `count` half-hour slots from tomorrow on, round the technicians, cancelling each when `cancel`.
    @discardableResult
    func book(_ count: Int, cancel: Bool) async throws -> [BookingID] {
        var ids: [BookingID] = []
        for slot in 0..<count {
            let booking = try await node.engine.createBooking(
                NewBooking(
                    merchantID: merchant.id, serviceID: service.id, staffID: staff[slot % staff.count].id,
                    customerID: customer.id,
                    startsAt: Self.context.now + Int64(86_400 + slot / staff.count * 1_800)),
                Self.context
            ).get()
            if cancel {
                _ = try await node.engine.cancelBooking(
                    booking.id, merchantID: merchant.id, reason: "r\(slot)", Self.context
                ).get()
            }
            ids.append(booking.id)
        }
        return ids
    }
}

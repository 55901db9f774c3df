import Core
import Foundation
import Testing

@testable import Server

/// Every back-office page against every role: 200 where the role may see it, the 403 page where it may not, and
/// the sign-in page (303) for a visitor without a session.
@Suite("Back-office roles on every page")
struct OfficeRoleTableTests {
    enum Who: CaseIterable {
        case owner, manager, staff, nobody
    }

    /// The expected status per role, in `Who.allCases` order.
    static func table(_ world: OfficeWorld, booking: String) -> [(String, [Int])] {
        let everyone = [200, 200, 200, 303]
        let managers = [200, 200, 403, 303]
        let owners = [200, 403, 403, 303]
        return [
            ("/office", everyone),
            ("/office/calendar?date=2026-12-01", everyone),
            ("/office/changes", everyone),
            ("/office/password", everyone),
            ("/office/bookings/\(booking)", everyone),
            ("/office/bookings/new?staff=\(world.salon.staffID)&start=1796097600", everyone),
            ("/office/staff", managers),
            ("/office/staff/\(world.salon.staffID)", managers),
            ("/office/services", managers),
            ("/office/services/\(world.salon.serviceID)", managers),
            ("/office/resources", managers),
            ("/office/customers", managers),
            ("/office/customers/\(world.salon.customerID)", managers),
            ("/office/notifications", managers),
            ("/office/reports", managers),
            ("/office/reports/export?table=periods", managers),
            ("/office/users", owners),
            ("/office/line", owners),
            ("/office/two-factor", everyone),
        ]
    }

    @Test("route × role → allowed, 403 or sign-in")
    func everyPage() async throws {
        try await OfficeWorld.with { world in
            let booking = try await OfficeCalendarTests.book(world, "11:00")
            let clients: [Who: WebClient] = [
                .owner: try await world.account(.owner, login: "owner"),
                .manager: try await world.account(.manager, login: "manager"),
                .staff: try await world.account(.staff, login: "staff", staffID: world.salon.staffID),
                .nobody: world.client(),
            ]
            for (path, expected) in Self.table(world, booking: booking) {
                for (who, status) in zip(Who.allCases, expected) {
                    let answer = try await clients[who]!.get(path)
                    #expect(answer.status == status, "\(who) \(path): \(answer.status)")
                    if status == 303 { #expect(answer.location == "/office/signin", "\(who) \(path)") }
                }
            }
        }
    }

    @Test("every form post without its CSRF token is refused with 403, whatever the role")
    func postsNeedTheToken() async throws {
        try await OfficeWorld.with { world in
            let booking = try await OfficeCalendarTests.book(world, "11:00")
            let owner = try await world.account(.owner, login: "owner")
            let posts = [
                "/office/bookings/\(booking)/cancel", "/office/bookings/\(booking)/complete",
                "/office/bookings/\(booking)/no-show", "/office/bookings/\(booking)/move",
                "/office/bookings/\(booking)/approve", "/office/bookings/\(booking)/decline", "/office/bookings",
                "/office/staff", "/office/staff/\(world.salon.staffID)",
                "/office/staff/\(world.salon.staffID)/time-off",
                "/office/services", "/office/services/\(world.salon.serviceID)", "/office/resources",
                "/office/customers/\(world.salon.customerID)", "/office/customers/\(world.salon.customerID)/erase",
                "/office/users/invites", "/office/password",
                "/office/line", "/office/two-factor/setup",
                "/office/two-factor/enable", "/office/two-factor/disable",
                "/office/customers/\(world.salon.customerID)/clear-record",
            ]
            for path in posts {
                let answer = try await owner.post(path, ["_csrf": "forged"])
                #expect(answer.status == 403, "\(path): \(answer.status)")
            }
            let unchanged = try #require(
                world.server.node.engine.booking(BookingID(booking)!, merchantID: world.merchantID))
            #expect(unchanged.status == .confirmed)
        }
    }
}

import Core
import Hummingbird

/// The routes of the back-office (`/office/…`) and the admin console (`/admin/…`).
struct OfficeRoutes: Sendable {
    let web: OfficeWeb

    func register(on router: Router<NailbookContext>) {
        SignInRoutes(web: web).register(on: router)
        let bookings = BookingPages(web: web)
        let console = AdminConsole(web: web)
        router.get("office") { request, _ -> Response in
            try await salonUser(request) { visit, merchant in
                web.page(TodayPage.make(web, visit, merchant: merchant), "office-today")
            }
        }
        router.get("office/calendar") { request, _ -> Response in
            try await salonUser(request) { visit, merchant in
                let date =
                    request.uri.queryParameters.get("date").flatMap { LocalDate(String($0)) }
                    ?? merchant.zone.localDateTime(at: visit.now).date
                return web.page(CalendarPage.make(web, visit, merchant: merchant, date: date), "office-calendar")
            }
        }
        router.get("office/changes") { request, _ -> Response in
            // The calendar's poll: the applied LSN, so an open page knows when to redraw.
            try await salonUser(request) { _, _ in
                var response = Response(
                    status: .ok, headers: [.contentType: "text/plain", .cacheControl: "no-store"],
                    body: .init(byteBuffer: .init(string: String(web.engine.store.appliedLSN))))
                response.headers[.xContentTypeOptions] = "nosniff"
                return response
            }
        }
        router.get("office/bookings/new") { request, _ -> Response in
            try await salonUser(request) { visit, merchant in bookings.newForm(request, visit, merchant: merchant) }
        }
        router.post("office/bookings") { request, _ -> Response in
            try await salonUser(request) { visit, merchant in try await bookings.create(request, visit, merchant: merchant) }
        }
        router.get("office/bookings/:bookingId") { request, context -> Response in
            try await salonUser(request) { visit, merchant in
                guard let booking = bookings.booking(context, visit, merchant: merchant) else {
                    return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
                }
                return bookings.detail(visit, merchant: merchant, booking)
            }
        }
        router.post("office/bookings/:bookingId/:action") { request, context -> Response in
            try await salonUser(request) { visit, merchant in
                guard let booking = bookings.booking(context, visit, merchant: merchant),
                    let action = context.parameters.get("action")
                else { return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound) }
                return try await bookings.act(action, request, visit, merchant: merchant, booking)
            }
        }
        router.get("admin") { request, _ -> Response in
            try await platformAdmin(request) { visit in console.salons(visit) }
        }
        router.post("admin/salons") { request, _ -> Response in
            try await platformAdmin(request) { visit in try await console.createSalon(request, visit) }
        }
        router.post("admin/salons/:merchantId/invites") { request, context -> Response in
            try await platformAdmin(request) { visit in try await console.inviteOwner(request, context, visit) }
        }
        router.post("admin/operators/invites") { request, _ -> Response in
            try await platformAdmin(request) { visit in try await console.inviteOperator(request, visit) }
        }
    }

    /// A page for a signed-in salon user; others go to the sign-in page.
    private func salonUser(
        _ request: Request, _ body: (OfficeWeb.Visit, Merchant) async throws -> Response
    ) async throws -> Response {
        let visit = web.visit(request, scope: .office)
        guard visit.session != nil, let merchantID = visit.merchantID, let merchant = web.engine.merchant(merchantID)
        else { return web.redirect("/office/signin") }
        return try await body(visit, merchant)
    }

    /// A page for a signed-in platform admin; others go to the sign-in page.
    private func platformAdmin(_ request: Request, _ body: (OfficeWeb.Visit) async throws -> Response) async throws
        -> Response
    {
        let visit = web.visit(request, scope: .admin)
        guard visit.session != nil else { return web.redirect("/admin/signin") }
        return try await body(visit)
    }
}

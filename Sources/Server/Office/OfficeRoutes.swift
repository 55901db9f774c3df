import Core
import Hummingbird

/// The routes of the back-office (`/office/…`) and the admin console (`/admin/…`).
struct OfficeRoutes: Sendable {
    let web: OfficeWeb

    func register(on router: Router<NailbookContext>) {
        SignInRoutes(web: web).register(on: router)
        SecondFactorPages(web: web).register(on: router)
        let bookings = BookingPages(web: web)
        let console = AdminConsole(web: web)
        let staffPages = StaffPages(web: web)
        let servicePages = ServicePages(web: web)
        let resourcePages = ResourcePages(web: web)
        let waitlistPage = WaitlistPage(web: web)
        let customerPages = CustomerPages(web: web)
        let notificationPages = NotificationPages(web: web)
        let reportPages = ReportPages(web: web)
        let userPages = UserPages(web: web)
        let linePage = LineSettingsPage(web: web)
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
                let query = request.uri.queryParameters
                let weekOf = query.get("view") == "week" ? query.get("staff").flatMap { StaffID(String($0)) } : nil
                return web.page(
                    CalendarPage.make(web, visit, merchant: merchant, date: date, weekOf: weekOf), "office-calendar")
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
            try await salonUser(request) { visit, merchant in
                try await bookings.create(request, visit, merchant: merchant)
            }
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
        router.get("office/waitlist") { request, _ -> Response in
            try await salonUser(request) { visit, merchant in waitlistPage.list(request, visit, merchant: merchant) }
        }
        router.post("office/waitlist/:entryId/remove") { request, context -> Response in
            try await salonUser(request) { visit, merchant in
                try await waitlistPage.remove(request, context, visit, merchant: merchant)
            }
        }
        router.get("office/staff") { request, _ -> Response in
            try await manager(request) { visit, merchant in staffPages.list(visit, merchant: merchant) }
        }
        router.post("office/staff") { request, _ -> Response in
            try await manager(request) { visit, merchant in
                try await staffPages.create(request, visit, merchant: merchant)
            }
        }
        router.get("office/staff/:staffId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let staff = staff(context, merchant) else { return notFound(visit) }
                return staffPages.edit(visit, merchant: merchant, staff)
            }
        }
        router.post("office/staff/:staffId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let staff = staff(context, merchant) else { return notFound(visit) }
                return try await staffPages.update(request, visit, merchant: merchant, staff)
            }
        }
        router.post("office/staff/:staffId/time-off") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let staff = staff(context, merchant) else { return notFound(visit) }
                return try await staffPages.timeOff(request, visit, merchant: merchant, staff)
            }
        }
        router.get("office/services") { request, _ -> Response in
            try await manager(request) { visit, merchant in servicePages.list(visit, merchant: merchant) }
        }
        router.post("office/services") { request, _ -> Response in
            try await manager(request) { visit, merchant in
                try await servicePages.create(request, visit, merchant: merchant)
            }
        }
        router.get("office/services/:serviceId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let service = service(context, merchant) else { return notFound(visit) }
                return servicePages.edit(visit, merchant: merchant, service)
            }
        }
        router.post("office/services/:serviceId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let service = service(context, merchant) else { return notFound(visit) }
                return try await servicePages.update(request, visit, merchant: merchant, service)
            }
        }
        router.get("office/resources") { request, _ -> Response in
            try await manager(request) { visit, merchant in resourcePages.list(visit, merchant: merchant) }
        }
        router.post("office/resources") { request, _ -> Response in
            try await manager(request) { visit, merchant in
                try await resourcePages.create(request, visit, merchant: merchant)
            }
        }
        router.get("office/resources/:resourceId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let resource = resource(context, merchant) else { return notFound(visit) }
                return resourcePages.edit(visit, merchant: merchant, resource)
            }
        }
        router.post("office/resources/:resourceId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let resource = resource(context, merchant) else { return notFound(visit) }
                return try await resourcePages.update(request, visit, merchant: merchant, resource)
            }
        }
        router.get("office/customers") { request, _ -> Response in
            try await manager(request) { visit, merchant in customerPages.list(request, visit, merchant: merchant) }
        }
        router.get("office/customers/:customerId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let customer = customer(context, merchant) else { return notFound(visit) }
                return customerPages.record(visit, merchant: merchant, customer)
            }
        }
        router.post("office/customers/:customerId") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let customer = customer(context, merchant) else { return notFound(visit) }
                return try await customerPages.update(request, visit, merchant: merchant, customer)
            }
        }
        router.post("office/customers/:customerId/clear-record") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let customer = customer(context, merchant) else { return notFound(visit) }
                return try await customerPages.clearRecord(request, visit, merchant: merchant, customer)
            }
        }
        router.post("office/customers/:customerId/erase") { request, context -> Response in
            try await manager(request) { visit, merchant in
                guard let customer = customer(context, merchant) else { return notFound(visit) }
                return try await customerPages.erase(request, visit, merchant: merchant, customer)
            }
        }
        router.get("office/notifications") { request, _ -> Response in
            try await manager(request) { visit, merchant in notificationPages.list(request, visit, merchant: merchant) }
        }
        router.post("office/notifications/:notificationId/resend") { request, context -> Response in
            try await manager(request) { visit, merchant in
                try await notificationPages.resend(request, context, visit, merchant: merchant)
            }
        }
        router.get("office/reports") { request, _ -> Response in
            try await manager(request) { visit, merchant in reportPages.page(request, visit, merchant: merchant) }
        }
        router.get("office/reports/export") { request, _ -> Response in
            try await manager(request) { visit, merchant in reportPages.export(request, visit, merchant: merchant) }
        }
        router.get("office/users") { request, _ -> Response in
            try await owner(request) { visit, merchant in userPages.list(visit, merchant: merchant) }
        }
        router.post("office/users/invites") { request, _ -> Response in
            try await owner(request) { visit, merchant in try await userPages.invite(request, visit, merchant: merchant)
            }
        }
        router.post("office/users/:userId/remove") { request, context -> Response in
            try await owner(request) { visit, merchant in
                try await userPages.remove(request, context, visit, merchant: merchant)
            }
        }
        router.get("office/line") { request, _ -> Response in
            try await owner(request) { visit, merchant in
                linePage.page(visit, merchant: merchant, saved: request.uri.queryParameters.get("saved") == "1")
            }
        }
        router.post("office/line") { request, _ -> Response in
            try await owner(request) { visit, merchant in try await linePage.save(request, visit, merchant: merchant) }
        }
        router.get("office/password") { request, _ -> Response in
            try await salonUser(request) { visit, _ in userPages.passwordForm(visit) }
        }
        router.post("office/password") { request, _ -> Response in
            try await salonUser(request) { visit, _ in try await userPages.changePassword(request, visit) }
        }
        router.get("admin") { request, _ -> Response in
            try await platformAdmin(request) { visit in console.salons(visit) }
        }
        router.get("admin/node") { request, _ -> Response in
            try await platformAdmin(request) { visit in AdminNodePage(web: web).page(visit) }
        }
        router.get("admin/line") { request, _ -> Response in
            try await platformAdmin(request) { visit in AdminLinePage(web: web).page(visit) }
        }
        router.post("admin/salons") { request, _ -> Response in
            try await platformAdmin(request) { visit in try await console.createSalon(request, visit) }
        }
        router.post("admin/salons/:merchantId/invites") { request, context -> Response in
            try await platformAdmin(request) { visit in try await console.inviteOwner(request, context, visit) }
        }
        router.post("admin/salons/:merchantId/suspend") { request, context -> Response in
            try await platformAdmin(request) { visit in try await console.setSuspended(true, request, context, visit) }
        }
        router.post("admin/salons/:merchantId/resume") { request, context -> Response in
            try await platformAdmin(request) { visit in try await console.setSuspended(false, request, context, visit) }
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

    /// A settings page: owners and managers only; a staff account gets the 403 page.
    private func manager(
        _ request: Request, _ body: (OfficeWeb.Visit, Merchant) async throws -> Response
    ) async throws -> Response {
        try await salonUser(request) { visit, merchant in
            guard visit.account?.role == .owner || visit.account?.role == .manager else { return web.forbidden(visit) }
            return try await body(visit, merchant)
        }
    }

    /// The salon's users and LINE credentials: owners only.
    private func owner(
        _ request: Request, _ body: (OfficeWeb.Visit, Merchant) async throws -> Response
    ) async throws -> Response {
        try await salonUser(request) { visit, merchant in
            guard visit.account?.role == .owner else { return web.forbidden(visit) }
            return try await body(visit, merchant)
        }
    }

    private func staff(_ context: NailbookContext, _ merchant: Merchant) -> Staff? {
        context.parameters.get("staffId").flatMap { StaffID($0) }.flatMap {
            web.engine.staff($0, merchantID: merchant.id)
        }
    }

    private func service(_ context: NailbookContext, _ merchant: Merchant) -> Service? {
        context.parameters.get("serviceId").flatMap { ServiceID($0) }.flatMap {
            web.engine.service($0, merchantID: merchant.id)
        }
    }

    private func resource(_ context: NailbookContext, _ merchant: Merchant) -> Resource? {
        context.parameters.get("resourceId").flatMap { ResourceID($0) }.flatMap {
            web.engine.resource($0, merchantID: merchant.id)
        }
    }

    private func customer(_ context: NailbookContext, _ merchant: Merchant) -> Customer? {
        context.parameters.get("customerId").flatMap { CustomerID($0) }.flatMap {
            web.engine.customer($0, merchantID: merchant.id)
        }
    }

    private func notFound(_ visit: OfficeWeb.Visit) -> Response {
        web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
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

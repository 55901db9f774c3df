import Core
import Hummingbird

/// The routes of the customer booking pages, `/book/{merchantId}/…` (the LIFF endpoint URL is `/book/{m}`).
struct CustomerPageRoutes: Sendable {
    let web: CustomerWeb

    func register(on router: Router<NailbookContext>) {
        let signIn = SignInPages(web: web)
        let flow = BookingFlow(web: web)
        let mine = MyBookings(web: web)
        let waitlist = WaitlistPages(web: web)
        let book = router.group("book/:merchantId")
        book.get { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            if let closed = web.closedRefusal(visit) { return closed.response }
            guard visit.session != nil else { return signIn.signInPage(visit) }
            return web.page(
                MenuPage.make(
                    web, visit,
                    notice: request.uri.queryParameters.get("notice") == "hold_expired"
                        ? "hold_expired" : nil), "menu")
        }
        book.post("session") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await signIn.exchange(request, visit)
        }
        book.post("demo-session") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await signIn.demo(request, visit)
        }
        book.get("times") { request, context -> Response in
            try await signedIn(request, context) { visit, _ in
                if let closed = web.closedRefusal(visit) { return closed.response }
                return await flow.times(request, visit)
            }
        }
        book.post("holds") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            if let closed = web.closedRefusal(visit) { return closed.response }
            return try await flow.hold(request, visit)
        }
        book.post("visits") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            if let closed = web.closedRefusal(visit) { return closed.response }
            return try await flow.bookVisit(request, visit)
        }
        book.get("holds/:holdId") { request, context -> Response in
            try await signedIn(request, context) { visit, session in flow.holdPage(context, visit, session) }
        }
        book.post("holds/:holdId/confirm") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await flow.confirm(request, context, visit)
        }
        book.post("holds/:holdId/release") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await flow.release(request, context, visit)
        }
        book.post("waitlist") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            if let closed = web.closedRefusal(visit) { return closed.response }
            return try await waitlist.join(request, visit)
        }
        book.post("waitlist/:entryId/accept") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            if let closed = web.closedRefusal(visit) { return closed.response }
            return try await waitlist.accept(request, context, visit)
        }
        book.post("waitlist/:entryId/leave") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await waitlist.leave(request, context, visit)
        }
        book.get("bookings") { request, context -> Response in
            try await signedIn(request, context) { visit, session in mine.list(request, visit, session) }
        }
        book.get("bookings/:bookingId") { request, context -> Response in
            try await signedIn(request, context) { visit, session in mine.detail(request, context, visit, session) }
        }
        book.post("bookings/:bookingId/cancel") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await mine.cancel(request, context, visit)
        }
        book.get("bookings/:bookingId/reschedule") { request, context -> Response in
            try await signedIn(request, context) { visit, session in
                await mine.rescheduleTimes(request, context, visit, session)
            }
        }
        book.post("bookings/:bookingId/reschedule") { request, context -> Response in
            guard let visit = web.visit(request, context) else { return web.notFound(nil) }
            return try await mine.reschedule(request, context, visit)
        }
    }

    /// A page for signed-in customers; others go to the sign-in page.
    private func signedIn(
        _ request: Request, _ context: NailbookContext,
        _ body: (CustomerWeb.Visit, CustomerSession) async throws -> Response
    ) async throws -> Response {
        guard let visit = web.visit(request, context) else { return web.notFound(nil) }
        guard let session = visit.session else { return web.redirect("/book/\(visit.merchant.id)") }
        return try await body(visit, session)
    }
}

import Core
import Hummingbird

/// `/v1/merchants/{m}/invites` and `/v1/merchants/{m}/users`: the salon's back-office accounts. An invite's link
/// (its token) is shown once; the account itself is made by whoever opens the link and sets a password.
struct UserRoutes {
    let api: API
    /// Where invite links point (`NAILBOOK_PUBLIC_URL`, else the request's Host).
    let web: WebConfiguration

    struct InviteBody: Decodable {
        var role: String
        var staffId: String?
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/invites") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(InviteBody.self, from: request, context: context)
            guard let role = UserRole(name: body.role), role.isSalonRole else {
                throw Problem.invalid("role", "role must be one of owner, manager, staff")
            }
            let staffID: StaffID? = try body.staffId.map { text in
                guard let id = StaffID(text) else { throw Problem.invalid("staffId", "not a staff id") }
                return id
            }
            let (token, link) = InviteLinks.make(baseURL: web.linkBase(host: request.head.authority), operator: false)
            let invite = try await api.engine.createInvite(
                merchantID: merchant.id, role: role, staffID: staffID, digest: OfficeWeb.inviteDigest(token),
                api.command(context)
            ).orProblem()
            return JSONResponse.make(.created) { json in
                json.object { json in
                    json.field("id", invite.id.description)
                    json.field("role", invite.role.name)
                    json.field("staffId", invite.staffID?.description)
                    json.field("url", link)
                    json.time("expiresAt", invite.expiresAt, merchant.zone)
                }
            }
        }
        router.get("merchants/:merchantId/users") { _, context in
            let merchant = try api.merchant(context)
            let users = api.engine.accounts(of: merchant.id)
            return JSONResponse.make { json in
                json.object { json in
                    json.field("users") { json in
                        json.array(users) { json, user in user.write(to: &json, zone: merchant.zone) }
                    }
                }
            }
        }
        router.delete("merchants/:merchantId/users/:userId") { _, context in
            let merchant = try api.merchant(context)
            let id: UserID = try api.pathID("userId", context)
            guard api.engine.account(id)?.merchantID == merchant.id else { throw Problem.notFound("user") }
            _ = try await api.engine.updateAccount(id, api.command(context)) { $0.removed = true }.orProblem()
            return JSONResponse.noContent()
        }
    }
}

extension UserAccount {
    /// The account as the API shows it: never its password hash or second factor.
    func write(to json: inout JSONWriter, zone: ZoneRules) {
        json.object { json in
            json.field("id", id.description)
            json.field("role", role.name)
            json.field("login", login)
            json.field("displayName", displayName)
            json.field("staffId", staffID?.description)
            json.field("secondFactor", sealedTOTPSecret != nil)
            json.time("createdAt", createdAt, zone)
        }
    }
}

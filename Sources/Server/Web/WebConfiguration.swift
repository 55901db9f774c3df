import Crypto
import Foundation

/// How the customer pages run: session signing, demo sign-in, where LINE Login and the LIFF SDK are.
public struct WebConfiguration: Sendable {
    /// Signs session cookies and derives CSRF tokens (32 bytes; see ``SessionKey``).
    public var sessionKey: [UInt8]
    /// The base URL customers reach this server at (`NAILBOOK_PUBLIC_URL`); https makes cookies `Secure`.
    public var publicBaseURL = "http://127.0.0.1:8080" {
        didSet { publicBaseURLIsSet = true }
    }
    /// Whether the public URL was given; without it, links the server hands out (invites) use the request's Host.
    public private(set) var publicBaseURLIsSet = false
    /// Offer the "demo customer" sign-in on every salon (`--demo`).
    public var demoSignIn = false
    /// Offer the demo sign-in on salons without a LINE channel (`NAILBOOK_DEV_DEMO_LOGIN=1`).
    public var devDemoSignIn = false
    /// LINE Login's API base URL (`LINE_LOGIN_API_BASE`); tests point it at a fake.
    public var lineLoginAPIBase = "https://api.line.me"
    /// The LIFF SDK script (`NAILBOOK_LIFF_SDK_URL`); tests serve a stub `window.liff` instead.
    public var liffSDKURL = "https://static.line-scdn.net/liff/edge/2/sdk.js"
    /// How long a customer session lasts.
    public var sessionLifetimeSeconds: Int64 = 7 * 24 * 3600
    /// Live holds one customer may have at once (`NAILBOOK_HOLDS_PER_CUSTOMER_MAX`), so nobody squats slots.
    public var holdsPerCustomerMax = 3
    /// Days shown in the date strip (never beyond the salon's booking window).
    public var dateStripDays = 14
    /// The bcrypt cost of salon users' and operators' passwords (at least 10).
    public var bcryptCost: UInt8 = 10

    /// Creates a configuration with a fresh random session key (tests; `nailbook serve` loads a stable one).
    public init() {
        sessionKey = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// The base of links handed out in answer to a request that came to `host` (its Host header).
    func linkBase(host: String?) -> String {
        guard !publicBaseURLIsSet, let host, !host.isEmpty else { return publicBaseURL }
        return "http://" + host
    }

    /// Whether cookies get the `Secure` attribute.
    public var secureCookies: Bool { publicBaseURL.lowercased().hasPrefix("https://") }

    /// The origin (scheme://host[:port]) of a URL, for CSP and Origin checks.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            let host = components.host
        else { return nil }
        return components.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// Reads the environment over the defaults; a malformed number is an error that says which.
    public mutating func apply(environment: [String: String]) throws {
        if let url = environment["NAILBOOK_PUBLIC_URL"], !url.isEmpty { publicBaseURL = url }
        if let base = environment["LINE_LOGIN_API_BASE"], !base.isEmpty { lineLoginAPIBase = base }
        if let sdk = environment["NAILBOOK_LIFF_SDK_URL"], !sdk.isEmpty { liffSDKURL = sdk }
        if environment["NAILBOOK_DEV_DEMO_LOGIN"] == "1" { devDemoSignIn = true }
        if let text = environment["NAILBOOK_HOLDS_PER_CUSTOMER_MAX"] {
            guard let value = Int(text), (1...20).contains(value) else {
                throw LineConfigurationError(description: "NAILBOOK_HOLDS_PER_CUSTOMER_MAX must be 1 to 20")
            }
            holdsPerCustomerMax = value
        }
    }
}

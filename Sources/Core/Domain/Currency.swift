/// The currency of a salon's prices: the platform serves Taiwan, Japan and Thailand.
public enum Currency: String, Hashable, Sendable, CaseIterable {
    /// New Taiwan dollar.
    case twd = "TWD"
    /// Japanese yen.
    case jpy = "JPY"
    /// Thai baht.
    case thb = "THB"

    /// The currency a salon in `zoneIdentifier` most likely uses: the default of a new merchant given none, and of
    /// merchants recorded before the currency was stored.
    public static func byTimeZone(_ zoneIdentifier: String) -> Currency {
        switch zoneIdentifier {
        case "Asia/Tokyo": return .jpy
        case "Asia/Bangkok": return .thb
        default: return .twd
        }
    }
}

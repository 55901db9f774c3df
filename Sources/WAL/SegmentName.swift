/// Segment file names: `wal-<first LSN as 20 zero-padded digits>.seg`, so a listing sorted by name is sorted by LSN
/// and the first LSN of every file is visible without opening it.
public enum SegmentName {
    /// Prefix of every segment file name.
    public static let prefix = "wal-"
    /// Suffix of every segment file name.
    public static let suffix = ".seg"
    /// Added to a segment name while the segment is being created; such a file is never part of the log.
    public static let temporarySuffix = ".tmp"
    /// Added to a segment name when `WriteAheadLog.repair` sets the segment aside; never part of the log.
    public static let brokenSuffix = ".broken"
    /// Digits of the LSN in a name: enough for every `UInt64`.
    static let digitCount = 20

    /// The file name of the segment whose first LSN is `firstLSN`.
    public static func fileName(firstLSN: UInt64) -> String {
        let digits = String(firstLSN)
        precondition(digits.count <= digitCount, "LSN wider than the name allows")
        return prefix + String(repeating: "0", count: digitCount - digits.count) + digits + suffix
    }

    /// The first LSN a segment file name states, or nil when `name` is not exactly a segment file name.
    public static func firstLSN(of name: String) -> UInt64? {
        let utf8 = Array(name.utf8)
        guard utf8.count == prefix.utf8.count + digitCount + suffix.utf8.count,
            name.hasPrefix(prefix), name.hasSuffix(suffix)
        else {
            return nil
        }
        let digits = utf8[prefix.utf8.count..<(prefix.utf8.count + digitCount)]
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        guard let lsn = UInt64(String(decoding: digits, as: UTF8.self)), fileName(firstLSN: lsn) == name else {
            return nil
        }
        return lsn
    }

    /// The segment files in a directory listing, sorted by first LSN.
    package static func segments(in names: [String]) -> [(name: String, firstLSN: UInt64)] {
        names.compactMap { name in firstLSN(of: name).map { (name, $0) } }.sorted { $0.firstLSN < $1.firstLSN }
    }

    /// `directory/name`.
    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

/// Latencies in nanoseconds, counted in log-linear buckets: 16 per power of two, so a percentile is reported
/// within 1/16 (6.25 %) of the true value, from a fixed 976 counters whatever the sample count. The maximum is
/// kept exactly.
struct LatencyHistogram: Sendable {
    /// Sub-buckets per power of two (a power of two itself).
    private static let subBuckets = 16
    private static let subBucketBits = 4
    /// Values below `subBuckets` get one bucket each; each power of two from 2^4 to 2^63 gets `subBuckets`.
    private static let bucketCount = (64 - subBucketBits + 1) * subBuckets

    private var counts = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount)
    private(set) var count: UInt64 = 0
    private(set) var maxNanoseconds: UInt64 = 0
    private(set) var sumNanoseconds: UInt64 = 0

    /// Counts one latency.
    mutating func record(_ nanoseconds: UInt64) {
        let index = Self.bucket(of: nanoseconds)
        precondition(index < counts.count, "bucket index out of range")
        counts[index] += 1
        count += 1
        sumNanoseconds &+= nanoseconds
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
    }

    /// Adds another histogram's counts to this one.
    mutating func merge(_ other: LatencyHistogram) {
        precondition(counts.count == other.counts.count, "histograms of different shapes")
        for index in counts.indices { counts[index] += other.counts[index] }
        count += other.count
        sumNanoseconds &+= other.sumNanoseconds
        maxNanoseconds = max(maxNanoseconds, other.maxNanoseconds)
    }

    /// The latency at quantile `q` (0...1): the upper edge of the bucket holding it, never above the maximum.
    func percentile(_ q: Double) -> UInt64 {
        precondition((0...1).contains(q), "quantile outside 0...1")
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((Double(count) * q).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() {
            seen += bucketCount
            if seen >= rank { return min(Self.upperEdge(of: index), maxNanoseconds) }
        }
        return maxNanoseconds
    }

    /// The mean latency.
    var meanNanoseconds: Double { count == 0 ? 0 : Double(sumNanoseconds) / Double(count) }

    static func bucket(of value: UInt64) -> Int {
        if value < UInt64(subBuckets) { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount
        let sub = Int((value >> UInt64(exponent - subBucketBits)) & UInt64(subBuckets - 1))
        return (exponent - subBucketBits + 1) * subBuckets + sub
    }

    static func upperEdge(of index: Int) -> UInt64 {
        if index < subBuckets { return UInt64(index) }
        let exponent = index / subBuckets + subBucketBits - 1
        let sub = UInt64(index % subBuckets)
        let width = UInt64(1) << UInt64(exponent - subBucketBits)
        let lower = (UInt64(subBuckets) + sub) * width
        return lower + (width - 1)
    }
}

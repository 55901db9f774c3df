/// One record of a frame: an opaque byte string and the log sequence number it was assigned.
public struct FrameRecord: Sendable, Equatable {
    /// Log sequence number: the frame's `firstLSN` plus the record's index in the frame.
    public var lsn: UInt64
    /// The record's bytes, exactly as given to the encoder.
    public var payload: [UInt8]

    /// Creates a record.
    public init(lsn: UInt64, payload: [UInt8]) {
        self.lsn = lsn
        self.payload = payload
    }
}

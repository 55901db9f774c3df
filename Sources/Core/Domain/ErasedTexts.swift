/// The free texts a customer's erasure blanks in their bookings: notes, cancel reasons, and the reasons in their
/// histories (ids, times, service, staff and status stay for the salon's figures).
public enum ErasedTexts {
    /// Blanks a booking's note and cancel reason.
    public static func erase(_ booking: inout Booking) {
        booking.note = ""
        if booking.cancelReason != nil { booking.cancelReason = "" }
    }

    /// Blanks the cancel reasons of a history.
    public static func erase(_ changes: inout [BookingChange]) {
        for index in changes.indices {
            if case .cancelled(.some) = changes[index].action { changes[index].action = .cancelled(reason: "") }
        }
    }
}

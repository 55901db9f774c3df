extension SnapshotFormatV1 {
    /// Fewest bytes a merchant takes with its three member counts.
    private static let merchantBytesMin = 12
    /// Fewest bytes a staff member takes: ids, name, flag, two counts and an absent service set.
    private static let staffBytesMin = 7
    /// Fewest bytes a service takes: ids, name, four integers, flag and an absent staff set.
    private static let serviceBytesMin = 9
    /// Fewest bytes a customer takes: ids, name, two absent optionals and the creation instant.
    private static let customerBytesMin = 6
    /// Fewest bytes a history change takes: instant, tag and origin.
    static let changeBytesMin = 5
    /// Fewest bytes a remembered idempotency key takes: key, fingerprint, booking id and expiry.
    private static let rememberedBytesMin = DomainFormatV1.idempotencyKeyBytesMin + 8 + 2

    /// Reads a state (the version byte already read), checking that its parts fit together.
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineState {
        let appliedLSN = try reader.readVarUInt()
        let catalog = try readCatalog(&reader)
        let (bookings, changes) = try readBookings(&reader)
        let holds = try readHolds(&reader)
        let idempotency = try readRemembered(&reader, bookings: bookings)
        let ledger = Ledger(bookings: bookings, holds: holds, idempotency: idempotency, changes: changes)
        let keyRing = try readKeyRing(&reader)
        return EngineState(catalog: catalog, ledger: ledger, keyRing: keyRing, appliedLSN: appliedLSN)
    }

    /// Reads the API keys and rebuilds the key ring (and its digest index) by issuing each one again.
    private static func readKeyRing(_ reader: inout ByteReader) throws(CodecError) -> KeyRing {
        let count = try reader.readCount(elementBytesMin: DomainFormatV1.apiKeyBytesMin)
        var keyRing = KeyRing()
        var previous: ApiKeyID?
        for _ in 0..<count {
            let start = reader.offset
            let key = try DomainFormatV1.readApiKey(&reader)
            try requireAscending(key.id, after: previous, "API keys", at: start)
            previous = key.id
            do throws(InconsistentEvent) {
                let issued = try keyRing.apply(.apiKeyIssued(key))
                precondition(issued, "the key ring ignored an issued key")
            } catch {
                throw CodecError(.inconsistentSnapshot, "\(key.id) shares its digest with another key", offset: start)
            }
        }
        return keyRing
    }

    private static func readCatalog(_ reader: inout ByteReader) throws(CodecError) -> Catalog {
        let merchantCount = try reader.readCount(elementBytesMin: merchantBytesMin)
        var merchants: [MerchantID: Merchant] = Dictionary(minimumCapacity: merchantCount)
        var staff: [StaffID: Staff] = [:]
        var services: [ServiceID: Service] = [:]
        var customers: [CustomerID: Customer] = [:]
        var members: [MerchantID: MerchantMembers] = [:]
        var lineUsers: [LineUserKey: CustomerID] = [:]
        var previous: MerchantID?
        for _ in 0..<merchantCount {
            let start = reader.offset
            let merchant = try DomainFormatV1.readMerchant(&reader)
            try requireAscending(merchant.id, after: previous, "merchants", at: start)
            previous = merchant.id
            merchants[merchant.id] = merchant
            var list = MerchantMembers()
            list.staff = try readMembers(
                of: merchant.id, bytesMin: staffBytesMin, into: &staff, &reader, DomainFormatV1.readStaff
            ) { ($0.id, $0.merchantID) }
            list.services = try readMembers(
                of: merchant.id, bytesMin: serviceBytesMin, into: &services, &reader, DomainFormatV1.readService
            ) { ($0.id, $0.merchantID) }
            list.customers = try readMembers(
                of: merchant.id, bytesMin: customerBytesMin, into: &customers, &reader, DomainFormatV1.readCustomer
            ) { ($0.id, $0.merchantID) }
            try indexLineUsers(of: list.customers, in: customers, into: &lineUsers, at: start)
            if !(list.staff.isEmpty && list.services.isEmpty && list.customers.isEmpty) { members[merchant.id] = list }
        }
        return Catalog(
            merchants: merchants,
            staff: staff,
            services: services,
            customers: customers,
            members: members,
            customersByLineUser: lineUsers
        )
    }

    /// Reads one member list of a merchant; each must belong to that merchant and have an id not seen before.
    private static func readMembers<Kind, Value>(
        of merchantID: MerchantID,
        bytesMin: Int,
        into entities: inout [Identifier<Kind>: Value],
        _ reader: inout ByteReader,
        _ read: (inout ByteReader) throws(CodecError) -> Value,
        identify: (Value) -> (id: Identifier<Kind>, merchantID: MerchantID)
    ) throws(CodecError) -> [Identifier<Kind>] {
        let count = try reader.readCount(elementBytesMin: bytesMin)
        var ids: [Identifier<Kind>] = []
        ids.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            let entity = try read(&reader)
            let (id, owner) = identify(entity)
            guard owner == merchantID else {
                throw CodecError(
                    .inconsistentSnapshot, "\(id) listed under \(merchantID) belongs to \(owner)", offset: start)
            }
            guard entities.updateValue(entity, forKey: id) == nil else {
                throw CodecError(.inconsistentSnapshot, "\(id) appears twice", offset: start)
            }
            ids.append(id)
        }
        return ids
    }

    /// Derives the LINE user index of one merchant's customers; a LINE user id must name one customer only.
    private static func indexLineUsers(
        of ids: [CustomerID],
        in customers: [CustomerID: Customer],
        into index: inout [LineUserKey: CustomerID],
        at offset: Int
    ) throws(CodecError) {
        for id in ids {
            guard let customer = customers[id] else { preconditionFailure("customer \(id) listed but not read") }
            guard let lineUserID = customer.lineUserID else { continue }
            let key = LineUserKey(merchantID: customer.merchantID, lineUserID: lineUserID)
            guard index.updateValue(id, forKey: key) == nil else {
                throw CodecError(
                    .inconsistentSnapshot,
                    "two customers of \(customer.merchantID) share a LINE user id",
                    offset: offset
                )
            }
        }
    }

    private static func readBookings(
        _ reader: inout ByteReader
    ) throws(CodecError) -> ([Booking], [BookingID: [BookingChange]]) {
        let count = try reader.readCount(elementBytesMin: DomainFormatV1.bookingBytesMin + 1)
        var bookings: [Booking] = []
        bookings.reserveCapacity(count)
        // Gathered in a list first so that the dictionary is built once at its final size.
        var histories: [(BookingID, [BookingChange])] = []
        var previous: BookingID?
        for _ in 0..<count {
            let start = reader.offset
            let booking = try DomainFormatV1.readBooking(&reader)
            try requireAscending(booking.id, after: previous, "bookings", at: start)
            previous = booking.id
            let changeCount = try reader.readCount(elementBytesMin: changeBytesMin)
            if changeCount > 0 {
                var history: [BookingChange] = []
                history.reserveCapacity(changeCount)
                for _ in 0..<changeCount { history.append(try DomainFormatV1.readChange(&reader)) }
                histories.append((booking.id, history))
            }
            bookings.append(booking)
        }
        var changes: [BookingID: [BookingChange]] = Dictionary(minimumCapacity: histories.count)
        for (id, history) in histories { changes[id] = history }
        return (bookings, changes)
    }

    private static func readHolds(_ reader: inout ByteReader) throws(CodecError) -> [HoldID: Hold] {
        let count = try reader.readCount(elementBytesMin: DomainFormatV1.holdBytesMin)
        var holds: [HoldID: Hold] = Dictionary(minimumCapacity: count)
        var previous: HoldID?
        for _ in 0..<count {
            let start = reader.offset
            let hold = try DomainFormatV1.readHold(&reader)
            try requireAscending(hold.id, after: previous, "holds", at: start)
            previous = hold.id
            holds[hold.id] = hold
        }
        return holds
    }

    /// Reads the remembered idempotency keys; each must name a booking of the snapshot.
    private static func readRemembered(
        _ reader: inout ByteReader,
        bookings: [Booking]
    ) throws(CodecError) -> [IdempotencyKey: Ledger.RememberedCreation] {
        let count = try reader.readCount(elementBytesMin: rememberedBytesMin)
        var remembered: [IdempotencyKey: Ledger.RememberedCreation] = Dictionary(minimumCapacity: count)
        var previous: IdempotencyKey?
        for _ in 0..<count {
            let start = reader.offset
            let key = try DomainFormatV1.readIdempotencyKey(&reader)
            let fingerprint = try reader.readUInt64()
            let bookingID: BookingID = try DomainFormatV1.readID(&reader)
            let expiresAt = try DomainFormatV1.readInstant(&reader)
            guard previous.map({ precedes($0, key) }) ?? true else {
                throw CodecError(.inconsistentSnapshot, "idempotency keys not in ascending order", offset: start)
            }
            previous = key
            guard contains(bookingID, in: bookings) else {
                throw CodecError(.inconsistentSnapshot, "idempotency key names unknown \(bookingID)", offset: start)
            }
            let creation = Ledger.RememberedCreation(
                fingerprint: fingerprint, bookingID: bookingID, expiresAt: expiresAt)
            // Keys in ascending byte order can still be equal as strings (canonically equivalent forms).
            guard remembered.updateValue(creation, forKey: key) == nil else {
                throw CodecError(.inconsistentSnapshot, "idempotency key appears twice", offset: start)
            }
        }
        return remembered
    }

    /// Throws unless `id` comes strictly after `previous`, which makes ids unique and the encoding canonical.
    static func requireAscending<Kind>(
        _ id: Identifier<Kind>,
        after previous: Identifier<Kind>?,
        _ what: String,
        at offset: Int
    ) throws(CodecError) {
        guard let previous, id <= previous else { return }
        throw CodecError(.inconsistentSnapshot, "\(what) not in ascending id order at \(id)", offset: offset)
    }

    /// Whether `id` is among `bookings`, which are in ascending id order (binary search).
    private static func contains(_ id: BookingID, in bookings: [Booking]) -> Bool {
        var low = 0
        var high = bookings.count
        while low < high {
            let middle = (low + high) / 2
            if bookings[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < bookings.count && bookings[low].id == id
    }
}

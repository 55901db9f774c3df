import Testing
import WAL

@Suite("Torn tails, corruption and repair")
struct TruncationAndRepairTests {
    @Test("cutting the last frame at every byte loses only that frame's records", arguments: [false, true])
    func everyCut(compression: Bool) async throws {
        let options = WALFixtures.options(compression: compression)
        let (storage, records) = try await WALFixtures.buildLog(seed: 601, batchCount: 30, options: options)
        let names = try WALFixtures.segmentNames(storage)
        #expect(names.count >= 3)
        let lastName = try #require(names.last)
        let lastPath = WALFixtures.path(lastName)
        let bytes = try #require(storage.contents(of: lastPath))
        let lastFrame = try #require(try WALFixtures.frames(of: bytes).last)
        let kept = Array(records.prefix(Int(lastFrame.header.firstLSN) - 1))
        for cut in lastFrame.offset...bytes.count {
            let damaged = try storage.copy()
            damaged.setContents(of: lastPath, to: Array(bytes.prefix(cut)))
            let (log, recovery) = try WALFixtures.open(damaged, options: options)
            let whole = cut == bytes.count
            let torn = !whole && cut > lastFrame.offset
            #expect(recovery.droppedBytes == (torn ? cut - lastFrame.offset : 0), "cut \(cut)")
            #expect(recovery.tornTailSegment == (torn ? lastName : nil), "cut \(cut)")
            #expect(recovery.lastLSN == (whole ? UInt64(records.count) : UInt64(kept.count)), "cut \(cut)")
            #expect(try WALFixtures.replay(log).map(\.payload) == (whole ? records : kept), "cut \(cut)")
            #expect(damaged.contents(of: lastPath)?.count == (whole ? bytes.count : lastFrame.offset), "cut \(cut)")
            #expect(try await log.append([42]) == recovery.lastLSN + 1, "cut \(cut)")
            await log.close()
        }
    }

    /// Where to damage a frame: its payload (header still readable) or its header.
    enum Damage: CaseIterable, Sendable {
        case payload
        case header
    }

    @Test(
        "a damaged frame with valid frames after it: open refuses, repair cuts, the log goes on",
        arguments: Damage.allCases, [false, true])
    func corruptFrame(damage: Damage, inLastSegment: Bool) async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 611, batchCount: 50)
        let names = try WALFixtures.segmentNames(storage)
        #expect(names.count >= 4)
        let damagedName = inLastSegment ? names[names.count - 1] : names[1]
        let originals = Dictionary(
            uniqueKeysWithValues: names.map { ($0, storage.contents(of: WALFixtures.path($0))!) })
        let frames = try WALFixtures.frames(of: originals[damagedName]!)
        #expect(frames.count >= 3)
        let target = frames[frames.count / 2]
        var bytes = originals[damagedName]!
        bytes[target.offset + (damage == .payload ? FrameHeader.size + 1 : 30)] ^= 0x10
        storage.setContents(of: WALFixtures.path(damagedName), to: bytes)

        let refused = #expect(throws: WALError.self) { try WALFixtures.open(storage) }
        #expect(refused?.code == .corruption)
        #expect(refused?.segment == damagedName && refused?.offset == target.offset)
        #expect(refused?.lsn == target.header.firstLSN)
        #expect(refused?.formatError?.code == (damage == .payload ? .payloadChecksum : .headerChecksum))

        let report = try WriteAheadLog.repair(directory: WALFixtures.directory, storage: storage)
        let later = names.drop { $0 != damagedName }.dropFirst()
        let framesAfter = try later.reduce(frames.count - frames.count / 2) { count, name in
            count + (try WALFixtures.frames(of: originals[name]!).count)
        }
        #expect(report.repaired && report.damagedSegment == damagedName && report.damagedOffset == target.offset)
        #expect(report.lastLSNKept == target.header.firstLSN - 1 && report.lastLSNSeen == UInt64(records.count))
        #expect(report.recordsDiscarded == UInt64(records.count) - target.header.firstLSN + 1)
        #expect(report.framesDiscarded == framesAfter - (damage == .header ? 1 : 0))
        #expect(report.unreadableBytes == (damage == .header ? target.header.frameLength : 0))
        #expect(report.brokenFiles == ([damagedName] + later).map { $0 + ".broken" })
        #expect(storage.contents(of: WALFixtures.path(damagedName + ".broken")) == bytes)
        for name in later {
            #expect(storage.contents(of: WALFixtures.path(name + ".broken")) == originals[name])
            #expect(storage.contents(of: WALFixtures.path(name)) == nil)
        }
        #expect(storage.contents(of: WALFixtures.path(damagedName)) == Array(bytes.prefix(target.offset)))

        let (log, recovery) = try WALFixtures.open(storage)
        #expect(recovery.lastLSN == report.lastLSNKept && recovery.droppedBytes == 0)
        #expect(try WALFixtures.replay(log).map(\.payload) == Array(records.prefix(Int(report.lastLSNKept))))
        #expect(try await log.append([1, 2]) == report.lastLSNKept + 1)
        await log.close()
        let again = try WriteAheadLog.repair(directory: WALFixtures.directory, storage: storage)
        #expect(!again.repaired && again.recordsDiscarded == 0 && again.lastLSNKept == report.lastLSNKept + 1)
    }

    @Test("repair sets aside a middle segment with a bad header and everything after it")
    func corruptSegmentHeader() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 621, batchCount: 50)
        let names = try WALFixtures.segmentNames(storage)
        let damagedName = names[2]
        var bytes = storage.contents(of: WALFixtures.path(damagedName))!
        bytes[20] ^= 1
        storage.setContents(of: WALFixtures.path(damagedName), to: bytes)
        let refused = #expect(throws: WALError.self) { try WALFixtures.open(storage) }
        let firstLSN = try #require(SegmentName.firstLSN(of: damagedName))
        #expect(refused?.code == .corruption && refused?.segment == damagedName && refused?.lsn == firstLSN)
        let report = try WriteAheadLog.repair(directory: WALFixtures.directory, storage: storage)
        #expect(report.damagedSegmentRemoved && report.lastLSNKept == firstLSN - 1)
        #expect(report.recordsDiscarded == UInt64(records.count) - firstLSN + 1)
        #expect(report.brokenFiles == names.dropFirst(2).map { $0 + ".broken" })
        let (log, recovery) = try WALFixtures.open(storage)
        #expect(recovery.lastLSN == firstLSN - 1 && recovery.segmentCount == 2)
        #expect(try await log.append([5]) == firstLSN)
        await log.close()
    }

    @Test("repair of a healthy log changes nothing")
    func healthyRepair() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 631, batchCount: 10)
        let before = try storage.listDirectory(WALFixtures.directory).sorted()
        let report = try WriteAheadLog.repair(directory: WALFixtures.directory, storage: storage)
        #expect(!report.repaired && report.brokenFiles.isEmpty && report.lastLSNKept == UInt64(records.count))
        #expect(try storage.listDirectory(WALFixtures.directory).sorted() == before)
    }
}

import Core
import Testing
import WAL
import WALTesting

/// One test per row of the recovery decision table (`RecoveryDecision`, docs/wal-recovery.md).
@Suite("Recovery decision table")
struct RecoveryTableTests {
    /// A closed log of 70 batches over several segments, its records, segment names and their bytes.
    struct Layout {
        var storage: SimulatedStorage
        var records: [[UInt8]]
        var names: [String]

        init(seed: UInt64 = 701) async throws {
            (storage, records) = try await WALFixtures.buildLog(seed: seed, batchCount: 70)
            names = try WALFixtures.segmentNames(storage)
            #expect(names.count >= 4)
        }

        func bytes(_ name: String) -> [UInt8] {
            storage.contents(of: WALFixtures.path(name))!
        }

        func set(_ name: String, _ bytes: [UInt8]) {
            storage.setContents(of: WALFixtures.path(name), to: bytes)
        }

        /// The frames of segment `name`.
        func frames(_ name: String) throws -> [FrameScan.Frame] {
            try WALFixtures.frames(of: bytes(name))
        }

        /// The chain value and next LSN after the last segment.
        func end() throws -> (crc: UInt32, nextLSN: UInt64) {
            let last = try #require(try frames(names.last!).last)
            return (last.header.headerCRC, last.header.nextLSN)
        }

        /// Opens; expects success, every record and the given report details.
        func expectOpens(
            droppedBytes: Int = 0, removed: [String] = [], records expected: [[UInt8]]? = nil
        ) async throws -> WriteAheadLog {
            let (log, recovery) = try WALFixtures.open(storage)
            #expect(recovery.droppedBytes == droppedBytes)
            #expect(recovery.removedFiles == removed)
            #expect(try WALFixtures.replay(log).map(\.payload) == (expected ?? records))
            return log
        }

        /// Opens; expects `corruption` at the given segment, offset and LSN.
        func expectRefused(segment: String, offset: Int, lsn: UInt64) {
            let error = #expect(throws: WALError.self) { try WALFixtures.open(storage) }
            #expect(error?.code == .corruption)
            #expect(error?.segment == segment, "\(String(describing: error))")
            #expect(error?.offset == offset, "\(String(describing: error))")
            #expect(error?.lsn == lsn, "\(String(describing: error))")
        }
    }

    @Test("1: no segment files: the log starts at LSN 1, or just after the snapshot")
    func emptyDirectoryAfterSnapshot() async throws {
        let storage = SimulatedStorage(seed: 700)
        var options = WALFixtures.options()
        options.snapshotLSN = 41
        let (log, recovery) = try WALFixtures.open(storage, options: options)
        #expect(recovery.firstLSN == 42 && recovery.lastLSN == 41 && log.firstLSN == 42 && log.durableLSN == 41)
        #expect(storage.contents(of: WALFixtures.path(SegmentName.fileName(firstLSN: 42)))?.count == SegmentHeader.size)
        #expect(try await log.append([1]) == 42)
        await log.close()
        let (reopened, again) = try WALFixtures.open(storage, options: options)
        #expect(again.firstLSN == 42 && again.lastLSN == 42 && again.recordCount == 1)
        #expect(try WALFixtures.replay(reopened, from: 42).map(\.payload) == [[1]])
        await reopened.close()
    }

    @Test("1: no segment files: the log starts at LSN 1")
    func emptyDirectory() async throws {
        let storage = SimulatedStorage(seed: 700)
        let (log, recovery) = try WALFixtures.open(storage)
        #expect(recovery.lastLSN == 0 && recovery.segmentCount == 1 && recovery.lastFrameTimestampMillis == nil)
        let first = WALFixtures.path(SegmentName.fileName(firstLSN: 1))
        #expect(storage.contents(of: first)?.count == SegmentHeader.size)
        #expect(try await log.append([1]) == 1)
        await log.close()
    }

    @Test("2: a .tmp segment left by an interrupted roll is removed")
    func temporaryLeftover() async throws {
        let layout = try await Layout()
        let leftover = SegmentName.fileName(firstLSN: try layout.end().nextLSN) + ".tmp"
        layout.set(leftover, Array(layout.bytes(layout.names[0]).prefix(40)))
        let log = try await layout.expectOpens(removed: [leftover])
        #expect(layout.storage.contents(of: WALFixtures.path(leftover)) == nil)
        await log.close()
    }

    @Test("3: other files are ignored and left alone")
    func otherFiles() async throws {
        let layout = try await Layout()
        let others = ["notes.txt", "wal-1.seg", "wal-0000000000000000000x.seg", layout.names[1] + ".broken"]
        for name in others {
            layout.set(name, [1, 2, 3])
        }
        let log = try await layout.expectOpens()
        for name in others {
            #expect(layout.storage.contents(of: WALFixtures.path(name)) == [1, 2, 3])
        }
        await log.close()
    }

    @Test("4: frames ending exactly at the end of every file: intact")
    func intact() async throws {
        let layout = try await Layout()
        let (log, recovery) = try WALFixtures.open(layout.storage)
        #expect(recovery.segmentCount == layout.names.count && recovery.lastLSN == UInt64(layout.records.count))
        #expect(recovery.tornTailSegment == nil && recovery.droppedBytes == 0)
        await log.close()
    }

    @Test("5: a last segment with a valid header and no frames is kept and appended to")
    func emptyLastSegment() async throws {
        let layout = try await Layout()
        let (crc, nextLSN) = try layout.end()
        let name = SegmentName.fileName(firstLSN: nextLSN)
        layout.set(name, SegmentHeader(firstLSN: nextLSN, epoch: 3, createdMillis: 0, previousFrameCRC: crc).bytes)
        let log = try await layout.expectOpens()
        #expect(try await log.append([7, 7]) == nextLSN)
        await log.close()
        #expect(try WALFixtures.segmentNames(layout.storage).last == name)
        #expect((layout.storage.contents(of: WALFixtures.path(name))?.count ?? 0) > SegmentHeader.size)
    }

    @Test("6: a torn last frame is cut off")
    func tornLastFrame() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let lastFrame = try #require(try layout.frames(last).last)
        let bytes = layout.bytes(last)
        layout.set(last, Array(bytes.dropLast(10)))
        let kept = Array(layout.records.prefix(Int(lastFrame.header.firstLSN) - 1))
        let log = try await layout.expectOpens(droppedBytes: bytes.count - 10 - lastFrame.offset, records: kept)
        await log.close()
    }

    @Test("7: zeros or garbage after the last frame are cut off", arguments: [false, true])
    func junkAfterTail(garbage: Bool) async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        var rng = SplitMix64(seed: 707)
        let junk = garbage ? rng.bytes(300) : [UInt8](repeating: 0, count: 300)
        layout.set(last, layout.bytes(last) + junk)
        let log = try await layout.expectOpens(droppedBytes: 300)
        await log.close()
    }

    @Test("8: stale frames (lower LSNs) after the last frame are a torn tail")
    func staleFrames() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let stale = Array(layout.bytes(layout.names[0]).dropFirst(SegmentHeader.size))
        layout.set(last, layout.bytes(last) + stale)
        let log = try await layout.expectOpens(droppedBytes: stale.count)
        await log.close()
    }

    @Test("9: a damaged frame followed by a valid one is refused")
    func damagedFrame() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let first = try #require(try layout.frames(last).first)
        #expect(try layout.frames(last).count >= 2)
        var bytes = layout.bytes(last)
        bytes[first.offset + FrameHeader.size] ^= 0xFF
        layout.set(last, bytes)
        layout.expectRefused(segment: last, offset: first.offset, lsn: first.header.firstLSN)
    }

    @Test("10: a complete, chained frame whose first LSN is out of sequence is refused")
    func lsnOutOfSequence() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let (crc, nextLSN) = try layout.end()
        let frame = FrameEncoder.encode(
            records: [[1]], firstLSN: nextLSN + 5, epoch: 3, timestampMillis: 0, previousFrameCRC: crc,
            compression: false)
        let bytes = layout.bytes(last)
        layout.set(last, bytes + frame.bytes)
        layout.expectRefused(segment: last, offset: bytes.count, lsn: nextLSN)
    }

    @Test("11: a segment that is not the last ending in an incomplete frame is refused")
    func tornMiddleSegment() async throws {
        let layout = try await Layout()
        let middle = layout.names[1]
        let lastFrame = try #require(try layout.frames(middle).last)
        layout.set(middle, Array(layout.bytes(middle).dropLast(3)))
        layout.expectRefused(segment: middle, offset: lastFrame.offset, lsn: lastFrame.header.firstLSN)
    }

    @Test(
        "12: a never-completed last segment (empty, short, garbled or bad-CRC header, no frames) is removed",
        arguments: 0..<4)
    func incompleteLastSegment(variant: Int) async throws {
        let layout = try await Layout()
        let (crc, nextLSN) = try layout.end()
        let name = SegmentName.fileName(firstLSN: nextLSN)
        var rng = SplitMix64(seed: 712)
        var header = SegmentHeader(firstLSN: nextLSN, epoch: 3, createdMillis: 0, previousFrameCRC: crc).bytes
        header[5] ^= 1
        let contents: [[UInt8]] = [[], Array(header.prefix(30)), rng.bytes(SegmentHeader.size + 100), header]
        layout.set(name, contents[variant])
        let log = try await layout.expectOpens(removed: [name])
        #expect(layout.storage.contents(of: WALFixtures.path(name)) == nil)
        #expect(try await log.append([3]) == nextLSN)
        await log.close()
    }

    @Test("13: a last segment with an invalid header but frames after it is refused")
    func badHeaderWithFrames() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        var bytes = layout.bytes(last)
        bytes[16] ^= 1
        layout.set(last, bytes)
        layout.expectRefused(segment: last, offset: 4, lsn: try #require(SegmentName.firstLSN(of: last)))
    }

    @Test("14: a segment that is not the last with an invalid header is refused")
    func badMiddleHeader() async throws {
        let layout = try await Layout()
        let middle = layout.names[1]
        layout.set(middle, [UInt8](repeating: 0, count: 10) + layout.bytes(middle).dropFirst(10))
        layout.expectRefused(segment: middle, offset: 0, lsn: try #require(SegmentName.firstLSN(of: middle)))
    }

    @Test("15: a header whose first LSN differs from the file name is refused")
    func nameMismatch() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let wrongName = SegmentName.fileName(firstLSN: try #require(SegmentName.firstLSN(of: last)) + 1)
        layout.set(wrongName, layout.bytes(last))
        try layout.storage.remove(WALFixtures.path(last))
        layout.expectRefused(
            segment: wrongName, offset: 0, lsn: try #require(SegmentName.firstLSN(of: last)))
    }

    @Test("16: a gap between segments (missing middle or first segment) is refused", arguments: [0, 2])
    func gap(missing: Int) async throws {
        let layout = try await Layout()
        try layout.storage.remove(WALFixtures.path(layout.names[missing]))
        let after = layout.names[missing + 1]
        layout.expectRefused(
            segment: after, offset: 0, lsn: try #require(SegmentName.firstLSN(of: layout.names[missing])))
    }

    @Test("17: a header that does not continue the previous segment's frame chain is refused")
    func chainBreak() async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let bytes = layout.bytes(last)
        let header = try bytes.withUnsafeBytes { try SegmentHeader.decode($0) }
        var broken = header
        broken.previousFrameCRC ^= 1
        layout.set(last, broken.bytes + bytes.dropFirst(SegmentHeader.size))
        layout.expectRefused(segment: last, offset: 0, lsn: header.firstLSN)
    }

    @Test("18: a first segment starting after LSN 1, at or before snapshotLSN + 1, is kept (older ones pruned)")
    func prunedStart() async throws {
        for above in [0, 4] as [UInt64] {
            let layout = try await Layout()
            for name in layout.names.prefix(2) {
                try layout.storage.remove(WALFixtures.path(name))
            }
            let first = try #require(SegmentName.firstLSN(of: layout.names[2]))
            let snapshotLSN = first - 1 + above
            var options = WALFixtures.options()
            options.snapshotLSN = snapshotLSN
            let (log, recovery) = try WALFixtures.open(layout.storage, options: options)
            #expect(recovery.firstLSN == first && log.firstLSN == first)
            #expect(recovery.lastLSN == UInt64(layout.records.count))
            #expect(recovery.recordCount == UInt64(layout.records.count) - first + 1)
            let replayed = try WALFixtures.replay(log, from: snapshotLSN + 1)
            #expect(replayed.map(\.payload) == Array(layout.records[Int(snapshotLSN)...]))
            #expect(try await log.append([9]) == UInt64(layout.records.count + 1))
            await log.close()
        }
    }

    @Test("19: a first segment starting after snapshotLSN + 1 is a gap and is refused", arguments: [0, 1])
    func gapBeforeFirst(snapshotBelow: UInt64) async throws {
        let layout = try await Layout()
        for name in layout.names.prefix(2) {
            try layout.storage.remove(WALFixtures.path(name))
        }
        let first = try #require(SegmentName.firstLSN(of: layout.names[2]))
        var options = WALFixtures.options()
        options.snapshotLSN = snapshotBelow == 0 ? 0 : first - 2
        let error = #expect(throws: WALError.self) { try WALFixtures.open(layout.storage, options: options) }
        #expect(error?.code == .corruption && error?.segment == layout.names[2] && error?.offset == 0)
        #expect(error?.lsn == options.snapshotLSN + 1, "\(String(describing: error))")
    }

    @Test("20: a segment header or a frame whose epoch goes down is refused", arguments: [false, true])
    func epochDecrease(inHeader: Bool) async throws {
        let layout = try await Layout()
        let last = layout.names.last!
        let (crc, nextLSN) = try layout.end()
        if inHeader {
            let name = SegmentName.fileName(firstLSN: nextLSN)
            let header = SegmentHeader(firstLSN: nextLSN, epoch: 2, createdMillis: 0, previousFrameCRC: crc)
            let frame = FrameEncoder.encode(
                records: [[1]], firstLSN: nextLSN, epoch: 2, timestampMillis: 0, previousFrameCRC: crc,
                compression: false)
            layout.set(name, header.bytes + frame.bytes)
            layout.expectRefused(segment: name, offset: 0, lsn: nextLSN)
        } else {
            let frame = FrameEncoder.encode(
                records: [[1]], firstLSN: nextLSN, epoch: 2, timestampMillis: 0, previousFrameCRC: crc,
                compression: false)
            let bytes = layout.bytes(last)
            layout.set(last, bytes + frame.bytes)
            layout.expectRefused(segment: last, offset: bytes.count, lsn: nextLSN)
            let error = #expect(throws: WALError.self) { try WALFixtures.open(layout.storage) }
            #expect(error?.formatError?.code == .epochDecreased)
        }
    }
}

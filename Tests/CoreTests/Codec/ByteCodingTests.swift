import Testing

@testable import Core

@Suite struct ByteCodingTests {
    private func read<Value>(
        _ bytes: [UInt8],
        _ body: (inout ByteReader) throws(CodecError) -> Value
    ) -> Result<Value, CodecError> {
        Result { () throws(CodecError) -> Value in
            try ByteReader.reading(bytes) { reader throws(CodecError) in
                let value = try body(&reader)
                try reader.expectEnd()
                return value
            }
        }
    }

    private func code<Value>(_ result: Result<Value, CodecError>) -> CodecError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    @Test(
        arguments: [
            (UInt64(0), [UInt8(0)]),
            (1, [1]),
            (127, [0x7f]),
            (128, [0x80, 0x01]),
            (300, [0xac, 0x02]),
            (16_384, [0x80, 0x80, 0x01]),
            (UInt64.max, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        ] as [(UInt64, [UInt8])])
    func varUIntKnownEncodings(value: UInt64, bytes: [UInt8]) throws {
        var writer = ByteWriter()
        writer.writeVarUInt(value)
        #expect(writer.bytes == bytes)
        #expect(try read(bytes) { reader throws(CodecError) in try reader.readVarUInt() }.get() == value)
        // Followed by other bytes, a varint of up to eight bytes is read a word at a time.
        let padded = try read(bytes + Array(repeating: 0xff, count: 9) + [1]) { reader throws(CodecError) in
            let value = try reader.readVarUInt()
            let offset = reader.offset
            _ = try reader.readVarUInt()
            return (value, offset)
        }.get()
        #expect(padded == (value, bytes.count))
    }

    @Test func everyVarintLengthReadsTheSameWithOrWithoutBytesAfterIt() throws {
        for bits in 0...64 {
            for value in [UInt64(1) << bits &- 1, bits < 64 ? UInt64(1) << bits : 0, (UInt64(1) << bits &- 1) / 3] {
                var writer = ByteWriter()
                writer.writeVarUInt(value)
                let alone = try read(writer.bytes) { reader throws(CodecError) in try reader.readVarUInt() }.get()
                let length = writer.bytes.count
                writer.writeUInt64(.max)
                let followed = try read(writer.bytes) { reader throws(CodecError) in
                    (try reader.readVarUInt(), reader.offset, try reader.readUInt64())
                }.get()
                #expect(alone == value && followed == (value, length, .max), "\(value)")
            }
        }
    }

    @Test(
        arguments: [
            (Int64(0), [UInt8(0)]),
            (-1, [1]),
            (1, [2]),
            (-64, [0x7f]),
            (64, [0x80, 0x01]),
            (Int64.max, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
            (Int64.min, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        ] as [(Int64, [UInt8])])
    func zigzagKnownEncodings(value: Int64, bytes: [UInt8]) throws {
        var writer = ByteWriter()
        writer.writeVarInt(value)
        #expect(writer.bytes == bytes)
        #expect(try read(bytes) { reader throws(CodecError) in try reader.readVarInt() }.get() == value)
    }

    @Test func fixedWidthIntegersAreLittleEndian() throws {
        var writer = ByteWriter()
        writer.writeUInt16(0x0102)
        writer.writeUInt32(0x0304_0506)
        writer.writeUInt64(0x0708_090a_0b0c_0d0e)
        #expect(writer.bytes == [2, 1, 6, 5, 4, 3, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 9, 8, 7])
        let values = try read(writer.bytes) { reader throws(CodecError) in
            (try reader.readUInt16(), try reader.readUInt32(), try reader.readUInt64())
        }.get()
        #expect(values == (0x0102, 0x0304_0506, 0x0708_090a_0b0c_0d0e))
        #expect(code(read([1, 2, 3]) { reader throws(CodecError) in try reader.readUInt32() }) == .truncated)
        #expect(code(read([]) { reader throws(CodecError) in try reader.readUInt8() }) == .truncated)
    }

    @Test(arguments: [
        ([UInt8(0x80)], CodecError.Code.truncated),
        ([], .truncated),
        ([0x80, 0x00], .malformedVarint),
        ([0xff, 0x00], .malformedVarint),
        ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00], .malformedVarint),
        ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00], .malformedVarint),
        ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], .malformedVarint),
        ([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x01], .malformedVarint),
        ([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], .malformedVarint),
    ])
    func malformedVarintsAreRejected(bytes: [UInt8], expected: CodecError.Code) {
        #expect(code(read(bytes) { reader throws(CodecError) in try reader.readVarUInt() }) == expected)
        if expected == .malformedVarint {
            let padded = bytes + Array(repeating: 0, count: 10)
            #expect(code(read(padded) { reader throws(CodecError) in try reader.readVarUInt() }) == expected)
        }
    }

    @Test(arguments: ["", "a", "小美", "💅🏻👩‍👩‍👧‍👦", "e\u{301}", "\u{0}", String(repeating: "x", count: 200)])
    func stringsRoundTripByteForByte(text: String) throws {
        var writer = ByteWriter()
        writer.writeString(text)
        #expect(writer.bytes.count > text.utf8.count)
        let decoded = try read(writer.bytes) { reader throws(CodecError) in try reader.readString() }.get()
        #expect(Array(decoded.utf8) == Array(text.utf8))
    }

    @Test(arguments: [
        [UInt8(2), 0xc3, 0x28],  // a lead byte followed by a non-continuation byte
        [1, 0x80],  // a lone continuation byte
        [3, 0xf0, 0x9f, 0x98],  // a truncated four-byte sequence
        [3, 0xed, 0xa0, 0x80],  // an encoded surrogate
        [2, 0xc0, 0xaf],  // an overlong encoding of "/"
        [4, 0xf4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
    ])
    func invalidUTF8IsRejected(bytes: [UInt8]) {
        let result = read(bytes) { reader throws(CodecError) in try reader.readString() }
        #expect(code(result) == .invalidUTF8)
        if case .failure(let error) = result { #expect(error.offset == 0) }
    }

    @Test func lengthsAndCountsBeyondTheInputAreRejectedBeforeAllocating() {
        let huge: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
        #expect(code(read(huge) { reader throws(CodecError) in try reader.readString() }) == .lengthOutOfRange)
        #expect(code(read([5, 0x61]) { reader throws(CodecError) in try reader.readString() }) == .lengthOutOfRange)
        let count = read([3, 0, 0, 0, 0, 0]) { reader throws(CodecError) in try reader.readCount(elementBytesMin: 2) }
        #expect(code(count) == .lengthOutOfRange)
        #expect(
            (try? read([3, 0, 0, 0, 0, 0, 0]) { r throws(CodecError) in try r.readCount(elementBytesMin: 2) }.get())
                == nil)
    }

    @Test func optionalsAndFlagsTakeOnlyZeroOrOne() throws {
        var writer = ByteWriter()
        writer.writeOptionalString(nil)
        writer.writeOptionalString("小美")
        writer.writeBool(true)
        writer.writeBool(false)
        let values = try read(writer.bytes) { reader throws(CodecError) in
            (
                try reader.readOptionalString(), try reader.readOptionalString(), try reader.readBool(),
                try reader.readBool()
            )
        }.get()
        #expect(values.0 == nil && values.1 == "小美" && values.2 && !values.3)
        #expect(code(read([2, 0]) { reader throws(CodecError) in try reader.readOptionalString() }) == .invalidValue)
        #expect(code(read([0xff]) { reader throws(CodecError) in try reader.readBool() }) == .invalidValue)
    }

    @Test func randomPrimitiveSequencesRoundTrip() throws {
        var random = CodecTestRandom.seeded()
        for _ in 0..<2_000 {
            let unsigned = random.next() >> UInt64(random.below(64))
            let signed = Int64(bitPattern: random.next()) >> Int64(random.below(64))
            let text = random.text()
            var writer = ByteWriter()
            writer.writeVarUInt(unsigned)
            writer.writeVarInt(signed)
            writer.writeString(text)
            writer.writeUInt64(unsigned)
            let decoded = try read(writer.bytes) { reader throws(CodecError) in
                (try reader.readVarUInt(), try reader.readVarInt(), try reader.readString(), try reader.readUInt64())
            }.get()
            #expect(decoded.0 == unsigned && decoded.1 == signed && decoded.3 == unsigned, "\(random.replay)")
            #expect(Array(decoded.2.utf8) == Array(text.utf8), "\(random.replay)")
        }
    }

    @Test func errorsDescribeThemselves() {
        let error = CodecError(.truncated, "expected a byte", offset: 12)
        #expect(error.description == "truncated: expected a byte (at offset 12)")
        #expect(CodecError.Code.unsupportedVersion.description == "unsupportedVersion")
    }
}

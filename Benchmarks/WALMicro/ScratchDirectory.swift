import Foundation

/// A fresh, empty folder under `parent` (made with `mkdtemp`); `remove()` deletes it and everything in it.
struct ScratchDirectory: Sendable {
    let path: String

    init(under parent: String, prefix: String = "walmicro") throws {
        var template = Array((parent + "/" + prefix + "-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { throw ScratchError(errorNumber: errno, parent: parent) }
        path = made
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// `mkdtemp` failed.
struct ScratchError: Error {
    var errorNumber: Int32
    var parent: String
}

import Core
import Foundation
import Node
import Testing
import WAL

/// A segment shows customer names: the data folder, its segments and snapshots, backups and restored folders are
/// readable by the server's user only (folders 0700, files 0600).
@Suite("File modes")
struct FileModeTests {
    /// Every folder and file under `root` (and `root` itself) whose mode is not 0700 / 0600.
    func wrongModes(under root: String) throws -> [String] {
        var wrong: [String] = []
        var paths = [root]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        while let relative = enumerator.nextObject() as? String { paths.append(root + "/" + relative) }
        for path in paths {
            var status = stat()
            try #require(stat(path, &status) == 0, "stat \(path)")
            let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
            let mode = status.st_mode & 0o777
            if mode != (isDirectory ? 0o700 : 0o600) { wrong.append("\(path): \(String(mode, radix: 8))") }
        }
        return wrong
    }

    @Test("after open, a snapshot, a backup and a restore, every folder is 0700 and every file 0600")
    func modes() async throws {
        let root = NodeFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        let node = try Node.open(dataDirectory: data)
        let fixture = try await NodeFixture.make(node, directory: data)
        #expect(try wrongModes(under: data) == [])
        try node.takeSnapshot()
        _ = try await fixture.book(node, slot: 1)
        #expect(try wrongModes(under: data) == [])
        let lastLSN = node.log.wal.durableLSN
        await node.close()
        _ = try Maintenance.backup(dataDirectory: data, into: root + "/backup")
        #expect(try wrongModes(under: root + "/backup") == [])
        _ = try await Maintenance.restore(
            from: root + "/backup", into: root + "/restored", to: .lsn(lastLSN), scratch: root + "/scratch")
        #expect(try wrongModes(under: root + "/restored") == [])
    }
}

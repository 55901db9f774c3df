import Replication
import Testing

/// The generated HAProxy configuration (checked by `haproxy -c` and used for real in `HAProxyProcessTests`).
@Suite("HAProxy configuration")
struct HAProxyConfigurationTests {
    @Test(
        "per group a leader backend (role leader, status 200) and a follower backend; requests go to the default group")
    func text() throws {
        let configuration = try HAProxyConfiguration(
            listen: "0.0.0.0:8000",
            groups: ["main": ["http://10.0.0.2:8080", "http://10.0.0.1:8080"], "east": ["http://10.1.0.1:8080"]],
            defaultGroup: "main")
        let text = configuration.text
        #expect(text.contains("    bind 0.0.0.0:8000\n"))
        #expect(text.contains("    default_backend main_leader\n"))
        #expect(text.contains("    use_backend main_read if read_method replica_read { nbsrv(main_read) gt 0 }\n"))
        for backend in ["main_leader", "main_read", "east_leader", "east_read"] {
            #expect(text.contains("backend \(backend)\n"))
        }
        #expect(text.contains(#"    http-check expect string '"role":"leader"'"#))
        #expect(text.contains(#"    http-check expect string '"role":"follower"'"#))
        // Servers in URL order, named after their group and address.
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "backend main_leader"))
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("backend ") }
        #expect(
            section.filter { $0.hasPrefix("    server ") } == [
                "    server main_10_0_0_1_8080 10.0.0.1:8080 check",
                "    server main_10_0_0_2_8080 10.0.0.2:8080 check",
            ])
    }

    @Test("refused: no nodes in the default group, a URL without a port or not http, a bad group name")
    func refusals() {
        #expect(throws: HAProxyConfiguration.Problem.self) {
            try HAProxyConfiguration(listen: ":8000", groups: [:], defaultGroup: "main")
        }
        for url in ["http://10.0.0.1", "https://10.0.0.1:8443", "10.0.0.1:8080"] {
            #expect(throws: HAProxyConfiguration.Problem.self) {
                try HAProxyConfiguration(listen: ":8000", groups: ["main": [url]], defaultGroup: "main")
            }
        }
        #expect(throws: HAProxyConfiguration.Problem.self) {
            try HAProxyConfiguration(
                listen: ":8000", groups: ["main": ["http://a:1"], "Bad Name": ["http://b:1"]], defaultGroup: "main")
        }
    }
}

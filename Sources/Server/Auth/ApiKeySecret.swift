/// Random API key secrets: "nbk_" + 43 URL-safe characters (256 bits from the system's CSPRNG).
enum ApiKeySecret {
    static func generate() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var generator = SystemRandomNumberGenerator()
        return "nbk_" + String((0..<43).map { _ in alphabet[Int(generator.next() % 64)] })
    }
}

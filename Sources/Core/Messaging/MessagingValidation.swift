/// Field checks for LINE channels and messaging settings: every rule gives the offending field.
public enum MessagingValidation {
    static let keywordsMax = 20
    static let keywordLengthRange = 1...50
    static let templateLengthMax = 1_000
    static let monthlyPushLimitRange = 0...100_000_000
    static let channelIDPattern = 1...64
    static let liffIDLengthRange = 1...64
    static let loginChannelIDLengthRange = 1...32

    static func channel(_ channel: LineChannel) -> Rejection? {
        guard channelIDPattern.contains(channel.channelID.utf8.count),
            channel.channelID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return .invalid("channelId", "channelId must be 1 to 64 letters or digits") }
        if let liffID = channel.liffID, !liffIDLengthRange.contains(liffID.utf8.count) || !isVisibleASCII(liffID) {
            return .invalid("liffId", "liffId must be 1 to 64 visible ASCII characters")
        }
        if let login = channel.loginChannelID,
            !loginChannelIDLengthRange.contains(login.utf8.count) || !login.utf8.allSatisfy({ (48...57).contains($0) })
        {
            return .invalid("loginChannelId", "loginChannelId must be 1 to 32 digits")
        }
        return settings(channel.settings)
    }

    static func settings(_ settings: MessagingSettings) -> Rejection? {
        let offsets = settings.reminderOffsetsMinutes
        guard offsets.count <= MessagingSettings.remindersMax, Set(offsets).count == offsets.count,
            offsets.allSatisfy(MessagingSettings.reminderOffsetRange.contains)
        else {
            return .invalid(
                "reminderOffsetsMinutes",
                "at most \(MessagingSettings.remindersMax) different offsets, each 5 to 43200 minutes")
        }
        guard monthlyPushLimitRange.contains(settings.monthlyPushLimit) else {
            return .invalid("monthlyPushLimit", "monthlyPushLimit must be 0 to 100000000")
        }
        guard settings.bookingKeywords.count <= keywordsMax,
            settings.bookingKeywords.allSatisfy({ keywordLengthRange.contains($0.unicodeScalars.count) })
        else { return .invalid("bookingKeywords", "at most 20 keywords of 1 to 50 characters") }
        guard MessagingSettings.languages.contains(settings.language) else {
            return .invalid(
                "language", "language must be one of \(MessagingSettings.languages.joined(separator: ", "))")
        }
        for (name, text) in settings.templates {
            guard MessagingSettings.templateNames.contains(name) else {
                return .invalid(
                    "templates", "templates may be \(MessagingSettings.templateNames.joined(separator: ", "))")
            }
            guard (1...templateLengthMax).contains(text.unicodeScalars.count) else {
                return .invalid("templates.\(name)", "a template is 1 to \(templateLengthMax) characters")
            }
        }
        return nil
    }

    /// Whether every character is printable ASCII without spaces (0x21–0x7E), as ids and secrets are.
    public static func isVisibleASCII(_ text: String) -> Bool { text.utf8.allSatisfy { (0x21...0x7E).contains($0) } }

    /// A LINE display name made fit for a customer record: trimmed, at most 100 characters, never empty.
    static func displayName(_ name: String) -> String {
        let trimmed = String(name.trimmingWhitespace.prefix(CatalogValidation.nameLengthRange.upperBound))
        let clean = trimmed.trimmingWhitespace
        return clean.isEmpty ? "LINE user" : clean
    }
}

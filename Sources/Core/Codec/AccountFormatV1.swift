/// How event format 4 and snapshot format 4 write user accounts and invites.
///
/// Frozen once logs exist. Roles are written as the explicit tags below, never as the domain's raw values.
enum AccountFormatV1 {
    /// Tags of `UserRole`.
    enum RoleTag {
        static let owner: UInt8 = 1
        static let manager: UInt8 = 2
        static let staff: UInt8 = 3
        static let platformOperator: UInt8 = 4
    }

    /// Fewest bytes an account takes: id, absent salon, role, two empty names, absent staff, empty hash, absent
    /// second factor, version, removed flag, creation.
    static let accountBytesMin = 11
    /// Fewest bytes an invite takes: id, absent salon, role, absent staff, digest, author (2), creation, expiry,
    /// absent redemption.
    static let inviteBytesMin = 9 + Invite.digestLength

    static func tag(of role: UserRole) -> UInt8 {
        switch role {
        case .owner: return RoleTag.owner
        case .manager: return RoleTag.manager
        case .staff: return RoleTag.staff
        case .platformOperator: return RoleTag.platformOperator
        }
    }

    static func readRole(_ reader: inout ByteReader) throws(CodecError) -> UserRole {
        let start = reader.offset
        switch try reader.readUInt8() {
        case RoleTag.owner: return .owner
        case RoleTag.manager: return .manager
        case RoleTag.staff: return .staff
        case RoleTag.platformOperator: return .platformOperator
        default: throw CodecError(.unknownTag, "unknown user role tag", offset: start)
        }
    }

    static func write(_ account: UserAccount, to writer: inout ByteWriter) {
        typealias Domain = DomainFormatV1
        Domain.write(account.id, to: &writer)
        writer.writeOptional(account.merchantID) { Domain.write($1, to: &$0) }
        writer.writeUInt8(tag(of: account.role))
        writer.writeString(account.login)
        writer.writeString(account.displayName)
        writer.writeOptional(account.staffID) { Domain.write($1, to: &$0) }
        writer.writeString(account.passwordHash)
        writer.writeOptional(account.sealedTOTPSecret) { writer, bytes in
            writer.writeVarUInt(UInt64(bytes.count))
            writer.writeBytes(bytes)
        }
        writer.writeVarUInt(account.credentialVersion)
        writer.writeBool(account.removed)
        Domain.write(account.createdAt, to: &writer)
    }

    static func readAccount(_ reader: inout ByteReader) throws(CodecError) -> UserAccount {
        typealias Domain = DomainFormatV1
        let start = reader.offset
        let id: UserID = try Domain.readID(&reader)
        let merchantID: MerchantID? = try Domain.readOptionalID(&reader)
        let role = try readRole(&reader)
        guard (merchantID == nil) == (role == .platformOperator) else {
            throw CodecError(.invalidValue, "an operator belongs to no salon, every other role to one", offset: start)
        }
        let login = try reader.readString()
        let displayName = try reader.readString()
        let staffID: StaffID? = try Domain.readOptionalID(&reader)
        let passwordHash = try reader.readString()
        let sealed = try reader.readOptional { reader throws(CodecError) in
            let count = try reader.readCount(elementBytesMin: 1)
            return try reader.readBytes(count: count)
        }
        let version = try reader.readVarUInt()
        let removed = try reader.readBool()
        let createdAt = try Domain.readInstant(&reader)
        return UserAccount(
            id: id, merchantID: merchantID, role: role, login: login, displayName: displayName, staffID: staffID,
            passwordHash: passwordHash, sealedTOTPSecret: sealed, credentialVersion: version, removed: removed,
            createdAt: createdAt)
    }

    static func write(_ invite: Invite, to writer: inout ByteWriter) {
        typealias Domain = DomainFormatV1
        Domain.write(invite.id, to: &writer)
        writer.writeOptional(invite.merchantID) { Domain.write($1, to: &$0) }
        writer.writeUInt8(tag(of: invite.role))
        writer.writeOptional(invite.staffID) { Domain.write($1, to: &$0) }
        writer.writeBytes(invite.digest)
        writer.writeUInt8(Domain.tag(of: invite.createdBy.kind))
        writer.writeVarUInt(invite.createdBy.id)
        Domain.write(invite.createdAt, to: &writer)
        Domain.write(invite.expiresAt, to: &writer)
        writer.writeOptional(invite.redeemedBy) { Domain.write($1, to: &$0) }
    }

    static func readInvite(_ reader: inout ByteReader) throws(CodecError) -> Invite {
        typealias Domain = DomainFormatV1
        let start = reader.offset
        let id: InviteID = try Domain.readID(&reader)
        let merchantID: MerchantID? = try Domain.readOptionalID(&reader)
        let role = try readRole(&reader)
        guard (merchantID == nil) == (role == .platformOperator) else {
            throw CodecError(.invalidValue, "an operator belongs to no salon, every other role to one", offset: start)
        }
        let staffID: StaffID? = try Domain.readOptionalID(&reader)
        let digest = try reader.readBytes(count: Invite.digestLength)
        let kindOffset = reader.offset
        guard let kind = Domain.authorKind(tag: try reader.readUInt8()) else {
            throw CodecError(.unknownTag, "unknown author kind tag", offset: kindOffset)
        }
        let authorID = try reader.readVarUInt()
        let createdAt = try Domain.readInstant(&reader)
        let expiresAt = try Domain.readInstant(&reader)
        let redeemedBy: UserID? = try Domain.readOptionalID(&reader)
        return Invite(
            id: id, merchantID: merchantID, role: role, staffID: staffID, digest: digest,
            createdBy: Author(kind: kind, id: authorID), createdAt: createdAt, expiresAt: expiresAt,
            redeemedBy: redeemedBy)
    }
}

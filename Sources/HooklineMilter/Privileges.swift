import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Who the daemon runs as after its socket is open.
enum Privileges {
    struct Account { var uid: uid_t; var gid: gid_t; var name: String }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func lookup(_ user: String) throws -> Account {
        guard let pw = getpwnam(user) else { throw Failure(description: "unknown user '\(user)'") }
        return Account(uid: pw.pointee.pw_uid, gid: pw.pointee.pw_gid, name: user)
    }

    /// Group first, then supplementary groups, then user: once the uid changes
    /// the others can no longer be set.
    static func drop(to account: Account) throws {
        guard initgroups(account.name, account.gid) == 0 else {
            throw Failure(description: "initgroups(\(account.name)): \(String(cString: strerror(errno)))")
        }
        guard setgid(account.gid) == 0 else {
            throw Failure(description: "setgid(\(account.gid)): \(String(cString: strerror(errno)))")
        }
        guard setuid(account.uid) == 0 else {
            throw Failure(description: "setuid(\(account.uid)): \(String(cString: strerror(errno)))")
        }
        // A root that can come back is not dropped.
        if account.uid != 0 && setuid(0) == 0 {
            throw Failure(description: "setuid(0) still succeeds after dropping privileges")
        }
    }
}

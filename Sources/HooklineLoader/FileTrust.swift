import Foundation
import Glibc

/// Who may have written the files Hookline takes its config and rules from.
///
/// The config decides which mail is held or rejected and which user the daemon
/// becomes, so a file anyone else can change is a way into every message. A file
/// is trusted when it is owned by root, by the user running Hookline or by the
/// service user (`user:`), and writable by no one else: not by every user, and
/// by its group only when that group is root's, Hookline's or the service user's.
/// A directory holding it must not let every user swap it (world-writable
/// without the sticky bit). Postfix and Sendmail refuse such files the same way.
struct FileTrust {
    private(set) var owners: Set<uid_t> = [0, geteuid()]
    private(set) var groups: Set<gid_t> = [0, getegid()]
    let serviceUser: String?

    init(serviceUser: String?) {
        self.serviceUser = serviceUser
        if let serviceUser, let account = Self.account(serviceUser) {
            owners.insert(account.uid)
            groups.insert(account.gid)
        }
    }

    /// Why `path` (already opened, `st` from fstat) must not be read, or nil.
    func problem(_ path: String, _ st: stat) -> String? {
        let name = (path as NSString).lastPathComponent
        let mode = st.st_mode & 0o7777
        let octal = String(format: "%04o", mode)
        if mode & S_IWOTH != 0 {
            return "refusing \(name): writable by every user (mode \(octal)); chmod o-w it"
        }
        if !owners.contains(st.st_uid) {
            let me = geteuid() == 0 ? "" : ", the user running hookline (\(Self.userName(geteuid())))"
            return "refusing \(name): owned by \(Self.userName(st.st_uid)); only root\(me)"
                + (serviceUser.map { " and the service user (\($0))" } ?? "") + " may own it; chown it"
        }
        if mode & S_IWGRP != 0 && !groups.contains(st.st_gid) {
            return "refusing \(name): writable by group \(Self.groupName(st.st_gid)) (mode \(octal)); chmod g-w it"
        }
        let dir = (path as NSString).deletingLastPathComponent
        var ds = stat()
        if stat(dir.isEmpty ? "." : dir, &ds) == 0, ds.st_mode & S_IWOTH != 0, ds.st_mode & S_ISVTX == 0 {
            return "refusing \(name): its directory \(dir.isEmpty ? "." : dir) is writable by every user "
                + "(mode \(String(format: "%04o", ds.st_mode & 0o7777))), so anyone can replace it; chmod o-w it"
        }
        return nil
    }

    private static func account(_ user: String) -> (uid: uid_t, gid: gid_t)? {
        var pw = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let rc = buffer.withUnsafeMutableBufferPointer { b -> Int32 in
            guard let base = b.baseAddress else { return ERANGE }
            return getpwnam_r(user, &pw, base, b.count, &result)
        }
        guard rc == 0, result != nil else { return nil }
        return (pw.pw_uid, pw.pw_gid)
    }

    static func userName(_ uid: uid_t) -> String {
        var pw = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let name: String? = buffer.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress, getpwuid_r(uid, &pw, base, b.count, &result) == 0, result != nil,
                let n = pw.pw_name
            else { return nil }
            return String(cString: n)
        }
        return name.map { "\($0) (uid \(uid))" } ?? "uid \(uid)"
    }

    static func groupName(_ gid: gid_t) -> String {
        var gr = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let name: String? = buffer.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress, getgrgid_r(gid, &gr, base, b.count, &result) == 0, result != nil,
                let n = gr.gr_name
            else { return nil }
            return String(cString: n)
        }
        return name.map { "\($0) (gid \(gid))" } ?? "gid \(gid)"
    }

    /// Reads a whole file through one descriptor, so the mode and owner judged
    /// are those of the bytes read (no swap between a stat and an open).
    static func read(_ path: String) -> Result<(data: Data, stat: stat), ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(.cannotOpen(errno)) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.cannotOpen(errno)) }
        guard st.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        do {
            return .success((try handle.readToEnd() ?? Data(), st))
        } catch {
            return .failure(.readFailed("\(error)"))
        }
    }

    enum ReadError: Error {
        case cannotOpen(Int32), notRegular, readFailed(String)
        var message: String {
            switch self {
            case .cannotOpen(let e): "cannot read file (\(String(cString: strerror(e))))"
            case .notRegular: "cannot read file (not a regular file)"
            case .readFailed(let s): "cannot read file (\(s))"
            }
        }
    }
}

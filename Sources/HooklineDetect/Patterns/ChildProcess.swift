import Glibc
private import CSystem

struct ChildProcessError: Error {
    var message: String
}

/// One request and one answer with a short-lived child: bytes in on its stdin, bytes out
/// from its stdout, exit status 0 or it failed.
///
/// posix_spawn, not Foundation's Process: the daemon blocks its signals in every thread
/// and waits for them itself, and Process wants a SIGCHLD run loop of its own. One
/// socketpair serves as the child's stdin and stdout, so the parent writes with
/// MSG_NOSIGNAL and a child that dies early is an error here, not a SIGPIPE that kills
/// the daemon.
enum ChildProcess {
    static func exchange(executable: String, arguments: [String], input: [UInt8]) throws(ChildProcessError) -> [UInt8] {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw ChildProcessError(message: "socketpair: \(errnoText())")
        }
        let ours = fds[0]
        let theirs = fds[1]
        defer { close(ours) }
        let pid: pid_t
        do throws(ChildProcessError) {
            pid = try spawn(executable, arguments, stdio: theirs)
            close(theirs)
        } catch {
            close(theirs)
            throw error
        }
        var output: [UInt8] = []
        let sent = send(all: input, to: ours)
        shutdown(ours, Int32(SHUT_WR))
        if sent { output = receiveAll(from: ours) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED && WEXITSTATUS == 0, spelled out: Glibc's macros do not import.
        guard sent, status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw ChildProcessError(message: "\(executable) \(arguments.joined(separator: " ")): wait status \(status)")
        }
        return output
    }

    private static func spawn(_ executable: String, _ arguments: [String], stdio: Int32) throws(ChildProcessError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, stdio, 0)
        posix_spawn_file_actions_adddup2(&actions, stdio, 1)
        // Not the milter's sockets: a child holding a connection open would hide its close.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        // The daemon's threads block SIGTERM and friends; the child must not inherit that.
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard code == 0 else { throw ChildProcessError(message: "posix_spawn \(executable): \(String(cString: strerror(code)))") }
        return pid
    }

    private static func send(all bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var at = 0
            while at < buffer.count {
                let n = Glibc.send(fd, buffer.baseAddress.map { $0 + at }, buffer.count - at, Int32(MSG_NOSIGNAL))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                at += n
            }
            return true
        }
    }

    private static func receiveAll(from fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return out }
            out += chunk[0..<n]
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

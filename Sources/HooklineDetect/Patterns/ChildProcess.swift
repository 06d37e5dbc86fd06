import Glibc
import HooklineCore

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
        switch SpawnChild.start(executable, arguments, stdio: stdio) {
        case .success(let pid): return pid
        case .failure(let error): throw ChildProcessError(message: "posix_spawn \(executable): \(error.text)")
        }
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

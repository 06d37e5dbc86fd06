import Glibc
import HooklineCore

/// What reads an image for ``OCRPool``: an engine in this process, or a child process
/// holding one. `nil` from `read` means the reader is broken (the child died, hung past
/// its deadline or answered nonsense) and must not be used again.
package protocol OCRReader: AnyObject {
    var languages: String { get }
    /// False once `read` returned nil.
    var usable: Bool { get }
    /// The engine for `languages` could not be loaded (so asking again soon is pointless).
    var unavailable: Bool { get }
    func read(_ image: [UInt8], maxPixels: Int, deadlineMillis: Int) -> (OCRStatus, String)?
}

/// One `hookline-ocr` child and our end of its socket. The child loads its engine
/// at the first request; a request that gets no answer by its deadline plus
/// ``grace`` (decoders cannot be cancelled, Tesseract is between words) kills it.
final class OCRChild: OCRReader, @unchecked Sendable {
    package let languages: String
    private let fd: Int32
    private let pid: Int32
    /// Set when the child is beyond use; it is killed and reaped on release.
    private var broken = false
    /// Time allowed past the deadline for an answer: the first request also loads the
    /// engine (about half a second on this machine's cores, more under load).
    static let grace = 3000

    init(languages: String, fd: Int32, pid: Int32) {
        self.languages = languages
        self.fd = fd
        self.pid = pid
    }

    /// Starts `executable` (`hookline-ocr`) with a socketpair as its stdin and stdout.
    static func spawn(executable: String, languages: String) -> OCRChild? {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            return nil
        }
        // libgomp reads OMP_THREAD_LIMIT only as it loads: set here, the child need not
        // start itself again to set it (`hookline-ocr`'s main; 0.02-0.03 s of CPU a start).
        let started = SpawnChild.start(executable, [], stdio: fds[1], defaults: ["OMP_THREAD_LIMIT=1"])
        close(fds[1])
        guard case .success(let pid) = started else {
            close(fds[0])
            return nil
        }
        // A child that stops reading mid-request must not hold a milter thread in send().
        var timeout = timeval(tv_sec: grace / 1000, tv_usec: 0)
        setsockopt(fds[0], SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return OCRChild(languages: languages, fd: fds[0], pid: pid)
    }

    package func read(_ image: [UInt8], maxPixels: Int, deadlineMillis: Int) -> (OCRStatus, String)? {
        if broken { return nil }
        let header = OCRWire.header(
            languages: languages, maxPixels: maxPixels, deadlineMillis: deadlineMillis, imageCount: image.count)
        guard image.count <= OCRWire.maxImageBytes, OCRWire.writeAll(header, to: fd), OCRWire.writeAll(image, to: fd),
            waitReadable(millis: deadlineMillis + Self.grace),
            let (status, text) = OCRWire.readAnswer(from: fd)
        else {
            broken = true
            return nil
        }
        guard let ocr = status.ocrStatus else {
            broken = true
            unavailable = true  // no engine for these languages: the pool remembers that
            return nil
        }
        return (ocr, text)
    }

    /// Whether the engine of this child failed to load (as against a crash or a hang).
    package private(set) var unavailable = false
    package var usable: Bool { !broken }

    private func waitReadable(millis: Int) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var left = max(1, millis)
        var last = monotonicMillis()
        while true {
            let n = poll(&p, 1, Int32(clamping: left))
            if n > 0 { return true }
            if n == 0 { return false }
            guard errno == EINTR else { return false }
            let now = monotonicMillis()
            left -= now - last
            last = now
            if left <= 0 { return false }
        }
    }

    private func monotonicMillis() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }

    deinit {
        close(fd)
        // A healthy child would exit at end of input, after tearing its engine down; it
        // holds nothing worth that wait (this may run under the pool's lock).
        if pid > 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }
}

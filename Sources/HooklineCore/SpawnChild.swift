import Glibc
private import CSystem

/// Starts a helper process (the pattern compiler, an OCR worker) with one socket as both
/// its stdin and stdout.
///
/// posix_spawn, not Foundation's Process: the daemon blocks its signals in every thread
/// and waits for them itself. The child gets none of the milter's descriptors (a child
/// holding a connection open would hide its close), and the default signal mask and
/// dispositions rather than the daemon's blocked ones.
package enum SpawnChild {
    /// The child's pid, or the posix_spawn error code. `defaults`: `NAME=value` entries the
    /// child gets in its environment when this process's own environment has no `NAME`
    /// (an administrator's setting wins).
    package static func start(
        _ executable: String, _ arguments: [String], stdio: Int32, defaults: [String] = []
    ) -> Result<Int32, SpawnError> {
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
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let added: [UnsafeMutablePointer<CChar>?] = defaults.filter { entry in
            guard let equals = entry.firstIndex(of: "=") else { return false }
            return getenv(String(entry[..<equals])) == nil
        }.map { strdup($0) }
        defer { added.forEach { free($0) } }
        var inherited: [UnsafeMutablePointer<CChar>?] = []
        var at: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let here = at, let entry = here.pointee {
            inherited.append(entry)
            at = here + 1
        }
        let envp = inherited + added + [nil]
        var pid: Int32 = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return code == 0 ? .success(pid) : .failure(SpawnError(code: code))
    }

    package struct SpawnError: Error {
        package var code: Int32
        package var text: String { String(cString: strerror(code)) }
    }
}

import Foundation
import HooklineCore
import XCTest

/// Under systemd every log line carries its syslog priority (`<4>` warning …), so
/// `journalctl -p warning -u hookline` works; anywhere else lines stay plain.
final class LogJournalTests: XCTestCase {
    func testPrefixesAreSyslogPrioritiesOnlyOnTheJournal() {
        XCTAssertEqual(Log.journalPrefix(.error, journal: true), "<3>")
        XCTAssertEqual(Log.journalPrefix(.warning, journal: true), "<4>")
        XCTAssertEqual(Log.journalPrefix(.info, journal: true), "<6>")
        XCTAssertEqual(Log.journalPrefix(.debug, journal: true), "<7>")
        for level in [Log.Level.error, .warning, .info, .debug] {
            XCTAssertEqual(Log.journalPrefix(level, journal: false), "")
        }
    }

    func testJournalStreamMustNameStderrItself() {
        var st = stat()
        XCTAssertEqual(fstat(2, &st), 0)
        XCTAssertTrue(Log.stderrIsJournal("\(st.st_dev):\(st.st_ino)"))
        // stderr redirected elsewhere keeps the inherited variable but not the inode.
        XCTAssertFalse(Log.stderrIsJournal("\(st.st_dev):\(UInt64(st.st_ino) &+ 1)"))
        XCTAssertFalse(Log.stderrIsJournal(nil))
        XCTAssertFalse(Log.stderrIsJournal(""))
        XCTAssertFalse(Log.stderrIsJournal("12:not-a-number"))
        XCTAssertFalse(Log.stderrIsJournal("1:2:3"))
    }
}

import HooklineCore

/// Keeps one `begin`/`end` run open per view while a part streams, so the runs a
/// sink sees depend on the content alone, never on where the MTA split chunks.
final class ViewWriter {
    let sink: TextSink
    private(set) var current: TextView?

    init(sink: TextSink) { self.sink = sink }

    @inline(__always)
    func write(_ view: TextView, _ bytes: UnsafeRawBufferPointer) {
        if bytes.isEmpty { return }
        if current != view {
            if current != nil { sink.end() }
            sink.begin(view)
            current = view
        }
        sink.text(bytes)
    }

    func write(_ view: TextView, _ string: String) {
        var s = string
        s.withUTF8 { write(view, UnsafeRawBufferPointer($0)) }
    }

    /// Ends the open run; called at part boundaries and before out-of-band runs such as links.
    func close() {
        if current != nil {
            sink.end()
            current = nil
        }
    }
}

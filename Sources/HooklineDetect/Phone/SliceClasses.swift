private import CSIMD

/// The one door to `CSIMD` in this module: a slice's byte classes as bit maps
/// (``RegionEvidence/scan(_:marking:)``), 64 bytes a step with AVX2.
enum SliceClasses {
    /// Fills `stops`' letter, special and phone maps for `count` bytes at `base` and its
    /// spelled map with the digits; returns whether the slice holds an ASCII capital.
    /// `bytewise`: the C byte loop the vector path is held equal to (tests only).
    @inline(__always)
    static func classify(_ base: UnsafePointer<UInt8>, _ count: Int, into stops: SliceStops, bytewise: Bool = false) -> Bool {
        let capitals =
            bytewise
            ? hookline_slice_classes_bytes(base, count, stops.letters, stops.specials, stops.phone, stops.spelled)
            : hookline_slice_classes(base, count, stops.letters, stops.specials, stops.phone, stops.spelled)
        return capitals != 0
    }
}

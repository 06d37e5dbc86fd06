/// The generated-input tests' seeded numbers (a 64-bit LCG, top bits): the same seed gives the
/// same texts on every run and machine, so a failure names an input that can be made again.
struct Generator {
    var seed: UInt64
    mutating func next(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((seed >> 33) % UInt64(bound))
    }
}

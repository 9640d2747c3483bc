import CNumerics
import Hashes

/// A seeded stream of random numbers from GSL's Mersenne Twister (`gsl_rng_mt19937`).
///
/// The same seed gives the same bits on every run. Parallel work takes one stream per task through
/// `substream(_:)`, whose seed is a SplitMix64 hash of (seed, index), so results do not depend on how
/// tasks are scheduled. A stream is not thread-safe: use it from one task at a time.
public final class RandomStream {
    /// The seed this stream started from.
    public let seed: UInt64
    private let generator: UnsafeMutablePointer<gsl_rng>

    /// A stream seeded with `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        closedform_disable_gsl_abort()
        guard let generator = gsl_rng_alloc(closedform_rng_mt19937()) else {
            preconditionFailure("RandomStream: gsl_rng_alloc returned NULL (out of memory)")
        }
        self.generator = generator
        // MT19937 takes an unsigned long seed; mix so that nearby seeds give unrelated streams.
        gsl_rng_set(generator, UInt(SplitMix64.mix(seed)))
    }

    deinit { gsl_rng_free(generator) }

    /// An independent stream for task `index`, derived deterministically from this stream's seed.
    public func substream(_ index: UInt64) -> RandomStream {
        RandomStream(seed: SplitMix64.mix(seed ^ SplitMix64.mix(index &+ SplitMix64.increment)))
    }

    /// Uniform on (0, 1), excluding both ends (`gsl_rng_uniform_pos`).
    public func uniform() -> Double { gsl_rng_uniform_pos(generator) }

    /// Uniform integer in 0..<upperBound (`gsl_rng_uniform_int`).
    public func integer(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "RandomStream.integer: upper bound \(upperBound) must be positive")
        return Int(gsl_rng_uniform_int(generator, UInt(upperBound)))
    }

    /// Standard normal N(0, 1) (`gsl_ran_gaussian_ziggurat`).
    public func gaussian() -> Double { gsl_ran_gaussian_ziggurat(generator, 1.0) }

    /// `count` independent standard normals.
    public func gaussians(_ count: Int) -> [Double] { (0..<count).map { _ in gaussian() } }

    /// An index drawn with probabilities proportional to `cumulativeWeights` increments
    /// (a nondecreasing array whose last entry is the total).
    public func categorical(cumulativeWeights: [Double]) -> Int {
        let target = uniform() * (cumulativeWeights.last ?? 0)
        var low = 0, high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

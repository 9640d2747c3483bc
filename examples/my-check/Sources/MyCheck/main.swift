import ClosedForm

// p₀ = ½ N(0, Σ) + ½ (a noisy line through (3, 0)) in ℝ².
let mixture = try GaussianMixture(
    weights: [0.5, 0.5],
    components: [
        Gaussian(mean: [0, 0], covariance: Matrix(rows: 2, columns: 2, elements: [1, 0.3, 0.3, 1])),
        Gaussian(mean: [3, 0], basis: Matrix(rows: 2, columns: 1, elements: [1, 0]), variances: [2], noise: 0.05),
    ])

// Its exact diffusion under the VP schedule, at t = 0.3.
let diffusion = ExactMixtureScore(data: mixture, schedule: .vp)
let points = mixture.sample(count: 4, stream: RandomStream(seed: 7))  // 4×2, one point per row
let score = try diffusion.score(points, time: 0.3)                    // ∇log p_t, 4×2
let logDensity = try diffusion.logDensity(points, time: 0.3)          // log p_t, 4 values
let denoised = try diffusion.denoise(points, time: 0.3)               // E[x₀|x_t], 4×2
print(PointsFile.render(denoised), terminator: "")

// Model files in the command-line format, and a divergence (Monte Carlo: P is a mixture).
try ModelFile.write(mixture, to: "mixture.json")
let q = GaussianMixture(try Gaussian(mean: [1, 0], covariance: Matrix.identity(2)))
let kl = try Divergence.evaluate(.kl, from: try ModelFile.read(path: "mixture.json"), to: q, samples: 100_000, seed: 1)
print(kl.method.rawValue, kl.value, "±", kl.standardError)
// [D]'s sampler (EDM Heun, 18 steps, VE) on the exact score, from a seed: 1000×3 samples of p₀.
let mixture3 = try ModelFile.read(path: "examples/model.json")
let sampler = try HeunEDMSampler(steps: 18)
let samples = try sampler.sample(ExactMixtureScore(data: mixture3, schedule: .ve), count: 1000, stream: RandomStream(seed: 1))

// Certified subspace clustering [C] of ten points near two lines.
let linePoints = try PointsFile.read(path: "examples/two-lines.csv", dimension: nil)
let clustering = try ExactSubspaceClustering(subspaces: 2, dimension: 1).solve(linePoints)
print(clustering.labels, clustering.certified, clustering.residual)
// KL(P ‖ Q) ≤ χ²(P ‖ Q) on two random Gaussians of the `pair` scenario (one component each: exact).
let claim = try SwiftClaim(
    key: "mine.kl-below-chi2", title: "KL is at most χ²", citation: "my notes, Lemma 1", side: .upper,
    scenario: PairScenario(), domains: ["components_p": .integer(1...1), "components_q": .integer(1...1)],
    quantities: ["kl", "chi2"],
    measured: { try $0.quantity("kl") }, bound: { try $0.quantity("chi2") })
var claims = ClaimSet()
try claims.register(claim)
for outcome in claims.check(CounterexampleSearch(trials: 500, seed: 1)) {
    print(outcome.key, outcome.verdict.description, outcome.ratio!, "±", outcome.standardError, outcome.pointDescription)
}

// Whether antithetic draws would reduce the variance of [B]'s per-generation Monte-Carlo divergences, measured
// rather than assumed. The retraining simulator does not use them; this program is the evidence.
//
//   swift build -c release --package-path Benchmarks --product closedform-variance-reduction-benchmark
//   Benchmarks/.build/release/closedform-variance-reduction-benchmark [N (4000)] [pairs (20000)]
//
// Setting: [B]'s GMM target (n = 10, 5 components, σ = 0.6); p̂¹ = the KDE (h = 0.6 or 0.12) of N draws of
// p_data, p̂² = the KDE of N draws of q₁ = ½p_data + ½p̂¹ (α = ½). For each law it draws M pairs
// (j, z): a centre x_j and z ~ N(0, I), and evaluates the integrands of KL(p̂‖p_data) = E_p̂[log p̂ − log p_data]
// and H²(p̂, p_data) = 1 − E_p̂[√(p_data/p̂)] at x_j + hz and at its antithetic partner x_j − hz.
//
// Printed: Var(mean of M antithetic pairs) / Var(mean of 2M independent draws), the same number of density
// evaluations on both sides, each variance estimated from the draws themselves. Below 1, antithetic draws
// help; above 1, they hurt. The integrands are close to even in z about each centre (the kernel's own
// quadratic dominates log p̂ near x_j), so the two halves of a pair are positively correlated and the
// ratio is 1 + corr.
import ClosedForm
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let trainingSize = arguments.first ?? 4_000
let pairs = arguments.count > 1 ? arguments[1] : 20_000
let settings = RetrainingGMMExperiment.Settings(scale: .paper)
let target = try RetrainingGMMExperiment.target(settings)
let logTarget = MixtureLogDensity(target)

/// Var(pair means)/M ÷ Var(all 2M values)/(2M), from the values at x_j + hz (`plus`) and x_j − hz (`minus`).
func antitheticRatio(_ plus: [Double], _ minus: [Double]) -> (mean: Double, ratio: Double) {
    func variance(_ values: [Double]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
    }
    let all = variance(plus + minus), paired = variance(zip(plus, minus).map { 0.5 * ($0 + $1) })
    return (all.mean, (paired.variance / Double(plus.count)) / (all.variance / Double(2 * plus.count)))
}

print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; N = \(trainingSize) centres, \(pairs) antithetic pairs per law")
print("   h  law   KL(p̂‖p_data)  ratio    H²(p̂, p_data)  ratio")
for h in [settings.bandwidth, settings.finiteBandwidth] {
    let rule = try KernelDensityEstimate(bandwidth: h)
    let first = try rule.fit(target.sample(count: trainingSize, stream: RandomStream(seed: 1)), schedule: .ou)
    let firstLaw = first.law!
    let training = try GaussianMixture(weights: target.weights.map { 0.5 * $0 } + firstLaw.weights.map { 0.5 * $0 },
                                       components: target.components + firstLaw.components)
    let second = try rule.fit(training.sample(count: trainingSize, stream: RandomStream(seed: 2)), schedule: .ou)
    for (name, fitted) in [("p̂¹", first), ("p̂²", second)] {
        let n = fitted.dimension, stream = RandomStream(seed: 3)
        var plus = Matrix(rows: pairs, columns: n, elements: [Double](repeating: 0, count: pairs * n)), minus = plus
        for i in 0..<pairs {
            let j = stream.integer(below: fitted.centres.rows)
            for c in 0..<n {
                let centre = fitted.centres.elements[j * n + c], step = h * stream.gaussian()
                plus.elements[i * n + c] = centre + step
                minus.elements[i * n + c] = centre - step
            }
        }
        let logLaw = MixtureLogDensity(fitted.law!)
        let (lpPlus, lqPlus, lpMinus, lqMinus) = (try logLaw(plus), try logTarget(plus), try logLaw(minus), try logTarget(minus))
        let kl = antitheticRatio(zip(lpPlus, lqPlus).map { $0 - $1 }, zip(lpMinus, lqMinus).map { $0 - $1 })
        let hellinger = antitheticRatio(zip(lpPlus, lqPlus).map { 1 - exp(0.5 * ($1 - $0)) },
                                        zip(lpMinus, lqMinus).map { 1 - exp(0.5 * ($1 - $0)) })
        print(String(format: "%4.2f  %@  %12.4f  %5.2f  %14.4f  %5.2f", h, name, kl.mean, kl.ratio, hellinger.mean, hellinger.ratio))
    }
}

// swift-tools-version: 6.0
import PackageDescription

// The benchmark executables, in a package of their own so that building ClosedForm does not compile them.
// Build from the repository root with `swift build -c release --package-path Benchmarks`; the binaries
// land in Benchmarks/.build/release/.
let closedForm = Target.Dependency.product(name: "ClosedForm", package: "ClosedForm")

let package = Package(
    name: "ClosedFormBenchmarks",
    dependencies: [
        .package(name: "ClosedForm", path: ".."),
    ],
    targets: [
        .executableTarget(name: "closedform-benchmarks", dependencies: [closedForm], path: "ScoreThroughput"),
        .executableTarget(name: "closedform-retraining-benchmark", dependencies: [closedForm], path: "RetrainingThroughput"),
        .executableTarget(name: "closedform-sampler-benchmark", dependencies: [closedForm], path: "SamplerThroughput"),
        .executableTarget(name: "closedform-exact-clustering-benchmark", dependencies: [closedForm], path: "ExactClustering"),
        .executableTarget(name: "closedform-kde-benchmark", dependencies: [closedForm], path: "KDEThroughput"),
        .executableTarget(name: "closedform-mlp-benchmark", dependencies: [closedForm], path: "MLPTraining"),
        .executableTarget(name: "closedform-csv-benchmark", dependencies: [closedForm], path: "CSVThroughput"),
        .executableTarget(name: "closedform-variance-reduction-benchmark", dependencies: [closedForm], path: "VarianceReduction"),
    ]
)

// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ClosedForm",
    products: [
        .library(name: "ClosedForm", targets: ["ClosedForm"]),
        .executable(name: "closedform", targets: ["closedform"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(name: "CNumerics", path: "Sources/CNumerics"),
        .target(name: "LinearAlgebra", dependencies: ["CNumerics"]),
        .target(name: "DataFiles", dependencies: ["LinearAlgebra"]),
        .target(name: "GaussianMixtures", dependencies: ["LinearAlgebra", "DataFiles"]),
        .target(name: "Diffusion", dependencies: ["GaussianMixtures", "LinearAlgebra"]),
        .target(name: "SubspaceClustering", dependencies: ["GaussianMixtures", "LinearAlgebra", "DataFiles"]),
        .target(name: "ScoreEstimators", dependencies: ["SubspaceClustering", "Diffusion", "GaussianMixtures", "LinearAlgebra", "DataFiles"]),
        .target(name: "Reports", dependencies: ["LinearAlgebra", "DataFiles"]),
        .target(name: "Theory", dependencies: ["CNumerics", "SubspaceClustering", "ScoreEstimators", "Reports", "Diffusion", "GaussianMixtures", "LinearAlgebra", "DataFiles"]),
        .target(name: "ClosedForm", dependencies: ["LinearAlgebra", "DataFiles", "GaussianMixtures", "Diffusion", "SubspaceClustering", "ScoreEstimators", "Reports", "Theory"]),
        .executableTarget(
            name: "closedform",
            dependencies: ["ClosedForm", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "closedform-benchmarks",
            dependencies: ["ClosedForm"],
            path: "Benchmarks/ScoreThroughput"
        ),
        .executableTarget(
            name: "closedform-retraining-benchmark",
            dependencies: ["ClosedForm"],
            path: "Benchmarks/RetrainingThroughput"
        ),
        .executableTarget(
            name: "closedform-sampler-benchmark",
            dependencies: ["ClosedForm"],
            path: "Benchmarks/SamplerThroughput"
        ),
        .executableTarget(
            name: "closedform-exact-clustering-benchmark",
            dependencies: ["SubspaceClustering", "LinearAlgebra"],
            path: "Benchmarks/ExactClustering"
        ),
        .executableTarget(
            name: "closedform-kde-benchmark",
            dependencies: ["ClosedForm"],
            path: "Benchmarks/KDEThroughput"
        ),
        .executableTarget(
            name: "closedform-mlp-benchmark",
            dependencies: ["ScoreEstimators", "Diffusion", "GaussianMixtures", "LinearAlgebra"],
            path: "Benchmarks/MLPTraining"
        ),
        // Shared by the property tests: fixed seeds by default, CLOSEDFORM_LONG_TESTS=1 for random seeds and 2× trials.
        .target(
            name: "PropertySupport",
            dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/PropertySupport"
        ),
        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: ["LinearAlgebra", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "GaussianMixturesTests",
            dependencies: ["GaussianMixtures", "LinearAlgebra", "DataFiles", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "DiffusionTests",
            dependencies: ["Diffusion", "GaussianMixtures", "LinearAlgebra", "DataFiles", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "ScoreEstimatorsTests",
            dependencies: ["ScoreEstimators", "Diffusion", "GaussianMixtures", "LinearAlgebra", "DataFiles", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "SubspaceClusteringTests",
            dependencies: ["SubspaceClustering", "GaussianMixtures", "LinearAlgebra", "DataFiles", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"],
            exclude: ["__Snapshots__", "Schemas"]
        ),
        .testTarget(
            name: "TheoryTests",
            dependencies: ["Theory", "ScoreEstimators", "Reports", "Diffusion", "GaussianMixtures", "LinearAlgebra", "DataFiles", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["closedform", "ClosedForm"]
        ),
        // README.md's examples, run as a reader runs them: the runner, its tests, and the refresh tool
        // (scripts/refresh-examples.sh) that rewrites the shown outputs.
        .target(name: "ExampleRunner", path: "Tests/ExampleRunner"),
        .testTarget(
            name: "ExamplesTests",
            dependencies: ["ExampleRunner", "closedform"]
        ),
        .executableTarget(
            name: "closedform-refresh-examples",
            dependencies: ["ExampleRunner", "closedform"],
            path: "Tests/ExampleRefresh"
        ),
    ]
)

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
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CNumerics", path: "Sources/CNumerics"),
        .target(name: "Hashes"),
        .target(name: "NumberFormats"),
        .target(name: "InputErrors", dependencies: ["NumberFormats"]),
        .target(name: "CLogSumExp"),
        .target(name: "LinearAlgebra", dependencies: ["CNumerics", "CLogSumExp"]),
        .target(name: "RandomStreams", dependencies: ["CNumerics", "Hashes", "LinearAlgebra"]),
        .target(name: "OptimalTransport", dependencies: ["LinearAlgebra"]),
        .target(name: "DataFiles", dependencies: ["InputErrors", "LinearAlgebra", "NumberFormats"]),
        .target(name: "GaussianMixtures", dependencies: ["DataFiles", "InputErrors", "LinearAlgebra", "OptimalTransport", "RandomStreams"]),
        .target(name: "Diffusion", dependencies: ["GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams"]),
        .target(name: "SubspaceClustering", dependencies: ["InputErrors", "LinearAlgebra", "OptimalTransport", "RandomStreams"]),
        .target(name: "ScoreEstimators", dependencies: ["DataFiles", "Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "SubspaceClustering"]),
        .target(name: "Reports", dependencies: ["DataFiles", "InputErrors", "LinearAlgebra", "NumberFormats"]),
        .target(name: "ScoreErrors", dependencies: ["CNumerics", "Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "ScoreEstimators"]),
        .target(name: "Sweeps", dependencies: ["DataFiles", "InputErrors", "LinearAlgebra"]),
        .target(name: "Retraining", dependencies: ["CNumerics", "Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "ScoreErrors", "ScoreEstimators", "Sweeps"]),
        .target(name: "Theorems", dependencies: ["InputErrors", "Retraining"]),
        .target(name: "Scenarios", dependencies: ["Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "Retraining", "ScoreErrors", "ScoreEstimators", "SubspaceClustering"]),
        .target(name: "Checking", dependencies: ["Diffusion", "GaussianMixtures", "Hashes", "InputErrors", "LinearAlgebra", "RandomStreams", "Retraining", "Scenarios", "ScoreErrors", "SubspaceClustering", "Theorems"]),
        .target(name: "ClaimFiles", dependencies: ["Checking", "InputErrors", "Scenarios", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "Experiments", dependencies: ["DataFiles", "Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "Reports", "Retraining", "ScoreEstimators", "SubspaceClustering", "Sweeps", "Theorems"]),
        .target(name: "ClosedForm", dependencies: [
            "Hashes", "NumberFormats", "InputErrors", "LinearAlgebra", "RandomStreams", "OptimalTransport", "DataFiles", "GaussianMixtures", "Diffusion",
            "SubspaceClustering", "ScoreEstimators", "Reports", "ScoreErrors", "Sweeps", "Retraining", "Theorems", "Scenarios", "Checking", "ClaimFiles", "Experiments",
        ]),
        .executableTarget(
            name: "closedform",
            dependencies: ["ClosedForm", "LinearAlgebra", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Shared by the property tests: fixed seeds by default, CLOSEDFORM_LONG_TESTS=1 for random seeds and 2× trials.
        .target(
            name: "PropertySupport",
            dependencies: ["Hashes", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/PropertySupport"
        ),
        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: ["LinearAlgebra", "RandomStreams", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "GaussianMixturesTests",
            dependencies: ["DataFiles", "GaussianMixtures", "NumberFormats", "InputErrors", "LinearAlgebra", "OptimalTransport", "RandomStreams", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "DiffusionTests",
            dependencies: ["Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "ScoreEstimatorsTests",
            dependencies: ["Diffusion", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "ScoreEstimators", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "SubspaceClusteringTests",
            dependencies: ["GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "SubspaceClustering", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "RandomStreamsTests",
            dependencies: ["RandomStreams"]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"],
            exclude: ["__Snapshots__", "Schemas"]
        ),
        .testTarget(
            name: "TheoryTests",
            dependencies: ["Checking", "Diffusion", "Experiments", "GaussianMixtures", "InputErrors", "LinearAlgebra", "RandomStreams", "Reports", "Retraining", "ScoreErrors", "ScoreEstimators", "Sweeps", "Theorems", .product(name: "PropertyBased", package: "swift-property-based"), "PropertySupport"]
        ),
        .testTarget(
            name: "ClaimFilesTests",
            dependencies: ["Checking", "ClaimFiles", "GaussianMixtures", "InputErrors", "Scenarios", "Theorems"]
        ),
        .testTarget(
            name: "ScenariosTests",
            dependencies: ["Checking", "Diffusion", "GaussianMixtures", "LinearAlgebra", "RandomStreams", "Retraining", "Scenarios", "ScoreErrors", "SubspaceClustering"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["closedform", "ClosedForm", "LinearAlgebra"]
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

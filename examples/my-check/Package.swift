// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MyCheck",
    dependencies: [
        .package(path: "../ClosedForm"),  // or .package(url: "<repository URL>", branch: "main")
    ],
    targets: [
        .executableTarget(
            name: "MyCheck",
            dependencies: [.product(name: "ClosedForm", package: "ClosedForm")]
        ),
    ]
)

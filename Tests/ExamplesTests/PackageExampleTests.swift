import ExampleRunner
import Foundation
import Testing

/// README.md's "Using ClosedForm from another Swift package": its `Package.swift` and `main.swift` blocks
/// become a real package depending on this repository by path, which is built (the whole library, in a
/// scratch folder under `.build/package-example/`, reused by later runs) and run from a fresh copy of
/// `examples/`; it prints exactly the README's `package-output` block.
@Suite("Documentation examples: Swift package")
struct PackageExampleTests {
    @Test("Documentation examples: the Swift-package example builds against this package and prints what README.md shows (CLOSEDFORM_LONG_TESTS=1)",
          .enabled(if: ExampleLocations.longTests, "builds the whole library a second time: runs with CLOSEDFORM_LONG_TESTS=1"))
    func swiftPackageExample() throws {
        let document = try ExampleDocument(root: ExampleLocations.root, path: "README.md")
        let example = try #require(document.package, "README.md has no Swift-package example")
        let output = try PackageExampleBuild.run(example, root: ExampleLocations.root, binary: try ExampleLocations.binary())
        if !OutputPattern.matches(shown: example.output, actual: output) {
            Issue.record("""
                README.md:\(example.outputLines.lowerBound + 1): the Swift-package example printed
                \(output.joined(separator: "\n"))
                where README.md shows
                \(example.output.joined(separator: "\n"))
                """)
        }
    }
}

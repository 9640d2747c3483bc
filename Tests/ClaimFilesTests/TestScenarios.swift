import Checking
import ClaimFiles
import Scenarios

/// A small scenario for the tests: an exact array D[k] = k·x (k = 1…G) and a Monte-Carlo scalar `noisy`
/// whose value and standard error are parameters, so the 4·SE rule can be tested at known values.
struct ArrayTestScenario: Scenario {
    var name: String { "test-array" }
    var summary: String { "test scenario" }
    var parameters: [ScenarioParameter] {
        [ScenarioParameter("G", .integer(2...5), "generations"), ScenarioParameter("x", .real(0...1, logScale: false), "scale"),
         ScenarioParameter("error", .real(0...0, logScale: false), "standard error of noisy")]
    }
    var quantities: [ScenarioQuantity] {
        [ScenarioQuantity("D", "k·x", citation: "test", method: .exact, isArray: true),
         ScenarioQuantity("noisy", "x with standard error `error`", citation: "test", method: .monteCarlo)]
    }

    func evaluate(_ arguments: [String: ScenarioArgument], requested: Set<String>) throws -> ScenarioCase {
        guard case .integer(let g)? = arguments["G"], let x = arguments["x"]?.real, let error = arguments["error"]?.real else {
            preconditionFailure("test-array: arguments \(arguments)")
        }
        var values: [String: ScenarioQuantityValue] = [:]
        if requested.contains("D") { values["D"] = .array((1...g).map { MeasuredValue(Double($0) * x) }) }
        if requested.contains("noisy") { values["noisy"] = .scalar(MeasuredValue(x, standardError: error)) }
        return .evaluated(values)
    }
}

/// Compiles a claim file's text against the catalogue and the test scenario.
func compile(_ text: String, path: String = "t.toml") throws -> FileClaim {
    try FileClaim(try ClaimFile.parse(text, path: path), scenarios: ScenarioCatalog.all + [ArrayTestScenario()])
}

/// The header of a claim on `scenario` with the given sides.
func claimText(scenario: String = "pair", side: String = "upper", measured: String = "kl", bound: String = "log1p(chi2)",
               extra: String = "") -> String {
    """
    key = "test.claim"
    side = "\(side)"
    scenario = "\(scenario)"
    measured = "\(measured)"
    bound = "\(bound)"
    \(extra)
    """
}

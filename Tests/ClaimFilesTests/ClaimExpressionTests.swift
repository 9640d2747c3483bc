import Checking
@testable import ClaimFiles
import Foundation
import Scenarios
import Testing

/// The expression language of claim files: grammar, IEEE arithmetic, NaN as an evaluation error, and the
/// delta-method standard error.
@Suite("ClaimFiles: expressions")
struct ClaimExpressionTests {
    private func value(_ text: String, parameters: [String: Double] = [:], quantities: [String: ScenarioQuantityValue] = [:]) throws -> Double {
        try ClaimExpressionParser.parse(text).evaluate(ClaimEnvironment(parameters: parameters, quantities: quantities)).value
    }

    @Test("core.claim-files: precedence, unary minus, right-associative ^, numbers with exponents, functions, sum")
    func grammar() throws {
        #expect(try value("1 + 2 * 3") == 7)
        #expect(try value("-2^2") == -4)           // −(2²)
        #expect(try value("2^3^2") == 512)          // 2^(3^2)
        #expect(try value("2^-1") == 0.5)
        #expect(try value("1e-3 * 2E+2") == 0.2)
        #expect(try value("(1 + 2) * 3") == 9)
        #expect(try value("min(3, 1, 2) + max(1, 5) + pow(2, 10) + abs(-3)") == 1 + 5 + 1024 + 3)
        #expect(try value("log1p(expm1(0.5)) + sqrt(16) + exp(log(2))") == 0.5 + 4 + 2)
        #expect(try value("sum(k, 1, 4, k^2)") == 30)
        #expect(try value("sum(k, 3, 2, k)") == 0)  // empty sum
        #expect(try value("a * b", parameters: ["a": 3, "b": 4]) == 12)
    }

    @Test("core.claim-files: inf is a number; arithmetic on ∞ follows IEEE 754 (1/0 = ∞, ∞ − ∞ = NaN)")
    func ieee() throws {
        #expect(try value("inf") == .infinity)
        #expect(try value("1 / 0") == .infinity)
        #expect(try value("-1 / 0") == -.infinity)
        #expect(try value("inf - inf").isNaN)
        #expect(try value("log(-1)").isNaN)
        #expect(try value("exp(-inf)") == 0)
    }

    @Test("core.claim-files: D[k] indexing from 1; an index outside 1…G or a NaN quantity is an evaluation error")
    func indexing() throws {
        let d: [String: ScenarioQuantityValue] = ["D": .array([MeasuredValue(10), MeasuredValue(20)]), "q": .scalar(MeasuredValue(.nan, reason: "because"))]
        #expect(try value("D[1] + D[2]", quantities: d) == 30)
        #expect(try value("sum(k, 1, 2, D[k])", quantities: d) == 30)
        #expect(throws: ClaimEvaluationError.self) { try value("D[3]", quantities: d) }
        #expect(throws: ClaimEvaluationError.self) { try value("D[1.5]", quantities: d) }
        #expect(throws: ClaimEvaluationError("q is NaN: because")) { try value("q + 1", quantities: d) }
    }

    @Test("core.claim-files: syntax errors point at the offending character")
    func syntaxErrors() {
        let cases: [(String, Int)] = [("1 +", 3), ("(1 + 2", 6), ("2 * * 3", 4), ("a = 1", 2), ("foo(1)", 0), ("exp(1, 2)", 0),
                                      ("1 < 2 < 3", 6), ("sum(1, 2, 3, 4)", 4), ("1 $ 2", 2), ("", 0)]
        for (text, offset) in cases {
            #expect(throws: ClaimExpressionError.self, "\(text)") { try ClaimExpressionParser.parse(text) }
            do { _ = try ClaimExpressionParser.parse(text) } catch let error as ClaimExpressionError {
                #expect(error.offset == offset, "\(text): \(error)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test("core.claim-files: the ratio's standard error (delta method) matches a finite-difference propagation")
    func deltaMethod() throws {
        // measured = kl (SE 0.01), bound = log1p(chi2) (chi2 SE 0.02): ratio = kl / log1p(chi2).
        let quantities: [String: ScenarioQuantityValue] = ["kl": .scalar(MeasuredValue(0.3, standardError: 0.01)),
                                                           "chi2": .scalar(MeasuredValue(0.5, standardError: 0.02))]
        let environment = ClaimEnvironment(parameters: [:], quantities: quantities)
        let m = try ClaimExpressionParser.parse("kl").evaluate(environment), b = try ClaimExpressionParser.parse("log1p(chi2)").evaluate(environment)
        let (ratio, error) = FileClaim.ratio(side: .upper, measured: m, bound: b, tolerance: 1e-9, errors: environment.errors)
        #expect(abs(ratio - 0.3 / (log1p(0.5) + FileClaim.absoluteSlack)) < 1e-15)
        // ∂r/∂kl = 1/log1p(chi2), ∂r/∂chi2 = −kl/(log1p(chi2)² (1 + chi2)).
        let relaxed = log1p(0.5) + FileClaim.absoluteSlack
        let expected = ((0.01 / relaxed) * (0.01 / relaxed) + pow(0.02 * 0.3 / (relaxed * relaxed * 1.5), 2)).squareRoot()
        #expect(abs(error - expected) <= 1e-12 * expected)  // the same derivatives, evaluated in another order: rounding only
    }
}

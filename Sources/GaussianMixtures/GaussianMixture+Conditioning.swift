import Foundation

extension GaussianMixture {
    /// Condition number beyond which a component draws a warning. Solving with Σ_k (the score's Σ_k⁻¹(x − μ_k),
    /// the quadratic form of log N_k) can lose up to log₁₀ κ of the 16 significant digits of a double, so at
    /// κ = 1e12 a result keeps about 4 reliable digits in its worst direction.
    public static let conditionWarningThreshold = 1e12

    /// One warning per component whose covariance has condition number κ = λ_max/λ_min above
    /// `conditionWarningThreshold` (δ² counted for a low-rank component, whose κ is (v_max + δ²)/δ²).
    /// - Parameter context: appended to the number, e.g. `at t = 1e-12`.
    public func conditioningWarnings(context: String = "") -> [NumericalWarning] {
        var warnings: [NumericalWarning] = []
        for (index, component) in components.enumerated() {
            let kappa = component.spectrum.conditionNumber
            guard kappa > GaussianMixture.conditionWarningThreshold else { continue }
            let field: String
            if case .full = component.form { field = "components[\(index)].covariance" } else { field = "components[\(index)]" }
            let digits = kappa.isFinite ? Int(log10(kappa).rounded()) : 16
            let loss = digits >= 16 ? "scores may keep no reliable digit in its worst direction"
                : "scores may lose up to \(digits) of 16 digits"
            let suffix = context.isEmpty ? "" : " \(context)"
            warnings.append(NumericalWarning(field: field, message: "condition number \(compactScientific(kappa))\(suffix); \(loss)"))
        }
        return warnings
    }
}

/// `3.1e13`, `1.0e-12`: two significant digits, no `+`, no leading zeros in the exponent.
func compactScientific(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return "\(value)" }
    let exponent = Int(log10(abs(value)).rounded(.down))
    var mantissa = value / pow(10, Double(exponent))
    var power = exponent
    if abs(mantissa) >= 9.95 { mantissa /= 10; power += 1 }
    return String(format: "%.1f", mantissa) + "e\(power)"
}

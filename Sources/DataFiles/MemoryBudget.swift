import Foundation
import InputErrors

/// The memory a command may plan to use, checked BEFORE the large allocations it would make, so that a
/// hostile or mistaken input (a model claiming a huge dimension, a points file of billions of rows, a
/// `--count` of 10⁸ in 4096 dimensions) ends with a one-line `InputError` instead of an out-of-memory kill.
///
/// The budget is half of physical memory (`sysconf(_SC_PHYS_PAGES) · sysconf(_SC_PAGESIZE)`), or the
/// value of the environment variable `CLOSEDFORM_MEMORY_LIMIT`: a byte count with an optional binary
/// suffix `K`, `M`, `G` or `T` (e.g. `512M`, `8G`). Estimates are deliberately rough (within a factor of
/// about two of the peak) and err on the high side.
public enum MemoryBudget {
    /// The environment variable that overrides the budget.
    public static let environmentVariable = "CLOSEDFORM_MEMORY_LIMIT"
    /// The share of physical memory used when the variable is not set.
    public static let physicalMemoryFraction = 0.5

    /// The budget in bytes.
    /// - Throws: `InputError` naming `CLOSEDFORM_MEMORY_LIMIT` when it is set but not a byte count.
    public static func bytes() throws -> Double {
        if let text = ProcessInfo.processInfo.environment[environmentVariable] {
            return try parse(text)
        }
        let pages = Double(max(0, sysconf(Int32(_SC_PHYS_PAGES)))), pageSize = Double(max(0, sysconf(Int32(_SC_PAGESIZE))))
        let physical = pages * pageSize
        return physical > 0 ? physicalMemoryFraction * physical : 4 * 1024 * 1024 * 1024
    }

    /// Parses a byte count such as `1000000`, `512M` or `8G` (binary multiples).
    /// - Throws: `InputError` naming `CLOSEDFORM_MEMORY_LIMIT` otherwise.
    public static func parse(_ text: String) throws -> Double {
        let multipliers: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024]
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var multiplier = 1.0
        if let last = digits.last?.uppercased().first, let factor = multipliers[last] {
            multiplier = factor
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value.isFinite, value > 0 else {
            throw InputError(source: environmentVariable, field: "",
                             reason: "'\(InputText.printable(text))' is not a byte count (e.g. 1000000, 512M, 8G)")
        }
        return value * multiplier
    }

    /// Throws unless `estimate` bytes fit in the budget.
    /// - Parameters:
    ///   - estimate: the planned peak, in bytes.
    ///   - source, field: where the size comes from (a file and field, or an option), for the message.
    ///   - what: the quantity, e.g. `1000000 points × dimension 4096`.
    ///   - limit: the budget; by default `bytes()`.
    /// - Throws: `InputError` naming the source, the field, the estimate and the budget.
    public static func require(_ estimate: Double, source: String, field: String, what: String, limit: Double? = nil) throws {
        let budget = try limit ?? bytes()
        guard estimate <= budget else {
            throw InputError(source: source, field: field,
                             reason: "\(what) needs about \(format(estimate)) of memory, over the budget of \(format(budget)) (\(origin))")
        }
    }

    /// Where the budget comes from, for messages.
    private static var origin: String {
        ProcessInfo.processInfo.environment[environmentVariable] != nil
            ? "set by \(environmentVariable)" : "half of physical memory; set \(environmentVariable) to change it"
    }

    /// A byte count for people: `1.5 GiB`, `12 MiB`, `512 B`.
    public static func format(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if !value.isFinite { return "more than 1 ZiB" }
        return unit == 0 ? "\(Int(value)) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }
}

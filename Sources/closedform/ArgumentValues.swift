import ArgumentParser
import ClosedForm

// The library's enumerations as option values: `--help` lists their values (CaseIterable), and a value
// that is none of them is argument-parser's usage error (exit status 2, one line).

extension NoiseSchedule: ExpressibleByArgument {
    /// The schedule's name, in any case (`VE` is `ve`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension DivergenceMetric: ExpressibleByArgument {
    /// The metric's name, in any case (`KL` is `kl`).
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension ScoreErrorEnergy.Path: ExpressibleByArgument {
    /// `learned` or `ideal`, in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension TableFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension ExperimentScale: ExpressibleByArgument {}
extension GenerationSampling: ExpressibleByArgument {}
extension ReconstructionDynamics: ExpressibleByArgument {}
extension SamplerKind: ExpressibleByArgument {}

extension TimeGrid.Spacing: ExpressibleByArgument {
    /// `uniform` or `log-uniform` (the command line's spelling of `logUniform`).
    public init?(argument: String) {
        guard let spacing = Self.allCases.first(where: { $0.defaultValueDescription == argument }) else { return nil }
        self = spacing
    }

    public var defaultValueDescription: String {
        switch self {
        case .uniform: return "uniform"
        case .logUniform: return "log-uniform"
        }
    }

    public static var allValueStrings: [String] { allCases.map(\.defaultValueDescription) }
    public static var allValueDescriptions: [String: String] { [:] }
}

extension ReproductionTarget: ExpressibleByArgument {
    /// `all`, `closed-forms` or an experiment's name.
    public init?(argument: String) {
        guard let target = try? ReproductionTarget(name: argument) else { return nil }
        self = target
    }

    public var defaultValueDescription: String { name }
    public static var allValueStrings: [String] { allCases.map(\.name) }
}

/// A comma-separated list of option values, e.g. `--format latex,md,csv` or `--dynamics ode,sde`: every
/// entry is one of `Value`'s, in the order given.
struct CommaSeparated<Value: ExpressibleByArgument & CaseIterable>: ExpressibleByArgument {
    /// The entries, in the order given.
    var values: [Value]

    init(_ values: [Value]) { self.values = values }

    /// Nil when an entry is empty or not one of `Value`'s values (argument-parser then names the option,
    /// the text and the valid values).
    init?(argument: String) {
        var values: [Value] = []
        for entry in argument.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Value(argument: entry.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        self.values = values
    }

    var defaultValueDescription: String { values.map(\.defaultValueDescription).joined(separator: ",") }

    static var allValueStrings: [String] { Value.allValueStrings }
}

import InputErrors
import DataFiles

/// What a `Reproduction` runs: every experiment, the closed forms on built-in models (`ClosedFormsDemo`),
/// or one paper experiment of `ExperimentCatalog`. Named on the command line by `all`, `closed-forms` or
/// the experiment's name.
public enum ReproductionTarget: Sendable, CaseIterable, CustomStringConvertible {
    /// The closed forms, then every experiment of `ExperimentCatalog.all` in order.
    case all
    /// The closed forms on built-in models only.
    case closedForms
    /// One paper experiment.
    case experiment(any PaperExperiment)

    /// The name of `closedForms`, also its subdirectory.
    public static let closedFormsName = "closed-forms"

    /// `all`, `closedForms`, then every experiment of the catalog.
    public static var allCases: [ReproductionTarget] { [.all, .closedForms] + ExperimentCatalog.all.map { .experiment($0) } }

    /// The target called `name`.
    /// - Throws: `InputError` naming the experiment and listing the valid names.
    public init(name: String) throws {
        switch name {
        case "all": self = .all
        case Self.closedFormsName: self = .closedForms
        default: self = .experiment(try ExperimentCatalog.experiment(named: name))
        }
    }

    /// The name on the command line.
    public var name: String {
        switch self {
        case .all: return "all"
        case .closedForms: return Self.closedFormsName
        case .experiment(let experiment): return experiment.name
        }
    }

    public var description: String { name }

    /// Whether the closed forms run.
    var includesClosedForms: Bool {
        switch self {
        case .all, .closedForms: return true
        case .experiment: return false
        }
    }

    /// The paper experiments that run, in order.
    var experiments: [any PaperExperiment] {
        switch self {
        case .all: return ExperimentCatalog.all
        case .closedForms: return []
        case .experiment(let experiment): return [experiment]
        }
    }
}

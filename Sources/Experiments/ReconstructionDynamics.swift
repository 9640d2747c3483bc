import Diffusion

/// The reverse dynamics of a reconstruction [E]: the probability-flow ODE (Euler) or the reverse SDE
/// (Euler–Maruyama).
public enum ReconstructionDynamics: String, CaseIterable, Sendable {
    case ode, sde

    /// The sampler that integrates it.
    public var sampler: any ReverseTimeSampler {
        switch self {
        case .ode: return ProbabilityFlowEulerSampler()
        case .sde: return EulerMaruyamaSampler()
        }
    }
}

/// The reverse-time samplers by the names `closedform sample-diffusion --sampler` gives them.
///
/// All but `heunEDM` run on a `TimeGrid` from T down to t₀; `heunEDM` is Karras et al.'s second-order Heun
/// sampler on the σ-levels of `HeunEDMSampler` ([D]'s sampler).
public enum SamplerKind: String, CaseIterable, Sendable {
    /// The reverse SDE by Euler–Maruyama (`EulerMaruyamaSampler`).
    case eulerMaruyama = "euler-maruyama"
    /// The probability-flow ODE by Euler steps (`ProbabilityFlowEulerSampler`).
    case probabilityFlow = "probability-flow"
    /// Heun's method on the probability-flow ODE, on EDM's σ-levels (`HeunSampler`, `HeunEDMSampler`).
    case heunEDM = "heun-edm"
    /// DDIM with η = 0 (`DDIMSampler`).
    case ddim
    /// DDPM's ancestral sampler (`DDPMAncestralSampler`; variance-preserving schedules only).
    case ddpm

    /// The sampler that runs this kind.
    public var sampler: any ReverseTimeSampler {
        switch self {
        case .eulerMaruyama: return EulerMaruyamaSampler()
        case .probabilityFlow: return ProbabilityFlowEulerSampler()
        case .heunEDM: return HeunSampler()
        case .ddim: return DDIMSampler()
        case .ddpm: return DDPMAncestralSampler()
        }
    }

    /// Score calls per step: 2 for Heun's predictor–corrector (the last EDM step makes one), else 1.
    public var scoreCallsPerStep: Int {
        switch self {
        case .heunEDM: return 2
        case .eulerMaruyama, .probabilityFlow, .ddim, .ddpm: return 1
        }
    }
}

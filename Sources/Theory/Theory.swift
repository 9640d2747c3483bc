/// The theorem registry, bound calculators, the recursive-retraining simulator and the paper experiments.
public enum Theory {}

/// Subspace clustering [C]: partitions of points into K subspaces of dimension d (certified exact solver,
/// K-subspaces, shape interaction) and their metrics.
public enum SubspaceClustering {}

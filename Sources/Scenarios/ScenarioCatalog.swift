/// Every scenario of `closedform scenarios`, in print order.
public enum ScenarioCatalog {
    public static let all: [any Scenario] = [
        PairScenario(),
        OneRoundScenario(),
        RetrainingScenario(),
        ClusteringScenario(),
    ]

    /// The scenario called `name`, or nil.
    public static func named(_ name: String) -> (any Scenario)? {
        all.first { $0.name == name }
    }
}

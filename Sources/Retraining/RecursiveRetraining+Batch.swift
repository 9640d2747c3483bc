import Synchronization
import Sweeps

extension RecursiveRetraining {
    /// Runs several simulations as ONE `Sweep` named `sweep` and returns each one's result, in order.
    ///
    /// Every run of every simulation is a unit: run r of simulation s is unit o_s + r with
    /// o_s = Σ_{s' < s} R_{s'} (R = runs), so `--shard i/n` splits all of the work, not one simulation at a
    /// time. Each run computes exactly what `run()` computes for it (`simulate(run:)`), so the results are
    /// those of running the simulations one by one.
    /// - Parameter progress: (steps done, steps in all), after each progress step of each run (`progressSteps`);
    ///   the steps are those of the runs this process computes: the shard's under `--shard`, less the runs a
    ///   resumed run's checkpoint holds, so the bar ends at 100 %.
    /// - Throws: the first error of any run.
    public static func run(_ simulations: [RecursiveRetraining], sweep: String = "runs",
                           progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> [RetrainingResult] {
        let offsets = simulations.reduce(into: [0]) { $0.append($0.last! + $1.configuration.runs) }
        // The steps of the units this process computes, each run 1/R of its simulation's.
        let steps = Atomic<Int>(0), completed = Atomic<Int>(0)
        let runs = try await Sweep.run(sweep, count: offsets.last!, starting: { units in
            steps.store(units.reduce(0) { total, unit in
                let simulation = simulations[offsets.lastIndex { $0 <= unit }!]
                return total + simulation.progressSteps / simulation.configuration.runs
            }, ordering: .relaxed)
        }) { unit in
            let simulation = offsets.lastIndex { $0 <= unit }!
            return try simulations[simulation].simulate(run: unit - offsets[simulation]) { _ in
                progress?(completed.wrappingAdd(1, ordering: .relaxed).newValue, steps.load(ordering: .relaxed))
            }
        }
        return try simulations.indices.map { index in
            try simulations[index].result(of: Array(runs[offsets[index]..<offsets[index + 1]]))
        }
    }
}

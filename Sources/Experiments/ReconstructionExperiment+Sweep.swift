import Sweeps
extension ReconstructionExperiment {
    /// The experiment's one sweep, "cells": unit u computes `units[u]` — a learned unit, a concentration
    /// cell or a correlation cell, each drawing from its own substreams — so `reproduce reconstruction` is
    /// checkpointed, resumable, shardable and mergeable with the same bytes however it runs.
    /// Under a `SweepContext` it must be called once per experiment run (a shard run stops in it).
    static func sweep(_ units: [@Sendable () throws -> ReconstructionCellResult], label: String,
                      progress: @escaping ProgressHandler) async throws -> [ReconstructionCellResult] {
        try await Sweep.run("cells", count: units.count, progress: { progress(label, $0, $1) }) { try units[$0]() }
    }

    /// The units of the concentration cells, in table order.
    static func units(_ setup: ReconstructionConcentrationSetup) -> [@Sendable () throws -> ReconstructionCellResult] {
        setup.cells.map { cell in { try setup.result(cell) } }
    }

    /// The learned units, one per `settings.learned.sizes`, in that order.
    static func learnedUnits(_ setup: ReconstructionConcentrationSetup) -> [@Sendable () throws -> ReconstructionCellResult] {
        setup.settings.learned.sizes.indices.map { index in { try setup.learnedResult(index) } }
    }

    /// The units of the correlation cells, in table order.
    static func units(_ setup: ReconstructionCorrelationSetup) -> [@Sendable () throws -> ReconstructionCellResult] {
        setup.cells.map { cell in { try setup.result(cell) } }
    }
}

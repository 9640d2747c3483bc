import Dispatch
import Foundation

/// Splits row-batched work into fixed blocks and runs them on all cores.
///
/// Block boundaries depend only on the number of rows and the block size, never on the thread count,
/// and each block runs the same sequential code with OpenBLAS pinned to one thread. So the result is
/// bit-identical whether one core or many do the work.
public enum ParallelBlocks {
    /// Worker count: `CLOSEDFORM_THREADS` if set, else the number of active processors.
    public static var workerCount: Int {
        if let text = ProcessInfo.processInfo.environment["CLOSEDFORM_THREADS"], let value = Int(text), value > 0 {
            return value
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    private static let pinBLAS: Void = { BLASThreads.set(1) }()

    /// Calls `body(range)` once per block of `blockSize` consecutive indices in 0..<count, concurrently.
    public static func forEach(count: Int, blockSize: Int, _ body: @Sendable (Range<Int>) -> Void) {
        precondition(blockSize > 0, "ParallelBlocks: block size \(blockSize) must be positive")
        _ = pinBLAS
        let blocks = (count + blockSize - 1) / blockSize
        guard blocks > 0 else { return }
        let workers = min(workerCount, blocks)
        if workers == 1 {
            for block in 0..<blocks { body((block * blockSize)..<min(count, (block + 1) * blockSize)) }
        } else {
            // Each worker takes blocks worker, worker + workers, …; assignment does not affect results.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var block = worker
                while block < blocks {
                    body((block * blockSize)..<min(count, (block + 1) * blockSize))
                    block += workers
                }
            }
        }
    }

    /// Maps each block to a row-block of a result matrix with `columns` columns and assembles them in order.
    public static func mapRows(count: Int, columns: Int, blockSize: Int,
                               _ body: @Sendable (Range<Int>) -> Matrix) -> Matrix {
        var result = Matrix(rows: count, columns: columns)
        result.elements.withUnsafeMutableBufferPointer { buffer in
            let base = SendablePointer(buffer.baseAddress)
            forEach(count: count, blockSize: blockSize) { range in
                let block = body(range)
                precondition(block.rows == range.count && block.columns == columns,
                             "ParallelBlocks.mapRows: block is \(block.rows)×\(block.columns), expected \(range.count)×\(columns)")
                block.elements.withUnsafeBufferPointer { source in
                    guard let target = base.pointer, let from = source.baseAddress else { return }
                    (target + range.lowerBound * columns).update(from: from, count: source.count)
                }
            }
        }
        return result
    }
}

/// A raw pointer passed to concurrent blocks that write disjoint ranges.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>?
    init(_ pointer: UnsafeMutablePointer<Double>?) { self.pointer = pointer }
}

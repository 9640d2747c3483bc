import Dispatch
import Foundation
import Synchronization

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

    /// Calls `body(range)` once per block of `blockSize` consecutive indices in 0..<count, concurrently.
    ///
    /// Workers take the next unclaimed block from a shared counter, so a core slowed by other work does not
    /// hold up the rest; which worker runs a block never changes what the block computes. OpenBLAS is
    /// pinned to one thread for the duration of the call (`BLASThreads.pinned`) and restored afterwards.
    public static func forEach(count: Int, blockSize: Int, _ body: @Sendable (Range<Int>) -> Void) {
        precondition(blockSize > 0, "ParallelBlocks: block size \(blockSize) must be positive")
        let blocks = (count + blockSize - 1) / blockSize
        guard blocks > 0 else { return }
        let workers = min(workerCount, blocks)
        BLASThreads.pinned {
            if workers == 1 {
                for block in 0..<blocks { body((block * blockSize)..<min(count, (block + 1) * blockSize)) }
            } else {
                let next = SharedCounter()
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while true {
                        let block = next.claim()
                        guard block < blocks else { return }
                        body((block * blockSize)..<min(count, (block + 1) * blockSize))
                    }
                }
            }
        }
    }

    /// Maps each block to a row-block of a result matrix with `columns` columns and assembles them in order.
    ///
    /// The result's storage is not zero-filled first: every row is written by exactly one block.
    public static func mapRows(count: Int, columns: Int, blockSize: Int,
                               _ body: @Sendable (Range<Int>) -> Matrix) -> Matrix {
        let total = count * columns
        let elements = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
            let base = SendablePointer(buffer.baseAddress)
            forEach(count: count, blockSize: blockSize) { range in
                let block = body(range)
                precondition(block.rows == range.count && block.columns == columns,
                             "ParallelBlocks.mapRows: block is \(block.rows)×\(block.columns), expected \(range.count)×\(columns)")
                block.elements.withUnsafeBufferPointer { source in
                    guard let target = base.pointer, let from = source.baseAddress else { return }
                    (target + range.lowerBound * columns).initialize(from: from, count: source.count)
                }
            }
            initialized = total
        }
        return Matrix(rows: count, columns: columns, elements: elements)
    }
}

/// A raw pointer passed to concurrent blocks that write disjoint ranges.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>?
    init(_ pointer: UnsafeMutablePointer<Double>?) { self.pointer = pointer }
}

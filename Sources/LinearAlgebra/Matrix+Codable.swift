/// A matrix as JSON: `{"rows": r, "columns": c, "elements": [r·c numbers, row-major]}`.
///
/// Used for checkpointed results (a sweep unit that returns matrices); the checkpoint writer
/// (`JSONValue.encoding` in DataFiles) writes each double in its shortest round-trip form, so decoding
/// gives the encoded matrix bit for bit.
extension Matrix: Codable {
    private enum CodingKeys: String, CodingKey {
        case rows, columns, elements
    }

    /// - Throws: `DecodingError.dataCorrupted` when a dimension is negative or the element count is not
    ///   rows·columns.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let elements = try container.decode([Double].self, forKey: .elements)
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, elements.count == count else {
            throw DecodingError.dataCorruptedError(forKey: .elements, in: container,
                                                   debugDescription: "\(elements.count) elements for a \(rows)×\(columns) matrix")
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(elements, forKey: .elements)
    }
}

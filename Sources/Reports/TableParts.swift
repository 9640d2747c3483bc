/// How a table too wide for the page is split into parts, each a table of its own with the index and key
/// columns repeated (the first column when none is tagged): the measured columns first (the drift part), then the bound columns (the bound part),
/// each cut further, in column order, where it is still too wide. A new column tagged `.measured` or
/// `.bound` falls into its part without further code.
enum TableParts {
    /// The columns of each part, as indices into `roles`/`widths` (grouping columns excluded).
    /// - Parameters:
    ///   - roles: each column's role.
    ///   - widths: each column's width in the unit of `budget` (points in LaTeX, 1 per column in Markdown).
    ///   - budget: the width a part may take.
    ///   - repeatGrouping: whether a grouping column is repeated like a key column (Markdown) or left out
    ///     (LaTeX, where it becomes a grouping row).
    static func split(roles: [TableColumn.Role], widths: [Double], budget: Double, repeatGrouping: Bool) -> [[Int]] {
        var repeated = roles.indices.filter { roles[$0] == .index || roles[$0] == .key || (repeatGrouping && roles[$0] == .grouping) }
        // A table that tags no column as naming its rows is split with its first column repeated.
        if repeated.isEmpty, roles.count > 1, !roles.contains(.grouping) { repeated = [0] }
        let data = roles.indices.filter { (roles[$0] == .measured || roles[$0] == .bound) && !repeated.contains($0) }
        let available = budget - repeated.reduce(0) { $0 + widths[$1] }
        if data.reduce(0, { $0 + widths[$1] }) <= available { return [roles.indices.filter { repeated.contains($0) || data.contains($0) }] }
        var parts: [[Int]] = []
        for role in [TableColumn.Role.measured, .bound] {
            var current: [Int] = [], used = 0.0
            for index in data where roles[index] == role {
                if !current.isEmpty, used + widths[index] > available {
                    parts.append(current)
                    current = []
                    used = 0
                }
                current.append(index)
                used += widths[index]
            }
            if !current.isEmpty { parts.append(current) }
        }
        return parts.map { part in (repeated + part).sorted() }
    }
}

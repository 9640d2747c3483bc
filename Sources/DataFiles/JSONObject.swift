/// The members of a JSON object in order: file order when parsed, print order when written.
///
/// Keys are unique (the parser refuses duplicates; `init` requires it). Lookup by key is a linear
/// scan, which suits the handful of members that readers look up.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONValue
    }

    public private(set) var members: [Member]

    /// An object with `members` in this order; keys must be distinct (a precondition).
    public init(_ members: [(String, JSONValue)]) {
        precondition(Set(members.map(\.0)).count == members.count, "JSONObject: duplicate keys in \(members.map(\.0))")
        self.members = members.map { Member(key: $0.0, value: $0.1) }
    }

    /// Members in the order written, as in `["a": .number(1), "b": .null]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Members already known to have distinct keys (the parser checks them as it reads).
    init(uncheckedMembers members: [Member]) {
        self.members = members
    }

    /// The value of `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
}

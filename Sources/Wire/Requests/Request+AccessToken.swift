extension Request {
    /// The `Token` a private index admits a connection by (§9.2): HELLO's, or a query session's PING's.
    public var accessToken: String? {
        switch self {
        case .hello(let hello): hello.token
        case .ping(let token): token
        default: nil
        }
    }

    /// The same request without its access token: what an index goes on with once the token is checked (it
    /// never keeps one), and what a peer says in plaintext, where a token must never go.
    public var withoutAccessToken: Request {
        switch self {
        case .hello(var hello):
            hello.token = nil
            return .hello(hello)
        case .ping: return .ping()
        default: return self
        }
    }
}

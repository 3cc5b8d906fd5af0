import ArgumentParser
import Foundation
import IndexServer

/// `shoal-index token`: the tokens of a private index (`--private`).
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make, list and revoke the tokens a private index (--private) admits peers by.",
        discussion: """
            Tokens live in the index's state folder (file 'tokens', owner-only); only their SHA-256 is kept. \
            A running index on the same --state reads the file again at once (it is sent SIGHUP): a revoked \
            token's peers are disconnected. Peers put a token in config.toml (token = "st_...") or pass --token.
            """,
        subcommands: [Add.self, List.self, Revoke.self]
    )


    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token for NAME and print it (it is shown only now).")
        @Argument(help: "Who the token is for: 1-32 letters, digits, '.', '_' or '-'.") var name: String
        @OptionGroup var folder: StateFolder

        func run() throws {
            var token = ""
            _ = try folder.changeTokens { tokens in
                do { token = try tokens.add(name) } catch { throw ValidationError("\(error)") }
            }
            print(token)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the names that have a token, and when each was made.")
        @OptionGroup var folder: StateFolder

        func run() throws {
            let formatter = ISO8601DateFormatter()
            for entry in try folder.files.tokens().entries { print("\(entry.name)\t\(formatter.string(from: entry.created))") }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke NAME's token; a running index disconnects its peers at once.")
        @Argument(help: "Whose token.") var name: String
        @OptionGroup var folder: StateFolder

        func run() throws {
            let told = try folder.changeTokens { tokens in
                guard tokens.revoke(name) else { throw ValidationError("\(name) has no token") }
            }
            if let pid = told {
                print("revoked; told the running index (pid \(pid)), which disconnects its peers")
            } else {
                print("revoked (no index is running on this state folder)")
            }
        }
    }
}

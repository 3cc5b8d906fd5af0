import IndexServer
import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the tokens and the ban file again on every SIGHUP and puts them in force. Each file is read on its
/// own: one that cannot be read keeps its rules in force, and is logged, without holding up the other.
/// Writes the pid file `shoal-index token` signals through, once SIGHUP is trapped (before that, SIGHUP
/// would end the index), and removes it at the end.
struct AccessReloader: Service {
    let files: AccessFiles
    let server: IndexServer
    let logger: Logger
    /// The rules the index started with.
    let tokens: AccessTokens
    let bans: BanList

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        files.writePid()
        defer { files.removePid() }
        var tokens = self.tokens, bans = self.bans
        await withGracefulShutdownHandler {
            for await _ in hangups.cancelOnGracefulShutdown() {
                do { tokens = try files.tokens() } catch { logger.error("tokens not reloaded, the ones in force stay: \(error)") }
                do { bans = try files.bans() } catch { logger.error("bans not reloaded, the ones in force stay: \(error)") }
                server.replaceAccess(tokens: tokens, bans: bans)
            }
        } onGracefulShutdown: {}
    }
}

import IndexServer
import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the tokens and the ban file again on every SIGHUP and puts them in force; a file that cannot be
/// read keeps the rules in force and is logged.
struct AccessReloader: Service {
    let files: AccessFiles
    let server: IndexServer
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            for await _ in hangups.cancelOnGracefulShutdown() {
                do {
                    server.replaceAccess(tokens: try files.tokens(), bans: try files.bans())
                } catch {
                    logger.error("access rules not reloaded, the ones in force stay: \(error)")
                }
            }
        } onGracefulShutdown: {}
    }
}

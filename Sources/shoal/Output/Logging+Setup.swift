import Logging

enum LogSetup {
    /// Logs go to stderr at `level`, so stdout stays clean for tables and JSON.
    static func bootstrap(_ level: String) -> Logger {
        let chosen = Logger.Level(rawValue: level) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = chosen
            return handler
        }
        let logger = Logger(label: "shoal")
        // The first line of every log names the build, for bug reports.
        logger.info("\(ShoalCommand.release.summary) starting")
        return logger
    }
}

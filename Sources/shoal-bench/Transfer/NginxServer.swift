import Foundation

/// nginx serving one folder on 127.0.0.1 with sendfile, in the foreground, with its own config and files:
/// the baseline for a plain file download.
struct NginxServer {
    let process: ChildProcess
    let port: Int

    init(root: String, work: WorkFolder, logs: String) throws {
        let prefix = try work.folder("nginx")
        port = try Tools.freePort()
        let config = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(prefix)/nginx.pid;
            error_log stderr warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                sendfile on;
                tcp_nopush on;
                client_body_temp_path \(prefix)/body;
                proxy_temp_path \(prefix)/proxy;
                fastcgi_temp_path \(prefix)/fastcgi;
                uwsgi_temp_path \(prefix)/uwsgi;
                scgi_temp_path \(prefix)/scgi;
                types { application/octet-stream bin; }
                server { listen 127.0.0.1:\(port); root \(root); }
            }
            """
        try config.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        process = try ChildProcess("nginx", ["-e", "stderr", "-p", prefix, "-c", prefix + "/nginx.conf"], logs: logs)
        let url = "http://127.0.0.1:\(port)/"
        try process.waitUntil("nginx to answer", timeout: .seconds(20)) {
            (try? ChildProcess.run("curl", ["-s", "-o", "/dev/null", url], logs: logs).succeeded) == true
        }
    }

    /// `curl` fetching `name` into `path`; the outcome carries curl's wall time and peak memory.
    func fetch(_ name: String, to path: String, logs: String) throws -> ChildProcess.Outcome {
        try ChildProcess.run("curl", ["-sS", "--fail", "-o", path, "http://127.0.0.1:\(port)/\(name)"], logs: logs, measuringMemory: true)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

/// The next part of a file an upload sends: over plaintext a file region (sendfile: the bytes never enter
/// this process); over TLS, where every byte must be encrypted, the bytes read into a buffer on the I/O pool.
enum UploadSlice {
    /// The file has fewer bytes than the answer promised.
    struct FileShrank: Error {}

    static func read(_ handle: NIOFileHandle, from offset: Int, count: Int, encrypted: Bool, pool: NIOThreadPool,
                     context: ChannelHandlerContext) -> EventLoopFuture<IOData> {
        guard encrypted else {
            return context.eventLoop.makeSucceededFuture(.fileRegion(FileRegion(fileHandle: handle, readerIndex: offset,
                                                                               endIndex: offset + count)))
        }
        return NonBlockingFileIO(threadPool: pool)
            .read(fileHandle: handle, fromOffset: Int64(offset), byteCount: count, allocator: context.channel.allocator,
                  eventLoop: context.eventLoop)
            .flatMapThrowing { bytes in
                // Fewer bytes: the file shrank while it was sent. The send fails, and the connection closes,
                // rather than send an answer shorter than its Content-Length.
                guard bytes.readableBytes == count else { throw FileShrank() }
                return .byteBuffer(bytes)
            }
    }

    /// The file's size now, through the open handle (nil if it cannot be read): a file that shrinks while
    /// it is sent ends the upload.
    static func fileSize(_ handle: NIOFileHandle) -> Int? {
        var info = stat()
        guard (try? handle.withUnsafeFileDescriptor({ fstat($0, &info) })) == 0 else { return nil }
        return Int(info.st_size)
    }
}

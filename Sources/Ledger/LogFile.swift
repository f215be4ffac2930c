#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of one POSIX file descriptor with the few calls the store needs; every failure becomes a
/// `LedgerError.io` naming the operation and path. Not thread-safe by itself (the store serialises use).
final class LogFile {
    let path: String
    let fd: Int32

    /// Opens `path` read-write (creating it with mode 0644 if `create`), or read-only.
    init(path: String, create: Bool, readOnly: Bool = false) throws(LedgerError) {
        self.path = path
        let flags = readOnly ? O_RDONLY : (O_RDWR | (create ? O_CREAT : 0))
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        self.fd = fd
    }

    deinit { _ = close(fd) }

    /// Current size in bytes.
    func size() throws(LedgerError) -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        return UInt64(st.st_size)
    }

    /// Reads `count` bytes at `offset` (fewer only if the file ends first).
    func read(at offset: UInt64, count: Int) throws(LedgerError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        out.removeSubrange(done...)
        return out
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: UInt64) throws(LedgerError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buf in
                pwrite(fd, buf.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, errno: errno)
            }
            done += n
        }
    }

    /// fsync: data and metadata (the new size) reach stable storage before this returns.
    func sync() throws(LedgerError) {
        while fsync(fd) != 0 {
            if errno != EINTR { throw .io(operation: "fsync", path: path, errno: errno) }
        }
    }

    func truncate(to size: UInt64) throws(LedgerError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw .io(operation: "ftruncate", path: path, errno: errno) }
    }

    /// flock(2) on this descriptor: exclusive or shared, blocking. flock locks belong to the open file description,
    /// so two `LogFile`s on the same path conflict even inside one process (unlike fcntl record locks).
    func lock(exclusive: Bool) throws(LedgerError) {
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw .lockFailed(path: path, errno: errno) }
        }
    }

    func unlock() { _ = flock(fd, LOCK_UN) }

    /// fsyncs the directory containing `path`, so a newly created file's directory entry is durable.
    static func syncParentDirectory(of path: String) {
        let dir: String
        if let slash = path.lastIndex(of: "/") {
            dir = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            dir = "."
        }
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        _ = fsync(dfd)
        _ = close(dfd)
    }
}

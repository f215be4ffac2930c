import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileIO {
    /// Calls `body` with the whole file at `path` read into one uninitialised-then-filled buffer (no `[UInt8]`
    /// zeroing, no copy), freed when `body` returns. The file is read with `pread`, not memory-mapped: a mapped
    /// file that another process truncates while it is read raises SIGBUS, and a crash is never an answer here;
    /// a file that shrinks while it is read is an error instead. Errors as `read(_:)`.
    public static func withFileContents<T>(
        _ path: String, _ body: (UnsafeRawBufferPointer) throws(ZKInferError) -> T
    ) throws(ZKInferError) -> T {
        if isDirectory(path) { throw .io(path: path, reason: "is a directory, expected a file") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missingFile(path: path) }
            throw .io(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .io(path: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var done = 0
        while done < size {
            let n = pread(fd, buffer.baseAddress! + done, min(size - done, 1 << 26), off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n == 0 ? "the file shrank while it was read" : String(cString: strerror(errno))
                throw .io(path: path, reason: "cannot read byte \(done) of \(size): \(reason)")
            }
            done += n
        }
        return try body(UnsafeRawBufferPointer(buffer))
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileIO {
    /// Calls `body` with the bytes of the file at `path` mapped read-only into memory (no copy; the pages come
    /// from the page cache as `body` touches them), unmapped when `body` returns. The buffer is valid only
    /// during the call and its length is the file's size at open; `body` must bounds-check what it reads
    /// (the decoders do, against the buffer's count). Errors as `read(_:)`.
    public static func withMappedFile<T>(
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
        if size == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        #if canImport(Glibc)
        let flags = MAP_PRIVATE | MAP_POPULATE  // read ahead now: the decoder touches every page anyway
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, fd, 0), base != MAP_FAILED else {
            throw .io(path: path, reason: "cannot map: \(String(cString: strerror(errno)))")
        }
        defer { munmap(base, size) }
        return try body(UnsafeRawBufferPointer(start: base, count: size))
    }
}

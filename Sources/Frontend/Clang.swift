import CClang
import Foundation

// Thin helpers over the libclang C API. libclang handles are not Sendable: everything here is
// created and disposed inside one parse task.

@inline(__always) func string(_ s: CXString) -> String {
    defer { clang_disposeString(s) }
    guard let p = clang_getCString(s) else { return "" }
    return String(cString: p)
}

private final class CursorList { var items: [CXCursor] = [] }

func children(_ c: CXCursor) -> [CXCursor] {
    let box = CursorList()
    withExtendedLifetime(box) {
        _ = clang_visitChildren(c, { child, _, data in
            Unmanaged<CursorList>.fromOpaque(data!).takeUnretainedValue().items.append(child)
            return CXChildVisit_Continue
        }, Unmanaged.passUnretained(box).toOpaque())
    }
    return box.items
}

/// Expansion location: for code produced by a macro, the macro's invocation in the source.
struct RawLoc {
    var file: String
    var line: Int
    var column: Int
    var offset: Int
}

typealias LocationGetter = (CXSourceLocation, UnsafeMutablePointer<CXFile?>, UnsafeMutablePointer<UInt32>,
                           UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) -> Void

/// A location as one of libclang's getters reports it (`name` makes the file's name).
func rawLoc(_ l: CXSourceLocation, _ get: LocationGetter, name: (CXFile) -> String = { string(clang_getFileName($0)) }) -> RawLoc? {
    var file: CXFile?
    var line: UInt32 = 0, col: UInt32 = 0, off: UInt32 = 0
    get(l, &file, &line, &col, &off)
    guard let f = file else { return nil }
    return RawLoc(file: name(f), line: Int(line), column: Int(col), offset: Int(off))
}

func expansionLoc(_ l: CXSourceLocation) -> RawLoc? { rawLoc(l) { clang_getExpansionLocation($0, $1, $2, $3, $4) } }

extension CXCursor {
    var kind: CXCursorKind { clang_getCursorKind(self) }
    var spelling: String { string(clang_getCursorSpelling(self)) }
    var referenced: CXCursor { clang_getCursorReferenced(self) }
    var isNull: Bool { clang_Cursor_isNull(self) != 0 }
    var type: CXType { clang_getCursorType(self) }
}

extension CXType {
    var spelling: String { string(clang_getTypeSpelling(self)) }
    var canonical: CXType { clang_getCanonicalType(self) }
}

/// Strips parentheses and implicit casts.
func skipParens(_ c: CXCursor) -> CXCursor {
    var c = c
    while c.kind == CXCursor_ParenExpr || c.kind == CXCursor_UnexposedExpr {
        let ch = children(c)
        guard ch.count == 1 else { break }
        c = ch[0]
    }
    return c
}

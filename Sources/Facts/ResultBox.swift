import Foundation

/// Work shared by threads (`DispatchQueue.concurrentPerform`): each takes the next index, stores
/// its result in that index's slot; results come back in index order whatever the thread count.
public final class ResultBox<T>: @unchecked Sendable {
    private var items: [T?]
    private var cursor = 0
    private var done = 0
    private let lock = NSLock()
    private let progress: (@Sendable (Int, Int) -> Void)?
    public init(count: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        items = Array(repeating: nil, count: count); self.progress = progress
    }
    public func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard cursor < items.count else { return nil }
        cursor += 1
        return cursor - 1
    }
    public func set(_ i: Int, _ f: T) {
        lock.lock(); items[i] = f; done += 1; let d = done; lock.unlock()
        progress?(d, items.count)
    }
    /// No item is handed out after this (the work found its answer early).
    public func stop() { lock.lock(); cursor = items.count; lock.unlock() }
    public func all() -> [T] { items.compactMap { $0 } }
    /// Every slot, filled or not, in order.
    public func slots() -> [T?] { lock.lock(); defer { lock.unlock() }; return items }
}

extension ResultBox {
    /// `body` of every item on up to `jobs` threads; the results in the items' order.
    public static func map<S>(_ items: [S], jobs: Int, _ body: (S) -> T) -> [T] {
        let box = ResultBox<T>(count: items.count)
        withoutActuallyEscaping(body) { body in
            let run = UnsafeSendable((body, items))
            DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, items.count))) { _ in
                while let k = box.next() { box.set(k, run.value.0(run.value.1[k])) }
            }
        }
        return box.slots().map { $0! }
    }
}

/// A value handed to threads that only read it.
struct UnsafeSendable<V>: @unchecked Sendable {
    let value: V
    init(_ v: V) { value = v }
}

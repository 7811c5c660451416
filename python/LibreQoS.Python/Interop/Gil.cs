using LibreQoS.Python.Native;

namespace LibreQoS.Python.Interop;

/**** Design notes ****
 *
 * Hazards
 *  1. Every C API call needs the GIL, and CPython aborts or corrupts memory when called without it.
 *  2. PyGILState_Release on a thread other than the acquiring one corrupts the thread-state bookkeeping.
 *  3. A thread holding the GIL that waits for the interpreter thread deadlocks it: that thread needs the GIL too.
 *  4. Py_DecRef without the GIL is hazard 1 in disguise; PyObjectHandle must know whether this thread holds it.
 *
 * Invariants
 *  1. Code takes the GIL only through Gil.Acquire; a trampoline that CPython called (so the GIL is already held) marks
 *     that with Gil.AssumeHeld. Both return a ref struct scope, which the compiler keeps off the heap and out of
 *     async methods, so a scope cannot outlive its thread. Release still checks the thread, as pythonnet does.
 *  2. Gil.IsHeld is a per-thread depth: true exactly while this thread is inside an Acquire or AssumeHeld scope and
 *     not inside a ReleaseTemporarily scope.
 *  3. Nothing posts to the interpreter thread and waits while holding the GIL (InterpreterThread refuses posts from
 *     itself; other threads never hold the GIL while posting).
 */

/// <summary>The one way this assembly takes, notes or temporarily gives up the GIL.</summary>
internal static class Gil
{
    [ThreadStatic]
    private static int t_depth;

    /// <summary>Whether the current thread holds the GIL through one of the scopes below.</summary>
    internal static bool IsHeld => t_depth > 0;

    /// <summary>Takes the GIL on any thread (<c>PyGILState_Ensure</c>), creating a thread state if needed.</summary>
    internal static Scope Acquire()
    {
        int state = CPython.PyGILState_Ensure();
        t_depth++;
        return new Scope(ScopeKind.Ensured, state, 0);
    }

    /// <summary>Notes that CPython called us with the GIL held (a method trampoline), without touching it.</summary>
    internal static Scope AssumeHeld()
    {
        t_depth++;
        return new Scope(ScopeKind.Assumed, 0, 0);
    }

    /// <summary>Lets other Python threads run while this thread does .NET work that touches no Python object.</summary>
    internal static Scope ReleaseTemporarily()
    {
        if (!IsHeld)
            throw new InvalidOperationException("The GIL is not held on this thread");
        int depth = t_depth;
        t_depth = 0;
        return new Scope(ScopeKind.Released, depth, CPython.PyEval_SaveThread());
    }

    internal enum ScopeKind { Ensured, Assumed, Released }

    /// <summary>A GIL scope; dispose it on the thread that created it, in reverse order of creation.</summary>
    internal ref struct Scope
    {
        private readonly ScopeKind _kind;
        private readonly int _state;
        private readonly nint _threadState;
        private readonly int _threadId;
        private bool _disposed;

        internal Scope(ScopeKind kind, int state, nint threadState)
        {
            _kind = kind;
            _state = state;
            _threadState = threadState;
            _threadId = Environment.CurrentManagedThreadId;
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            if (_threadId != Environment.CurrentManagedThreadId)
                throw new InvalidOperationException("A GIL scope must end on the thread that began it");
            _disposed = true;
            switch (_kind)
            {
                case ScopeKind.Ensured:
                    t_depth--;
                    CPython.PyGILState_Release(_state);
                    break;
                case ScopeKind.Assumed:
                    t_depth--;
                    break;
                case ScopeKind.Released:
                    CPython.PyEval_RestoreThread(_threadState);
                    t_depth = _state;
                    break;
            }
        }
    }
}

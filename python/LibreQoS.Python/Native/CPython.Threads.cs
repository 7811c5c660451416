using System.Runtime.InteropServices;

namespace LibreQoS.Python.Native;

internal static partial class CPython
{
    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.PyGILState_Ensure. Takes the GIL on any thread, creating a
    /// thread state if the thread has none. Returns an opaque state to pass to <see cref="PyGILState_Release"/> on the same thread.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int PyGILState_Ensure();

    /// <summary>see: https://docs.python.org/3/c-api/init.html#c.PyGILState_Release. Same thread as the matching Ensure.</summary>
    [LibraryImport(Lib)]
    internal static partial void PyGILState_Release(int state);

    /// <summary>see: https://docs.python.org/3/c-api/init.html#c.PyEval_SaveThread. Releases the GIL; returns the thread state to restore.</summary>
    [LibraryImport(Lib)]
    internal static partial nint PyEval_SaveThread();

    /// <summary>see: https://docs.python.org/3/c-api/init.html#c.PyEval_RestoreThread. Takes the GIL back for a state from SaveThread.</summary>
    [LibraryImport(Lib)]
    internal static partial void PyEval_RestoreThread(nint threadState);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.PyThreadState_SetAsyncExc. GIL held. <paramref name="exc"/> is
    /// BORROWED (an exception class); 0 clears a pending one. Returns how many thread states were modified (0 or 1 here).
    /// The exception is raised only when that thread next runs bytecode, not inside a blocking C call.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int PyThreadState_SetAsyncExc(nuint threadId, nint exc);

    /// <summary>
    /// see: https://docs.python.org/3/c-api/init.html#c.PyThread_get_thread_ident. The calling thread's identifier as
    /// CPython sees it (its <c>pthread_t</c>): the id <see cref="PyThreadState_SetAsyncExc"/> and <c>pthread_kill</c> take.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial nuint PyThread_get_thread_ident();
}

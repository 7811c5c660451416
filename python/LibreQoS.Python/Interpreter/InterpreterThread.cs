using System.Collections.Concurrent;
using LibreQoS.Python.Conversion;
using Python.Runtime;

namespace LibreQoS.Python.Interpreter;

/**** Design notes ****
 *
 * What it is: the one thread that initialises CPython, runs every piece of host work in it, and finalises it.
 * Callers on other threads post work and await a Task.
 *
 * Hazards
 *  1. CPython must be finalised on the thread that initialised it, and that thread is Python's "main thread": only
 *     there do Python signal handlers run and signal.signal() work (the watchdog's interrupt relies on both).
 *  2. If a caller's continuation ran inline on this thread, it would block the interpreter, or deadlock if it
 *     posted more work and waited: every task completes with RunContinuationsAsynchronously.
 *  3. Work that posts to this thread from this thread and waits deadlocks: such posts throw instead.
 *  4. Holding the GIL while idle would starve the Python threads scripts start (APScheduler's executor runs jobs on
 *     them) and the watchdog: between items this thread holds no GIL.
 *  5. Python frames and C extensions recurse on this thread's native stack: it gets a 16 MiB stack (a Python main
 *     thread usually has 8 MiB; .NET's default for new threads is 1.5 MiB).
 *  6. A script stuck in native code keeps this thread forever: it is a background thread, so the process can still
 *     exit, and StopAsync gives up on finalising after its timeout. pythonnet would then finalise from its own
 *     ProcessExit handler and wait for the GIL the stuck run holds, so StopAsync removes that handler when it gives up.
 *
 * Invariants
 *  1. Host calls into Python happen only on this thread, one work item at a time, in posting order.
 *  2. Each item after initialisation runs inside Py.GIL(), and a pythonnet PythonException escaping it becomes our
 *     PythonException there, while the GIL is still held to read and release its Python objects.
 *  3. The initialiser returns with the GIL released (PythonEngine.BeginAllowThreads); the finaliser runs without a
 *     Py.GIL() scope, because it takes the GIL back for good (EndAllowThreads) before PythonEngine.Shutdown.
 */

/// <summary>The dedicated thread that owns the interpreter.</summary>
internal sealed class InterpreterThread
{
    private const int StackSize = 16 * 1024 * 1024;

    private readonly BlockingCollection<WorkItem> _queue = [];
    private readonly Thread _thread;

    private InterpreterThread(Action initialize, TaskCompletionSource started)
    {
        _thread = new Thread(() => Run(initialize, started), StackSize)
        {
            Name = "python-interpreter",
            IsBackground = true,
        };
    }

    internal bool IsCurrentThread => Thread.CurrentThread == _thread;

    /// <summary>Starts the thread and runs <paramref name="initialize"/> on it (no GIL exists yet); it must end with the GIL released.</summary>
    internal static async Task<InterpreterThread> StartAsync(Action initialize)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new InterpreterThread(initialize, started);
        thread._thread.Start();
        await started.Task.ConfigureAwait(false);
        return thread;
    }

    /// <summary>Runs <paramref name="work"/> on the interpreter thread with the GIL held.</summary>
    internal Task<T> InvokeAsync<T>(Func<T> work)
    {
        if (IsCurrentThread)
            throw new InvalidOperationException("Python work cannot be posted from the interpreter thread (from a host function or output sink): it would wait for itself");
        var item = new WorkItem<T>(() =>
        {
            using var gil = Py.GIL();
            try
            {
                return work();
            }
            catch (global::Python.Runtime.PythonException ex)
            {
                throw PythonErrors.Describe(ex);
            }
        });
        if (!TryEnqueue(item))
            throw new ObjectDisposedException(nameof(PythonRuntime), "The Python runtime has stopped");
        return item.Task;
    }

    /// <summary>
    /// Runs <paramref name="finalize"/> after the queued work (without a GIL scope) and ends the thread. Returns false
    /// if that did not happen within <paramref name="timeout"/> (a run is stuck, or finalisation waits for a thread).
    /// </summary>
    internal async Task<bool> StopAsync(Action finalize, TimeSpan timeout)
    {
        var item = new WorkItem<bool>(() =>
        {
            finalize();
            return true;
        });
        if (!TryEnqueue(item))
            return true;
        _queue.CompleteAdding();
        try
        {
            return await item.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private bool TryEnqueue(WorkItem item)
    {
        try
        {
            return _queue.TryAdd(item);
        }
        catch (InvalidOperationException)
        {
            return false; // stopping: adding is complete
        }
    }

    private void Run(Action initialize, TaskCompletionSource started)
    {
        try
        {
            initialize();
        }
        catch (Exception ex)
        {
            started.SetException(ex);
            return;
        }
        started.SetResult();
        foreach (var item in _queue.GetConsumingEnumerable())
            item.Execute();
    }

    private abstract class WorkItem
    {
        internal abstract void Execute();
    }

    private sealed class WorkItem<T>(Func<T> work) : WorkItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Task<T> Task => _completion.Task;

        internal override void Execute()
        {
            try
            {
                _completion.SetResult(work());
            }
            catch (Exception ex)
            {
                _completion.SetException(ex);
            }
        }
    }
}

using LibreQoS.Python.Native;
using Microsoft.Extensions.Logging;
using Python.Runtime;

namespace LibreQoS.Python.Interpreter;

/**** Design notes ****
 *
 * What it does: stops the script (or call) running on the interpreter thread when its deadline passes or its caller
 * cancels it, with one System.Threading.Timer for all runs (re-armed to the next action), not one timer per run.
 *
 * Hazards
 *  1. PyThreadState_SetAsyncExc is seen only by bytecode. A thread blocked in C (time.sleep, Event.wait, a socket
 *     read) does not see it until the call returns, which may be never.
 *  2. An async exception still pending when its run ends would fire in whatever Python code runs next on the thread.
 *  3. A signal sent to the interpreter thread makes its blocking system call fail with EINTR (CPython installs its
 *     handlers without SA_RESTART) and runs the Python-level handler there, which can raise; but a signal that lands
 *     after its run ended must do nothing.
 *  4. Both mechanisms at once would raise twice: the second exception could land in the script's own cleanup.
 *  5. The watchdog needs the GIL. A C extension that holds the GIL without releasing it blocks the watchdog's tick
 *     too (later ticks are skipped, not queued).
 *  6. A tick taking the GIL during finalisation would crash: the runtime disposes the watchdog, waiting for a tick in
 *     flight, before it finalises, and never while holding the GIL (the tick may be waiting for it).
 *  7. Neither mechanism reaches a C extension that blocks in a loop that retries on EINTR and never returns to
 *     bytecode: such a run is reported stuck instead.
 *  8. Python bytecode run while holding the GIL may hand the GIL to another thread at any call; done under `_gate`
 *     it could deadlock with the interpreter thread (which takes `_gate` with the GIL held), and done between the
 *     check and the injection it could let the run end first. So the injection is a C call (CPythonInterrupts), and
 *     the one Python call (the signal) happens after `_gate` is released.
 *
 * Invariants
 *  1. At most one section is current: the interpreter thread runs one work item at a time.
 *  2. `_current` changes only on the interpreter thread with the GIL held; the watchdog injects only with the GIL
 *     held and after checking, under `_gate`, that the section it acts for is still current. So an injection can
 *     never reach the next run.
 *  3. Ending a section clears any pending async exception before the GIL is released (hazard 2), and a signal
 *     handler raises only if the current section is armed (hazard 3).
 *  4. Escalation alternates, so only one interrupt is outstanding (hazard 4): at the deadline an async exception; 0.2 s
 *     later, if the run is still current, that exception is withdrawn, the section armed and the thread signalled;
 *     then the two alternate every second (a script that swallowed the first interrupt gets another).
 *  5. A run still current StuckAfter after its first interrupt is reported once as stuck: logged, its caller's task
 *     failed, IsStuck true until the run ends.
 *  Lock order: GIL, then `_gate`. Nothing takes the GIL while holding `_gate`.
 */

/// <summary>Interrupts runs past their deadline or cancelled by their caller.</summary>
internal sealed partial class ScriptWatchdog : IDisposable
{
    private const long SignalAfterMs = 200;
    private const long RepeatEveryMs = 1000;

    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private readonly nuint _interpreterThread;
    private readonly PyObject _interruptType;
    private readonly PyObject _signalInterpreter;
    private readonly long _stuckAfterMs;
    private readonly ILogger _logger;
    private Section? _current;
    private int _ticking;
    private bool _disposed;

    /// <param name="interpreterThread">The interpreter thread's Python thread id (<c>threading.get_ident()</c> there).</param>
    /// <param name="interruptType">The exception class to raise in the script (the bootstrap's ScriptInterrupt).</param>
    /// <param name="signalInterpreter">The bootstrap's <c>signal_interpreter()</c>: SIGUSR2 to the interpreter thread.</param>
    internal ScriptWatchdog(nuint interpreterThread, PyObject interruptType, PyObject signalInterpreter, TimeSpan stuckAfter, ILogger logger)
    {
        _interpreterThread = interpreterThread;
        _interruptType = interruptType;
        _signalInterpreter = signalInterpreter;
        _stuckAfterMs = (long)stuckAfter.TotalMilliseconds;
        _logger = logger;
        _timer = new Timer(_ => Tick(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>True while the current run has ignored its interrupts for longer than StuckAfter.</summary>
    internal bool IsStuck
    {
        get
        {
            lock (_gate)
                return _current?.ReportedStuck == true;
        }
    }

    /// <summary>
    /// Guards the work that follows until the returned section is disposed. Interpreter thread, GIL held, and the
    /// section must be disposed there too, with the GIL held.
    /// </summary>
    /// <param name="onStuck">Called once, on a timer thread, if the run ignores its interrupts for StuckAfter.</param>
    internal Section Begin(string what, TimeSpan timeout, Action<InterruptReason> onStuck, CancellationToken cancellation)
    {
        var section = new Section(this, what, timeout, onStuck);
        lock (_gate)
        {
            if (_current is not null)
                throw new InvalidOperationException($"{what} cannot start while {_current.What} is running");
            _current = section;
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                section.NextActionAt = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
                Rearm(section.NextActionAt);
            }
        }
        section.Registration = cancellation.Register(() => Interrupt(section, InterruptReason.Cancelled));
        return section;
    }

    /// <summary>Stops the current run, if any, as soon as possible.</summary>
    internal void InterruptCurrent(InterruptReason reason)
    {
        Section? current;
        lock (_gate)
            current = _current;
        if (current is not null)
            Interrupt(current, reason);
    }

    /// <summary>
    /// Called by the bootstrap's signal handler (interpreter thread, GIL held): the reason to raise ScriptInterrupt
    /// with, once per arming, or null when the signal was not meant for the current run.
    /// </summary>
    internal string? TakeInterrupt()
    {
        lock (_gate)
        {
            if (_current is not { Armed: true } section)
                return null;
            section.Armed = false;
            return section.ReasonText;
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _disposed = true;
        using var done = new ManualResetEvent(false);
        if (_timer.Dispose(done) && !done.WaitOne(TimeSpan.FromSeconds(5)))
            Log.TickStillRunning(_logger);
    }

    private void Interrupt(Section section, InterruptReason reason)
    {
        lock (_gate)
        {
            if (_current != section || section.Reason is not null)
                return;
            section.Reason = reason;
            section.NextActionAt = Environment.TickCount64;
            Rearm(section.NextActionAt);
        }
    }

    private void End(Section section)
    {
        lock (_gate)
        {
            if (_current == section)
            {
                _current = null;
                Rearm(long.MaxValue);
            }
        }
        Pend(false);
        section.Registration.Dispose();
    }

    private void Tick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            // The previous tick is still waiting for the GIL (hazard 5): look again later rather than pile up.
            lock (_gate)
                Rearm(Environment.TickCount64 + RepeatEveryMs);
            return;
        }
        try
        {
            Act();
        }
        catch (Exception ex)
        {
            // A timer callback that throws ends the process; the watchdog must not be what takes the host down.
            Log.TickFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void Act()
    {
        Section section;
        int attempt;
        bool reportStuck;
        lock (_gate)
        {
            if (_current is null)
                return;
            section = _current;
            long now = Environment.TickCount64;
            if (now < section.NextActionAt)
            {
                Rearm(section.NextActionAt);
                return;
            }
            section.Reason ??= InterruptReason.Deadline;
            if (section.Attempts == 0)
                section.FirstInterruptAt = now;
            attempt = section.Attempts++;
            section.NextActionAt = now + (attempt == 0 ? SignalAfterMs : RepeatEveryMs);
            reportStuck = !section.ReportedStuck && now - section.FirstInterruptAt >= _stuckAfterMs;
            section.ReportedStuck |= reportStuck;
            Rearm(section.NextActionAt);
        }

        if (attempt == 0)
            Log.Interrupting(_logger, section.What, section.ReasonText);
        if (reportStuck)
        {
            Log.Stuck(_logger, section.What, _stuckAfterMs / 1000.0);
            section.OnStuck(section.Reason!.Value);
        }
        Deliver(section, useSignal: attempt % 2 == 1);
    }

    /// <summary>Injects the async exception, or withdraws it, arms the signal handler and sends the signal.</summary>
    private void Deliver(Section section, bool useSignal)
    {
        using var gil = Py.GIL();
        lock (_gate)
        {
            if (_current != section || _disposed)
                return;
            Pend(!useSignal);
            if (!useSignal)
                return;
            section.Armed = true;
        }
        // The handler runs on the interpreter thread once it has the GIL, so after this tick lets go of it.
        _signalInterpreter.Invoke().Dispose();
    }

    /// <summary>ScriptInterrupt pending on the interpreter thread, or withdrawn. GIL held; runs no bytecode.</summary>
    private void Pend(bool pending)
    {
#pragma warning disable CS0612 // PyObject.Handle: pythonnet's replacement (Reference) is internal; the address is only borrowed for this call
        _ = CPythonInterrupts.PyThreadState_SetAsyncExc(_interpreterThread, pending ? _interruptType.Handle : 0);
#pragma warning restore CS0612
    }

    /// <summary>Sets the one timer to fire at <paramref name="at"/> (a TickCount64 value; long.MaxValue = never). Under <c>_gate</c>.</summary>
    private void Rearm(long at)
    {
        if (_disposed)
            return;
        long due = at == long.MaxValue ? Timeout.Infinite : Math.Clamp(at - Environment.TickCount64, 0, uint.MaxValue - 1);
        _timer.Change(due, Timeout.Infinite);
    }

    /// <summary>One guarded run. Disposing it ends the guard (interpreter thread, GIL held).</summary>
    internal sealed class Section(ScriptWatchdog owner, string what, TimeSpan timeout, Action<InterruptReason> onStuck) : IDisposable
    {
        internal string What { get; } = what;
        internal TimeSpan Timeout { get; } = timeout;
        internal Action<InterruptReason> OnStuck { get; } = onStuck;
        internal CancellationTokenRegistration Registration { get; set; }

        /// <summary>Why the run was interrupted, or null if it was not. Read after the section ends, it is final.</summary>
        internal InterruptReason? Reason { get; set; }
        internal long NextActionAt { get; set; } = long.MaxValue;
        internal long FirstInterruptAt { get; set; }
        internal int Attempts { get; set; }
        internal bool Armed { get; set; }
        internal bool ReportedStuck { get; set; }

        internal string ReasonText => Reason switch
        {
            InterruptReason.Cancelled => $"{What} was cancelled",
            InterruptReason.HostStopping => $"{What} was stopped because the host is stopping",
            _ => $"{What} ran past its {Timeout.TotalSeconds:0.###} s deadline",
        };

        public void Dispose() => owner.End(this);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScriptInterrupted, Level = LogLevel.Warning, Message = "Interrupting {What}: {Reason}")]
        internal static partial void Interrupting(ILogger logger, string what, string reason);

        [LoggerMessage(EventId = EventIds.ScriptStuck, Level = LogLevel.Error,
            Message = "{What} ignored interrupts for {Seconds} s; it is stuck in native code and the interpreter cannot run anything else until it returns. Restart the process.")]
        internal static partial void Stuck(ILogger logger, string what, double seconds);

        [LoggerMessage(EventId = EventIds.WatchdogTickFailed, Level = LogLevel.Error, Message = "The script watchdog failed; runs may not be interrupted")]
        internal static partial void TickFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.WatchdogTickStillRunning, Level = LogLevel.Warning, Message = "The watchdog's last tick is still waiting for the GIL; disposing without it")]
        internal static partial void TickStillRunning(ILogger logger);
    }
}

/// <summary>Why the watchdog stopped a run.</summary>
internal enum InterruptReason
{
    Deadline,
    Cancelled,
    HostStopping,
}

using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using LibreQoS.Python.Native;

namespace LibreQoS.Python.Interop;

/// <summary>
/// An owned (NEW, strong) reference to a Python object: the only form in which a Python object may be stored in a
/// field, a collection or a closure. Disposing it releases the reference: at once when this thread holds the GIL,
/// otherwise later, on the interpreter thread (see <see cref="DrainDeferredReleases"/>). Releasing after the
/// interpreter has finalised does nothing.
/// </summary>
/// <remarks>
/// Because a release without the GIL is always deferred to the interpreter thread, a handle collected by the
/// finaliser in the middle of a call that still uses its raw address cannot free the object under that call.
/// </remarks>
internal sealed class PyObjectHandle : SafeHandle
{
    private static readonly ConcurrentQueue<nint> Deferred = new();
    private static volatile bool s_interpreterAlive;

    private PyObjectHandle(nint address)
        : base(0, ownsHandle: true) => SetHandle(address);

    public override bool IsInvalid => handle == 0;

    /// <summary>The raw address, for a call that borrows it while this handle is alive.</summary>
    internal nint Address => handle;

    /// <summary>Set true after initialisation and false just before finalisation, on the interpreter thread.</summary>
    internal static bool InterpreterAlive
    {
        get => s_interpreterAlive;
        set => s_interpreterAlive = value;
    }

    /// <summary>Takes ownership of a NEW reference; a 0 result means the call failed, so the pending error is thrown.</summary>
    internal static PyObjectHandle FromNew(nint address) =>
        address != 0 ? new PyObjectHandle(address) : throw PythonErrors.FetchPending();

    /// <summary>Takes a reference of its own (<c>Py_IncRef</c>) to a BORROWED object.</summary>
    internal static PyObjectHandle FromBorrowed(PyBorrowed borrowed)
    {
        if (borrowed.IsNull)
            throw PythonErrors.FetchPending();
        CPython.Py_IncRef(borrowed.Address);
        return new PyObjectHandle(borrowed.Address);
    }

    internal PyBorrowed Borrow() => new(handle);

    /// <summary>Gives the reference away to a function that STEALS it; this handle is then invalid.</summary>
    internal nint Steal()
    {
        nint address = handle;
        SetHandleAsInvalid();
        return address;
    }

    /// <summary>Releases the references dropped on threads without the GIL. Interpreter thread, GIL held.</summary>
    internal static void DrainDeferredReleases()
    {
        while (Deferred.TryDequeue(out nint address))
            CPython.Py_DecRef(address);
    }

    protected override bool ReleaseHandle()
    {
        if (!s_interpreterAlive)
            return true;
        if (Gil.IsHeld)
            CPython.Py_DecRef(handle);
        else
            Deferred.Enqueue(handle);
        return true;
    }
}

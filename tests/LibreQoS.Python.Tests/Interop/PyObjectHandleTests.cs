using LibreQoS.Python.Interop;
using LibreQoS.Python.Native;
using LibreQoS.TestKit;

namespace LibreQoS.Python.Tests.Interop;

[Collection(PythonCollectionDefinition.Name)]
public sealed class PyObjectHandleTests(PythonRuntimeFixture python) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Dispose_OnThreadWithoutGil_ReleasedAtNextWorkItem()
    {
        string module = "refprobe_" + Guid.NewGuid().ToString("N")[..8];
        _dir.Write(module + ".py", "import sys\nprobe = object()\ndef count():\n    return sys.getrefcount(probe)\n");
        await python.Runtime.CallAsync("sys", "path.append", _dir.Path);
        long baseline = (long)(await python.Runtime.CallAsync(module, "count"))!;

        var handle = await python.Runtime.InvokeAsync(() =>
        {
            using var imported = PyCalls.Import(module);
            using var probe = PyCalls.GetAttr(imported, "probe");
            return PyObjectHandle.FromBorrowed(probe.Borrow());
        });
        long held = (long)(await python.Runtime.CallAsync(module, "count"))!;
        handle.Dispose(); // test thread, no GIL: deferred
        long afterRelease = (long)(await python.Runtime.CallAsync(module, "count"))!;

        Assert.Equal(baseline + 1, held);
        Assert.Equal(baseline, afterRelease);
    }

    [Fact]
    public async Task Steal_HandleGivenAway_DisposeDoesNotReleaseAgain()
    {
        long before = (long)(await python.Runtime.CallAsync("sys", "getrefcount", (object?)null))!;

        await python.Runtime.InvokeAsync(() =>
        {
            using var list = PyObjectHandle.FromNew(CPython.PyList_New(1));
            var none = PyObjectHandle.FromBorrowed(new PyBorrowed(CPython.Py_None));
            Assert.Equal(0, CPython.PyList_SetItem(list.Address, 0, none.Steal()));
            none.Dispose();
            return true;
        });

        long after = (long)(await python.Runtime.CallAsync("sys", "getrefcount", (object?)null))!;
        Assert.InRange(after - before, -5, 5);
    }
}

using System.Diagnostics;
using System.Globalization;
using LibreQoS.Python;

// Usage: LibreQoS.Python.Bench start [LIBRARY EXECUTABLE]   -> milliseconds from process code start to a ready interpreter
//        LibreQoS.Python.Bench run SCRIPT                   -> milliseconds RunFileAsync took (interpreter already started)
// Both print one number; bench/scheduler repeats them in fresh processes and takes medians.
var clock = Stopwatch.StartNew();
var options = args is ["start", var library, var executable] ? new PythonRuntimeOptions { LibraryPath = library, Executable = executable } : new PythonRuntimeOptions();
await using var runtime = await PythonRuntime.StartAsync(options);
double started = clock.Elapsed.TotalMilliseconds;
switch (args)
{
    case ["start", ..]:
        Console.WriteLine(started.ToString("0.0", CultureInfo.InvariantCulture));
        return 0;
    case ["run", var script]:
        var result = await runtime.RunFileAsync(new ScriptRunRequest(script));
        Console.WriteLine(result.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
        return result.ExitCode;
    default:
        Console.Error.WriteLine("usage: LibreQoS.Python.Bench start [LIBRARY EXECUTABLE] | run SCRIPT");
        return 2;
}

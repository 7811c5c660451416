using System.Runtime.CompilerServices;

// Only the LibraryImport generator marshals: no hidden bool/char/string conversions by the runtime (style B5.7).
[assembly: DisableRuntimeMarshalling]

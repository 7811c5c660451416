namespace LibreQoS.Service.Hosting;

/// <summary>One lqosd per machine: an exclusive lock (flock) on a file next to the bus socket.</summary>
public sealed class SingleInstanceLock : IDisposable
{
    private readonly FileStream _file;

    private SingleInstanceLock(FileStream file) => _file = file;

    /// <summary>Null when another process holds the lock. The directory must exist.</summary>
    public static SingleInstanceLock? TryAcquire(string path)
    {
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
                writer.Write(Environment.ProcessId);
            return new SingleInstanceLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}

namespace LibreQoS.Service.State;

/// <summary>
/// Key/value facts integrations post about the system, sites, circuits and devices (upstream's blackboard).
/// Entries collect while a run is in progress and become current at <see cref="Finish"/>.
/// </summary>
public sealed class Blackboard
{
    private readonly Dictionary<(string Subsystem, string Key), string> _pending = [];
    private IReadOnlyDictionary<(string Subsystem, string Key), string> _current = new Dictionary<(string, string), string>();

    public void Submit(string subsystem, string key, string value)
    {
        lock (_pending)
            _pending[(subsystem, key)] = value;
    }

    public void Finish()
    {
        lock (_pending)
        {
            _current = new Dictionary<(string, string), string>(_pending);
            _pending.Clear();
        }
    }

    public IReadOnlyDictionary<(string Subsystem, string Key), string> Current => _current;
}

using LibreQoS.Bus.Protocol;

namespace LibreQoS.Service.State;

/// <summary>
/// Problems that need an operator (a failed import, a capacity limit). An issue with the same code and dedupe key
/// replaces the earlier one instead of piling up; acknowledging removes it.
/// </summary>
public sealed class UrgentIssueStore(TimeProvider clock)
{
    public const int MaxIssues = 1000;

    private readonly List<UrgentIssue> _issues = [];
    private long _nextId;

    public UrgentIssue Submit(string source, string severity, string code, string message, string? context, string? dedupeKey)
    {
        lock (_issues)
        {
            if (dedupeKey is not null)
                _issues.RemoveAll(i => i.Code == code && i.DedupeKey == dedupeKey);
            if (_issues.Count >= MaxIssues)
                _issues.RemoveAt(0);
            var issue = new UrgentIssue(++_nextId, clock.GetUtcNow().ToUnixTimeSeconds(), source, severity, code, message, context, dedupeKey);
            _issues.Add(issue);
            return issue;
        }
    }

    public IReadOnlyList<UrgentIssue> List()
    {
        lock (_issues)
            return [.. _issues];
    }

    public bool Acknowledge(long id)
    {
        lock (_issues)
            return _issues.RemoveAll(i => i.Id == id) > 0;
    }

    public int ClearByIdentity(string code, string? dedupeKey)
    {
        lock (_issues)
            return _issues.RemoveAll(i => i.Code == code && (dedupeKey is null || i.DedupeKey == dedupeKey));
    }

    public void Clear()
    {
        lock (_issues)
            _issues.Clear();
    }
}

using System.Collections.Concurrent;

namespace LibreQoS.WebUi.Auth;

/// <summary>
/// Limits password guessing: after <see cref="MaxFailures"/> failed sign-ins for one user name from one address within
/// <see cref="Window"/>, further attempts for that pair are refused (429) until the oldest failure ages out. A
/// successful sign-in clears the pair's failures.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Above this many tracked pairs, pairs with no recent failure are dropped, so memory stays bounded.</summary>
    private const int PruneAbove = 4096;

    private readonly ConcurrentDictionary<(string User, string Address), Queue<DateTimeOffset>> _failures = new();

    /// <summary>How long until <paramref name="user"/> may try again from <paramref name="address"/>; null when allowed now.</summary>
    public TimeSpan? RetryAfter(string user, string address)
    {
        if (!_failures.TryGetValue(Key(user, address), out var failures))
            return null;
        var now = clock.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            return failures.Count >= MaxFailures ? failures.Peek() + Window - now : null;
        }
    }

    public void Failed(string user, string address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count > PruneAbove)
            Prune(now);
        var failures = _failures.GetOrAdd(Key(user, address), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    public void Succeeded(string user, string address) => _failures.TryRemove(Key(user, address), out _);

    private static (string, string) Key(string user, string address) => (user.ToLowerInvariant(), address);

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now)
            failures.Dequeue();
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                    _failures.TryRemove(key, out _);
            }
        }
    }
}

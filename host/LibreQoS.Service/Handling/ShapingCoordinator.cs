using LibreQoS.Service.State;
using LibreQoS.Shaping;

namespace LibreQoS.Service.Handling;

/// <summary>
/// Runs refreshes inside lqosd one at a time (tc trees and mappings have one owner), and after each applied plan
/// makes the IP mapping table match it.
/// </summary>
public sealed class ShapingCoordinator(ConfigHolder config, ShapingRefresh refresh, IIpMappingTable mappings) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<RefreshResult> RunAsync(RefreshOptions options, Action<RefreshLogLine> onLine, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await Task.Run(() => refresh.Run(config.Current, options, new RefreshLog(onLine)), cancellationToken).ConfigureAwait(false);
            if (result.AppliedPlan is { } plan)
                mappings.ReplaceAll(plan.IpMappings());
            else if (options.ClearRules && result.Succeeded)
                mappings.Clear();
            return result;
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();
}

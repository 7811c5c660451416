using LibreQoS.Bus.Protocol;
using LibreQoS.WebUi.Dashboard;

namespace LibreQoS.Service.WebUi;

internal static class LiveRates
{
    public static DownUpRate From(DownUp value) => new(value.Down, value.Up);

    public static DownUpRate Add(DownUpRate a, DownUpRate b) => new(a.Down + b.Down, a.Up + b.Up);

    public static DownUpRate Ceiling(DownUpRate rate) => new(Math.Max(0, rate.Down), Math.Max(0, rate.Up));
}

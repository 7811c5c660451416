using System.Text.Json;

namespace LibreQoS.Bus.Protocol;

/// <summary>A client's frame: a batch of requests under one id.</summary>
public sealed record RequestFrame(long Id, IReadOnlyList<BusRequest> Requests);

/// <summary>A request frame as the server first reads it, so that one unknown or malformed request fails alone.</summary>
public sealed record RawRequestFrame(long Id, IReadOnlyList<JsonElement> Requests);

/// <summary>
/// A server's frame. The final one for an id carries <see cref="Responses"/>; before it, a long request may send
/// frames carrying a <see cref="Stream"/> line (a refresh's log).
/// </summary>
public sealed record ResponseFrame(long Id, IReadOnlyList<BusResponse>? Responses = null, StreamLine? Stream = null);

public sealed record StreamLine(string Level, string Message);

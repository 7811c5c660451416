namespace LibreQoS.Toml;

/// <summary>One part of a dotted key, with where it was written.</summary>
internal readonly record struct KeySegment(string Name, int Offset, int Length);

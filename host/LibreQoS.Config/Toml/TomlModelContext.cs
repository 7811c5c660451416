using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace LibreQoS.Config.Toml;

/// <summary>Tomlyn's generated reader for its own document model, so reading lqos.conf needs no reflection.</summary>
[TomlSerializable(typeof(TomlTable))]
internal partial class TomlModelContext : TomlSerializerContext
{
    public TomlModelContext(TomlSerializerOptions options)
        : base(options)
    {
    }
}

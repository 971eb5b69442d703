using System.Text.Json;
using System.Text.Json.Serialization;

namespace M2MDevice.Emulator.Hosting
{
    /// <summary>The JSON conventions of every emulator API: camelCase names, nulls omitted, enums as camelCase strings.</summary>
    public static class ApiJson
    {
        /// <summary>Serializer options shared by all servers.</summary>
        public static readonly JsonSerializerOptions Options = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            };
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.MakeReadOnly(populateMissingResolver: true);
            return options;
        }
    }
}

using System;
using System.IO;
using System.Text.Json;

namespace M2MDevice.Tests
{
    /// <summary>Loads the verified vectors in tests/vectors/ (copied next to the test assembly).</summary>
    public static class TestVectors
    {
        public static JsonElement Load(string name)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "vectors", name + ".json");
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream);
            return document.RootElement.Clone();
        }

        public static byte[] Hex(string hex) => Convert.FromHexString(hex);

        public static string ToHex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }
}

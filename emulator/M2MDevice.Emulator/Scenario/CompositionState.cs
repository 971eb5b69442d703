using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// What a file-backed <see cref="NetworkComposition"/> must remember across starts (composition-state.json in the
    /// data directory, mode 0600: it holds bearer tokens): the admin tokens, the ports first bound (RS's address is in
    /// every manufacture image and RS keeps each HO's first base URL), and the roles registered at RS and the HOs.
    /// </summary>
    internal sealed class CompositionState
    {
        public const string FileName = "composition-state.json";

        public int Version { get; set; } = 1;

        public string RsAdminToken { get; set; }

        public int RsPort { get; set; }

        public string ManufacturerToken { get; set; }

        public Dictionary<string, HomeOperatorState> HomeOperators { get; set; } = new Dictionary<string, HomeOperatorState>(StringComparer.Ordinal);

        /// <summary>Roaming tokens by operator name then by "rs" or HO name.</summary>
        public Dictionary<string, Dictionary<string, string>> RoamingTokens { get; set; } = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        public static CompositionState Load(string directory)
        {
            string path = Path.Combine(directory, FileName);
            if (!File.Exists(path))
            {
                return new CompositionState();
            }

            try
            {
                return JsonSerializer.Deserialize<CompositionState>(File.ReadAllBytes(path)) ?? new CompositionState();
            }
            catch (JsonException exception)
            {
                throw new NetworkConfigurationException($"{path} is damaged (not the JSON this build writes); move it away to start afresh", exception);
            }
        }

        public void Save(string directory)
        {
            // Every start rewrites the file: write a temporary file, flush it to disk and rename it over the old one, so a
            // crash or kill at any point leaves the old or the new state (a truncated file would stop every later start).
            string path = Path.Combine(directory, FileName);
            string temporary = path + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, this, new JsonSerializerOptions { WriteIndented = true });
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }

        internal sealed class HomeOperatorState
        {
            public string AdminToken { get; set; }

            public int Port { get; set; }

            public string OwnerId { get; set; }

            public string OwnerToken { get; set; }
        }
    }
}

using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace M2MDevice.Cli
{
    /// <summary>Writes one JSON document (any shape, e.g. arrays of devices) as one line of output.</summary>
    public static class CliJson
    {
        /// <summary>Runs write against a JSON writer and prints the result followed by a newline.</summary>
        public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
        {
            ArgumentNullException.ThrowIfNull(output);
            ArgumentNullException.ThrowIfNull(write);
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json);
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        /// <summary>Writes name: value, or name: null when value is null.</summary>
        public static void StringOrNull(Utf8JsonWriter json, string name, string value)
        {
            ArgumentNullException.ThrowIfNull(json);
            if (value == null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteString(name, value);
            }
        }
    }
}

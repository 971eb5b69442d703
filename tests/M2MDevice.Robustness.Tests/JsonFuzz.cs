using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CsCheck;

namespace M2MDevice.Robustness.Tests
{
    /// <summary>
    /// JSON-aware mutations for config files and HTTP bodies: a field removed, renamed, given a hostile value, wrapped
    /// in an array, given twice (raw text, as JSON allows), or a hostile field added; arrays shortened or grown.
    /// </summary>
    public static class JsonFuzz
    {
        /// <summary>Values that stress a reader: wrong types, extremes, control characters, paths, long strings.</summary>
        public static readonly string[] HostileValues =
        {
            "null", "true", "false", "0", "-1", "1.5", "1e400", "2147483648", "9223372036854775808", "-9223372036854775809",
            "\"\"", "\" \"", "\"x\"", "\"\\u0000\"", "\"a\\u0001b\"", "\"..\"", "\"/etc/passwd\"", "\"\\\\\\\\server\\\\share\"",
            "\"" + new string('z', 500) + "\"", "[]", "{}", "[1,2]", "{\"a\":1}", "\"https://\"", "\"http://x/\"", "\"00101\"", "\"0010\"",
            "\"external\"", "\"rs-roaming\"", "\"0\"", "\"999999999999999999\"", "\"caf\\u00e9\"", "\"\\ud800\"",
        };

        /// <summary>JSON-aware mutations: (kind, which node, which value, which name).</summary>
        public static Gen<string> MutationsOf(string example, string[] names)
        {
            Gen<(int, int, int, int)> edit = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1000], Gen.Int[0, HostileValues.Length - 1], Gen.Int[0, names.Length - 1]);
            return edit.Array[1, 3].Select(edits =>
            {
                string text = example;
                foreach ((int kind, int node, int value, int name) in edits)
                {
                    text = Mutate(text, kind, node, HostileValues[value], names[name]);
                }

                return text;
            });
        }

        public static string Mutate(string text, int kind, int which, string value, string name)
        {
            if (kind == 5)
            {
                // A field given twice (JSON allows it; a dictionary-minded reader may not), or a hostile field added.
                return which % 2 == 0 ? DuplicateProperty(text, which / 2) : InsertProperty(text, which, "\"" + name + "\": " + value + ",");
            }

            JsonNode root;
            var containers = new List<JsonNode>();
            try
            {
                root = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
                Collect(root, containers);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException || exception is ArgumentException || exception is InvalidOperationException)
            {
                return text; // an earlier edit broke the JSON (or gave a field twice): later edits work on text only
            }

            if (containers.Count == 0)
            {
                return text;
            }

            JsonNode target = containers[which % containers.Count];
            JsonNode hostile = JsonNode.Parse(value);
            if (target is JsonObject obj)
            {
                var keys = obj.Select(p => p.Key).ToList();
                string key = keys.Count == 0 ? name : keys[which % keys.Count];
                switch (kind)
                {
                    case 0:
                        obj.Remove(key);
                        break;
                    case 1:
                        obj[key] = hostile;
                        break;
                    case 2:
                        JsonNode moved = obj[key];
                        obj.Remove(key);
                        obj[name + (which % 3 == 0 ? "x" : string.Empty)] = moved;
                        break;
                    case 3:
                        obj[name] = hostile;
                        break;
                    default:
                        obj[key] = hostile is JsonValue ? new JsonArray(hostile) : hostile;
                        break;
                }
            }
            else if (target is JsonArray array)
            {
                if (kind == 0 && array.Count > 0)
                {
                    array.RemoveAt(which % array.Count);
                }
                else if (kind == 1 && array.Count > 0)
                {
                    JsonNode copy = array[which % array.Count]?.DeepClone();
                    array.Add(copy);
                }
                else
                {
                    array.Add(hostile);
                }
            }

            try
            {
                return root.ToJsonString();
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json will not write a lone surrogate; put the hostile value in as text instead.
                int brace = text.IndexOf('{', StringComparison.Ordinal);
                return brace < 0 ? text : text.Insert(brace + 1, "\"" + name + "\": " + value + ",");
            }
        }

        private static string InsertProperty(string text, int which, string property)
        {
            var braces = new List<int>();
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '{')
                {
                    braces.Add(i);
                }
            }

            return braces.Count == 0 ? text : text.Insert(braces[which % braces.Count] + 1, property);
        }

        /// <summary>Copies one "name": value pair (value of any depth) in front of itself.</summary>
        private static string DuplicateProperty(string text, int which)
        {
            var starts = new List<int>();
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '"')
                {
                    int close = text.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        break;
                    }

                    int colon = close + 1;
                    while (colon < text.Length && char.IsWhiteSpace(text[colon]))
                    {
                        colon++;
                    }

                    if (colon < text.Length && text[colon] == ':')
                    {
                        starts.Add(i);
                    }

                    i = close;
                }
            }

            if (starts.Count == 0)
            {
                return text;
            }

            int start = starts[which % starts.Count];
            int p = text.IndexOf(':', start) + 1;
            int depth = 0;
            bool inString = false;
            for (; p < text.Length; p++)
            {
                char c = text[p];
                if (inString)
                {
                    if (c == '\\')
                    {
                        p++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                if (c == '"')
                {
                    inString = true;
                }
                else if (c == '{' || c == '[')
                {
                    depth++;
                }
                else if (c == '}' || c == ']')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    break;
                }
            }

            return text.Insert(start, text.Substring(start, p - start) + ",");
        }

        private static void Collect(JsonNode node, List<JsonNode> containers)
        {
            if (node is JsonObject obj)
            {
                containers.Add(obj);
                foreach (KeyValuePair<string, JsonNode> property in obj)
                {
                    Collect(property.Value, containers);
                }
            }
            else if (node is JsonArray array)
            {
                containers.Add(array);
                foreach (JsonNode item in array)
                {
                    Collect(item, containers);
                }
            }
        }

    }
}

using System;
using System.Collections.Generic;
using System.IO;
using M2MDevice.Emulator.Rs;

namespace M2MDevice.Emulator.Scenario
{
    /// <summary>
    /// Writes a <see cref="ManufacturedBatch"/> to a directory: images/&lt;deviceId&gt;.m2mi (one manufacture image
    /// per device, the bytes to write into its image partition), <see cref="ManufactureManifest.FileName"/> (no
    /// secrets) and <see cref="DeviceKeysFile.FileName"/> (secret, mode 0600).
    /// </summary>
    public static class ManufactureOutput
    {
        /// <summary>Folder of the images inside the output directory.</summary>
        public const string ImagesFolder = "images";

        /// <summary>Image file extension.</summary>
        public const string ImageExtension = ".m2mi";

        /// <summary>Writes everything; returns the manifest written. IOException when the directory cannot be written.</summary>
        public static ManufactureManifest Write(string directory, ManufacturedBatch batch, string algorithm)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory);
            ArgumentNullException.ThrowIfNull(batch);
            Directory.CreateDirectory(Path.Combine(directory, ImagesFolder));
            var entries = new List<ManifestEntry>();
            foreach (ManufacturedUnit unit in batch.Units)
            {
                string relative = ImagesFolder + "/" + unit.DeviceId + ImageExtension;
                File.WriteAllBytes(Path.Combine(directory, ImagesFolder, unit.DeviceId + ImageExtension), unit.Image);
                entries.Add(new ManifestEntry(unit.DeviceId, unit.Pimsi, relative));
            }

            DeviceKeysFile.Write(Path.Combine(directory, DeviceKeysFile.FileName), batch.Units);
            var manifest = new ManufactureManifest
            {
                RsAddress = batch.RsAddress.AbsoluteUri,
                Algorithm = algorithm,
                BatchIds = batch.BatchIds,
                AllowedNetworks = batch.AllowedNetworks,
                KeysFile = DeviceKeysFile.FileName,
                CreatedAt = DateTimeOffset.UtcNow,
                Devices = entries,
            };
            manifest.Write(Path.Combine(directory, ManufactureManifest.FileName));
            return manifest;
        }

        /// <summary>The algorithm name of the manifest ("milenage" or "tuak").</summary>
        public static string AlgorithmName(M2MDevice.Aka.AkaAlgorithmKind algorithm) => RsService.AlgorithmName(algorithm);
    }
}

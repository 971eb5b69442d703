namespace M2MDevice.Firmware.Usim
{
    /// <summary>File types and EF structures of TS 102 221 8.1 / 8.2 that the soft USIM uses.</summary>
    internal enum UsimFileStructure : byte
    {
        /// <summary>The master file, root of the UICC file system.</summary>
        MasterFile = 1,

        /// <summary>A dedicated file (e.g. DF_GSM-ACCESS).</summary>
        DedicatedFile = 2,

        /// <summary>An application dedicated file (ADF.USIM), selected by AID.</summary>
        ApplicationFile = 3,

        /// <summary>A transparent EF, read and written by offset.</summary>
        Transparent = 4,

        /// <summary>A linear fixed EF, records of one length numbered from 1.</summary>
        LinearFixed = 5,
    }
}

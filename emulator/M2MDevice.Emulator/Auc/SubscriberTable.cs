using System;
using M2MDevice.Emulator.Hosting;
using Microsoft.Data.Sqlite;

namespace M2MDevice.Emulator.Auc
{
    /// <summary>
    /// Where an <see cref="AuthenticationCentre"/> finds its subscribers and keeps their SEQ_HE (RS: the PIMSIs of
    /// registered devices; a home operator: its operational IMSIs). <see cref="Select"/> returns at most one row
    /// (device_id, algorithm, k, opc, seq_he) for $imsi; <see cref="UpdateSeqHe"/> stores $seq for $imsi;
    /// <see cref="Unknown"/> gives the 404 for an IMSI without a row (the visited operator's NAS reject). All three
    /// run in the AuC's transaction.
    /// </summary>
    internal sealed record SubscriberTable(string Select, string UpdateSeqHe, Func<SqliteConnection, SqliteTransaction, string, ApiError> Unknown);
}

using System.Reflection;
using System.Text;
using M2MDevice.Firmware.Usim;
using M2MDevice.Tests;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>
    /// Issue 8.3: Init refills the previous session's file tree in place instead of building a new one. Whatever the
    /// previous session did, the refilled card must hold exactly what a new card for the profile holds (every file,
    /// its attributes and content), compared through the internal tree (reflection: a test-only look).
    /// </summary>
    public class SoftUsimRefillTests
    {
        private const string SelectUsim = "00a4040c10a0000000871002ffffffff894d324d01";

        // TS 102 221 11.1.4: UPDATE BINARY by SFI (P1 = '80' | SFI): EF_PLMNwAcT (SFI '0A', not persisted) and EF_LOCI (SFI '0B', persisted).
        private const string SessionUpdates = SelectUsim
            + ";00d68a0005" + "62f2104000"
            + ";00d68b000b" + "0102030462f2100001ff00";

        [Fact]
        public void Init_SameProfileAfterUpdates_FilesAsOnANewCard()
        {
            var store = new InMemoryUsimStore();
            SoftUsim usim = UsimTestCard.Create(store);
            string before = Dump(usim);
            UsimTestCard.SendAll(usim, SessionUpdates);

            usim.Reset();

            // EF_PLMNwAcT is back to the profile's content; EF_LOCI keeps the persisted update, as on a new card on that store.
            Assert.Equal(Dump(New(store, UsimIdentityKind.Preliminary, UsimTestCard.Preliminary())), Dump(usim));
            Assert.NotEqual(before, Dump(usim));
            UsimTestCard.SendAll(usim, SelectUsim);
            Assert.Equal("ffffff0000ffffff0000", ReadPlmnWithActPrefix(usim));
        }

        [Fact]
        public void Init_AfterSwitchToOperational_FilesAsOnANewCard()
        {
            var store = new InMemoryUsimStore();
            SoftUsim usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SessionUpdates);

            usim.SwitchIdentity(UsimIdentityKind.Operational, UsimTestCard.Operational());
            usim.Reset();

            Assert.Equal(Dump(New(store, UsimIdentityKind.Operational, UsimTestCard.Operational())), Dump(usim));
        }

        [Fact]
        public void Init_AfterSwitchToProfileWithOtherListLengths_FilesAsOnANewCard()
        {
            var store = new InMemoryUsimStore();
            SoftUsim usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SessionUpdates);

            usim.SwitchIdentity(UsimIdentityKind.Operational, WithLists(false));
            usim.Reset();

            Assert.Equal(Dump(New(store, UsimIdentityKind.Operational, WithLists(false))), Dump(usim));
        }

        [Fact]
        public void Init_AfterSwitchToProfileWithSpnAndMsisdn_FilesAsOnANewCard()
        {
            var store = new InMemoryUsimStore();
            SoftUsim usim = UsimTestCard.Create(store);
            UsimTestCard.SendAll(usim, SessionUpdates);

            usim.SwitchIdentity(UsimIdentityKind.Operational, WithLists(true));
            usim.Reset();
            Assert.Equal(Dump(New(store, UsimIdentityKind.Operational, WithLists(true))), Dump(usim));

            // And back: the tree without EF_SPN and EF_MSISDN again.
            usim.SwitchIdentity(UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());
            usim.Reset();
            Assert.Equal(Dump(New(store, UsimIdentityKind.Preliminary, UsimTestCard.Preliminary())), Dump(usim));
        }

        [Fact]
        public void Deinit_PoweredOff_KeepsNoFileContent()
        {
            SoftUsim usim = UsimTestCard.Create(new InMemoryUsimStore());
            UsimTestCard.SendAll(usim, SessionUpdates);
            object tree = typeof(SoftUsim).GetField("files", BindingFlags.Instance | BindingFlags.NonPublic).GetValue(usim);

            usim.Deinit();

            // The wiped tree waits for the next Init: every EF holds zeros only.
            Assert.DoesNotMatch("[1-9a-f]", DumpContent(Property(tree, "Mf")));
            Assert.False(usim.IsPowered);
        }

        private static string ReadPlmnWithActPrefix(SoftUsim usim)
        {
            string answer = UsimTestCard.Send(usim, "00b08a000a");
            return answer.Substring(0, 20);
        }

        private static UsimProfile WithLists(bool spnAndMsisdn)
        {
            UsimProfile profile = UsimTestCard.Operational();
            profile.HplmnWithAct = TestVectors.Hex("1300144000" + "62f2104000");
            profile.OplmnWithAct = TestVectors.Hex("62f2104000" + "62f2108000");
            profile.Ehplmn = TestVectors.Hex("130014");
            profile.Fplmn = TestVectors.Hex("00f110ffffffffffffffffffffffff");
            profile.PlmnWithAct = TestVectors.Hex("62f2104000");
            profile.Acc = TestVectors.Hex("0004");
            profile.MncLength = 3;
            if (spnAndMsisdn)
            {
                profile.Msisdn = "+491701234567";
                profile.ServiceProviderName = "M2M Net";
            }

            return profile;
        }

        private static SoftUsim New(InMemoryUsimStore store, UsimIdentityKind identity, UsimProfile profile)
        {
            var usim = new SoftUsim(store, identity, profile);
            usim.Init();
            return usim;
        }

        private static string Dump(SoftUsim usim)
        {
            object tree = typeof(SoftUsim).GetField("files", BindingFlags.Instance | BindingFlags.NonPublic).GetValue(usim);
            Assert.NotNull(tree);
            var text = new StringBuilder();
            DumpNode(Property(tree, "Mf"), text, string.Empty);
            int persisted = (int)Property(tree, "PersistedCount");
            MethodInfo persistedAt = tree.GetType().GetMethod("PersistedAt");
            for (int i = 0; i < persisted; i++)
            {
                text.Append("persisted ").Append(((ushort)Property(persistedAt.Invoke(tree, new object[] { i }), "FileId")).ToString("x4")).Append('\n');
            }

            return text.ToString();
        }

        private static void DumpNode(object node, StringBuilder text, string path)
        {
            string here = path + "/" + ((ushort)Property(node, "FileId")).ToString("x4");
            text.Append(here)
                .Append(' ').Append(Property(node, "Structure"))
                .Append(" sfi ").Append(Property(node, "ShortFileId"))
                .Append(" read ").Append(Property(node, "Read"))
                .Append(" update ").Append(Property(node, "Update"))
                .Append(" persisted ").Append(Property(node, "Persisted"))
                .Append(" records ").Append(Property(node, "RecordLength"))
                .Append(" data ").Append(Property(node, "Data") is byte[] data ? TestVectors.ToHex(data) : "-")
                .Append(" aid ").Append(Property(node, "Aid") is byte[] aid ? TestVectors.ToHex(aid) : "-")
                .Append('\n');
            int count = (int)Property(node, "ChildCount");
            MethodInfo childAt = node.GetType().GetMethod("ChildAt");
            for (int i = 0; i < count; i++)
            {
                object child = childAt.Invoke(node, new object[] { i });
                Assert.Same(node, Property(child, "Parent"));
                DumpNode(child, text, here);
            }
        }

        private static string DumpContent(object node)
        {
            var text = new StringBuilder();
            if (Property(node, "Data") is byte[] data)
            {
                text.Append(TestVectors.ToHex(data));
            }

            int count = (int)Property(node, "ChildCount");
            MethodInfo childAt = node.GetType().GetMethod("ChildAt");
            for (int i = 0; i < count; i++)
            {
                text.Append(DumpContent(childAt.Invoke(node, new object[] { i })));
            }

            return text.ToString();
        }

        private static object Property(object target, string name)
        {
            return target.GetType().GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).GetValue(target);
        }
    }
}

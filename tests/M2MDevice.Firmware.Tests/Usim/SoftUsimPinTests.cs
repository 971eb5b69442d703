using System;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Firmware.Tests.Usim
{
    /// <summary>PIN1 (TS 102 221 9.5, 11.1.9 VERIFY PIN) and the access conditions it guards.</summary>
    public class SoftUsimPinTests
    {
        private const string SelectUsim = "00a4040c10a0000000871002ffffffff894d324d01";
        private const string VerifyRight = "0020000108" + "31323334ffffffff";
        private const string VerifyWrong = "0020000108" + "39393939ffffffff";

        private static SoftUsim CardWithPin()
        {
            var usim = new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());
            usim.ConfigurePin("1234");
            usim.Init();
            UsimTestCard.Send(usim, SelectUsim);
            return usim;
        }

        [Fact]
        public void Select_PinEnabled_FcpPinStatusShowsPin1Enabled()
        {
            var usim = CardWithPin();

            string fcp = UsimTestCard.Send(usim, "00a4040410a0000000871002ffffffff894d324d0100");

            Assert.Contains("c606900180830101", fcp);
        }

        [Fact]
        public void Read_PinEnabledNotVerified_PinFilesRefusedAlwaysFilesServed()
        {
            var usim = CardWithPin();

            Assert.Equal("6982", UsimTestCard.Send(usim, "00b0870009"));
            Assert.Equal("6982", UsimTestCard.Send(usim, "00d68b000100"));
            Assert.Equal("6982", UsimTestCard.Send(usim, "0088008011" + "10" + "00000000000000000000000000000000"));
            Assert.Equal("000000029000", UsimTestCard.Send(usim, "00b0830004"));
            Assert.Equal("9000", UsimTestCard.Send(usim, "00a4000c022fe2"));
            Assert.Equal("988812010000400310f09000", UsimTestCard.Send(usim, "00b000000a"));
        }

        [Fact]
        public void Verify_RightPin_UnlocksUntilReset()
        {
            var usim = CardWithPin();

            Assert.Equal("63c3", UsimTestCard.Send(usim, "0020000100"));
            Assert.Equal("9000", UsimTestCard.Send(usim, VerifyRight));
            Assert.Equal("9000", UsimTestCard.Send(usim, "0020000100"));
            Assert.Equal("0809101010325476989000", UsimTestCard.Send(usim, "00b0870009"));

            usim.Reset();
            UsimTestCard.Send(usim, SelectUsim);

            Assert.Equal("6982", UsimTestCard.Send(usim, "00b0870009"));
        }

        [Fact]
        public void Verify_WrongPinThreeTimes_BlocksEvenTheRightPin()
        {
            var usim = CardWithPin();

            Assert.Equal("63c2", UsimTestCard.Send(usim, VerifyWrong));
            Assert.Equal("63c1", UsimTestCard.Send(usim, VerifyWrong));
            Assert.Equal("63c0", UsimTestCard.Send(usim, VerifyWrong));
            Assert.Equal("6983", UsimTestCard.Send(usim, VerifyRight));
            Assert.Equal("6983", UsimTestCard.Send(usim, "0020000100"));
            Assert.Equal("6982", UsimTestCard.Send(usim, "00b0870009"));
        }

        [Fact]
        public void Verify_WrongThenRight_RestoresTheCounter()
        {
            var usim = CardWithPin();

            Assert.Equal("63c2", UsimTestCard.Send(usim, VerifyWrong));
            Assert.Equal("9000", UsimTestCard.Send(usim, VerifyRight));
            Assert.Equal("9000", UsimTestCard.Send(usim, "0020000100"));
            Assert.Equal("63c2", UsimTestCard.Send(usim, VerifyWrong));
        }

        [Fact]
        public void Verify_PinOfWrongLength_Answers6700WithoutCountingAnAttempt()
        {
            var usim = CardWithPin();

            Assert.Equal("6700", UsimTestCard.Send(usim, "002000010431323334"));
            Assert.Equal("63c3", UsimTestCard.Send(usim, "0020000100"));
        }

        [Fact]
        public void ConfigurePin_Null_DisablesThePin()
        {
            var usim = CardWithPin();

            usim.ConfigurePin(null);

            Assert.Equal("0809101010325476989000", UsimTestCard.Send(usim, "00b0870009"));
            Assert.Equal("6a88", UsimTestCard.Send(usim, VerifyRight));
        }

        [Theory]
        [InlineData("123")]
        [InlineData("123456789")]
        [InlineData("12a4")]
        public void ConfigurePin_NotFourToEightDigits_Throws(string pin)
        {
            var usim = new SoftUsim(new InMemoryUsimStore(), UsimIdentityKind.Preliminary, UsimTestCard.Preliminary());

            Assert.Throws<ArgumentException>(() => usim.ConfigurePin(pin));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using M2MDevice.At;
using M2MDevice.Emulator.Modem;
using M2MDevice.Firmware.Modem;
using M2MDevice.Firmware.Usim;

namespace M2MDevice.Emulator.Tests.Modem
{
    /// <summary>
    /// The remote-SIM channel (docs/remote-sim.md) between the emulated modem and the real firmware code:
    /// firmware/Modem AtChannel + RemoteSimResponder serving the firmware's SoftUsim over its key store.
    /// </summary>
    public sealed class RemoteSimTests
    {
        [Fact]
        public async Task FirmwareResponder_SelectRemoteAndPowerOn_SimReadAndRegisteredThroughDeviceUsim()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync(withCard: false, rawDte: false);
            await using var dte = new FirmwareDte(kit.Pipe.DeviceEnd, ModemTestKit.Profile());

            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("ATE0")).Result);
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+CMEE=1")).Result);
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+CEREG=3")).Result);
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+M2MSIMSEL=1")).Result);
            AtCommand selected = await dte.SendAsync("AT+M2MSIMSEL?", RemoteSimMessage.SelectPrefix);
            Assert.Equal("+M2MSIMSEL: 1", selected.GetResponseLineText(0));
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+CFUN=1")).Result);

            string registered = await dte.WaitForUrcAsync(line => line.StartsWith("+CEREG: 1", StringComparison.Ordinal));
            Assert.Equal("+CEREG: 1,\"1A2B\",\"01234567\",7", registered);
            Assert.True(dte.Responder.AnsweredRequests > 10);
            Assert.Equal(0, dte.Responder.FailedAnswers);
            Assert.Equal(0, dte.Responder.DroppedRequests);
            Assert.Equal(0, dte.Responder.MalformedRequests);

            AtCommand imsi = await dte.SendAsync("AT+CIMI", string.Empty);
            Assert.Equal(ModemTestKit.Imsi, imsi.GetResponseLineText(0));

            // The modem wrote EF_LOCI through +M2MSIM: the device's own key store holds it.
            var buffer = new byte[256];
            int length = dte.Store.LoadFile(dte.Store.ActiveIdentity, UsimFileId.Loci, buffer, 0);
            Assert.Equal(UsimEncoding.LociLength, length);
            Assert.True(UsimEncoding.TryDecodeLocationInformation(buffer, 0, out _, out string mcc, out string mnc, out ushort lac, out byte status));
            Assert.Equal(("001", "01", (ushort)0x1A2B, (byte)0), (mcc, mnc, lac, status));

            // Direct SIM access would make the modem wait for the device that waits for the modem.
            AtCommand csim = await dte.SendAsync("AT+CSIM=14,\"00A40004023F00\"");
            Assert.Equal((AtResultCode.CmeError, 3), (csim.Result, csim.ErrorNumber));
        }

        [Fact]
        public async Task SilentDevice_NoAnswerToInit_SimFailureAfterTimeout()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync(configure: o => o.RemoteSimTimeout = TimeSpan.FromMilliseconds(200), withCard: false);
            await kit.Dte.CommandAsync("AT+CMEE=2");
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIMSEL=1"));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CFUN=1"));

            Assert.Equal("+M2MSIM: 0,\"INIT\"", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "+CME ERROR: SIM busy" }, await kit.Dte.CommandAsync("AT+CPIN?"));
            await kit.Dte.WaitForAsync("+SIMCARD: NOT AVAILABLE");

            Assert.Equal(new[] { "+CME ERROR: SIM failure" }, await kit.Dte.CommandAsync("AT+CPIN?"));
            Assert.Equal(SimState.Failure, kit.Modem.SimState);
            Assert.Equal(new[] { "+CME ERROR: incorrect parameters" }, await kit.Dte.CommandAsync("AT+M2MSIM=0,0,\"3B00\"")); // too late
        }

        [Fact]
        public async Task RawDevice_WrongIdThenRightAnswer_RefusedThenOkBeforeNextRequest()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync(withCard: false);
            await kit.Dte.CommandAsync("AT+CMEE=1");
            await kit.Dte.CommandAsync("AT+M2MSIMSEL=1");
            await kit.Dte.CommandAsync("AT+CFUN=1");
            Assert.Equal("+M2MSIM: 0,\"INIT\"", await kit.Dte.NextAsync());

            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+M2MSIM=5,0,\"3B9A96801FC78031E073FE2100829000BB\""));
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+M2MSIM=0,0,\"3B\"")); // an ATR is 2..33 bytes
            Assert.Equal(new[] { "+CME ERROR: 50" }, await kit.Dte.CommandAsync("AT+M2MSIM=0,3,\"3B00\"")); // errors carry no data

            // docs/remote-sim.md: OK first, the next request only after it.
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=0,0,\"3B9A96801FC78031E073FE2100829000BB\""));
            Assert.Equal("+M2MSIM: 1,\"APDU\",\"00A40004023F00\"", await kit.Dte.NextAsync());

            // The card reports an error: the modem gives up on this card.
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=1,3"));
            await kit.Dte.WaitForAsync("+SIMCARD: NOT AVAILABLE");
            Assert.Equal(new[] { "+CME ERROR: 13" }, await kit.Dte.CommandAsync("AT+CPIN?"));
        }

        [Fact]
        public async Task PowerOnCancelled_InitStillOutstanding_NextRequestOnlyAfterItsAnswer()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync(withCard: false);
            await kit.Dte.CommandAsync("AT+CMEE=1");
            await kit.Dte.CommandAsync("AT+M2MSIMSEL=1");
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CFUN=1"));
            Assert.Equal("+M2MSIM: 0,\"INIT\"", await kit.Dte.NextAsync());

            // The power-on is abandoned while the device holds request 0 (its answer still in its queue): the
            // modem wants DEINIT, then INIT for the new power-on, but request 0 is still the outstanding one.
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CFUN=0"));
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+CFUN=1"));
            Assert.Equal(new[] { "+CME ERROR: 14" }, await kit.Dte.CommandAsync("AT+CPIN?"));

            // docs/remote-sim.md: one request outstanding. The late answer is accepted (and discarded) and only
            // then does the next request go out; nothing overtook it.
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=0,0,\"3B9A96801FC78031E073FE2100829000BB\""));
            Assert.Equal("+M2MSIM: 1,\"DEINIT\"", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=1,0"));
            Assert.Equal("+M2MSIM: 2,\"INIT\"", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=2,0,\"3B9A96801FC78031E073FE2100829000BB\""));
            Assert.Equal("+M2MSIM: 3,\"APDU\",\"00A40004023F00\"", await kit.Dte.NextAsync());
        }

        [Fact]
        public async Task FirmwareResponder_PowerCycledDuringPowerOn_SimReadyWithoutDropsOrTimeouts()
        {
            // The firmware queues AT+CFUN=0 and AT+CFUN=1 behind AT+CFUN=1: INIT arrives while AT+CFUN=0 is in flight,
            // so the responder's answer leaves after it, when the modem has already abandoned that power-on.
            await using ModemTestKit kit = await ModemTestKit.StartAsync(withCard: false, rawDte: false);
            await using var dte = new FirmwareDte(kit.Pipe.DeviceEnd, ModemTestKit.Profile());
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("ATE0")).Result);
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+CMEE=1")).Result);
            Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+M2MSIMSEL=1")).Result);
            for (int cycle = 0; cycle < 5; cycle++)
            {
                Task<AtCommand> on = dte.SendAsync("AT+CFUN=1");
                Task<AtCommand> off = dte.SendAsync("AT+CFUN=0");
                Task<AtCommand> onAgain = dte.SendAsync("AT+CFUN=1");
                Assert.All(await Task.WhenAll(on, off, onAgain), c => Assert.Equal(AtResultCode.Ok, c.Result));
                await dte.WaitForUrcAsync(line => line == "+CPIN: READY");
                Assert.Equal(AtResultCode.Ok, (await dte.SendAsync("AT+CFUN=0")).Result);
            }

            Assert.Equal(0, dte.Responder.DroppedRequests);
            Assert.Equal(0, dte.Responder.FailedAnswers);
            Assert.Equal(SimState.Off, kit.Modem.SimState);
        }

        [Fact]
        public async Task SwitchBack_RemoteToInserted_DeinitSentAndInsertedCardRead()
        {
            await using ModemTestKit kit = await ModemTestKit.StartAsync();
            await kit.Dte.CommandAsync("AT+COPS=2");
            await kit.Dte.CommandAsync("AT+M2MSIMSEL=1");
            await kit.Dte.CommandAsync("AT+CFUN=1");
            Assert.Equal("+M2MSIM: 0,\"INIT\"", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=0,1")); // card not powered

            await kit.Dte.WaitForAsync("+SIMCARD: NOT AVAILABLE");
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIMSEL=0"));
            Assert.Equal("+M2MSIM: 1,\"DEINIT\"", await kit.Dte.NextAsync());
            Assert.Equal(new[] { "OK" }, await kit.Dte.CommandAsync("AT+M2MSIM=1,0"));
            await kit.Dte.WaitForAsync("+CPIN: READY");
            Assert.Equal(new[] { ModemTestKit.Imsi, "OK" }, await kit.Dte.CommandAsync("AT+CIMI"));
        }
    }
}

using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;
using Microsoft.Extensions.Logging;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>The SIM slot: power-on and read, +CPIN, +CFUN, +CSIM, +CRSM, the remote-SIM channel and its selection.</summary>
    public sealed partial class EmulatedModem
    {
        private readonly RemoteSimResponse remoteResponse = new RemoteSimResponse();
        private readonly AtReader answerReader = new AtReader();
        private SimState simState;
        private SimCardInfo simInfo;
        private SimSlot slot;
        private SimTerminal terminal;
        private CancellationTokenSource simCancellation;
        private Task simChain = Task.CompletedTask;

        /// <summary>0 when the SIM is ready, else the +CME ERROR number for its state.</summary>
        private int SimError()
        {
            switch (simState)
            {
                case SimState.Ready:
                    return 0;
                case SimState.Absent:
                    return CmeError.SimNotInserted;
                case SimState.Initializing:
                    return CmeError.SimBusy;
                case SimState.PinRequired:
                    return CmeError.SimPinRequired;
                case SimState.Off:
                    return CmeError.OperationNotAllowed;
                default:
                    return CmeError.SimFailure;
            }
        }

        /// <summary>
        /// Powers the selected card off (if one was on) and on again, then reads it, all in the background;
        /// registration follows when the SIM is ready. Called under the state lock.
        /// </summary>
        private void StartSimPowerOn()
        {
            SimTerminal previous = StopSim();
            ISimCard card = slot == SimSlot.Inserted ? insertedCard : remoteCard;
            if (card == null)
            {
                simState = SimState.Absent;
                lastError = "SIM not inserted";
                QueueSimWork(previous, null, CancellationToken.None);
                return;
            }

            var next = new SimTerminal(card);
            terminal = next;
            simState = SimState.Initializing;
            simCancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token);
            QueueSimWork(previous, next, simCancellation.Token);
        }

        /// <summary>Cancels SIM work and registration and forgets the card; returns the terminal to power off. Under the lock.</summary>
        private SimTerminal StopSim()
        {
            ReleaseLinked(ref simCancellation, cancel: true);
            Deregister();
            SimTerminal previous = terminal;
            terminal = null;
            simInfo = null;
            simState = SimState.Off;
            return previous;
        }

        /// <summary>SIM power changes run one after another: power off the old card, then power on and read the new one.</summary>
        private void QueueSimWork(SimTerminal powerOff, SimTerminal powerOn, CancellationToken token)
        {
            simChain = simChain.ContinueWith(
                async _ =>
                {
                    if (powerOff != null)
                    {
                        await Background("SIM power-off", () => powerOff.PowerOffAsync(lifetime.Token)).ConfigureAwait(false);
                    }

                    if (powerOn != null)
                    {
                        await Background("SIM power-on", () => PowerOnSimAsync(powerOn, token)).ConfigureAwait(false);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default).Unwrap();
        }

        private async Task PowerOnSimAsync(SimTerminal card, CancellationToken token)
        {
            (SimCardInfo info, SimState state) = await card.PowerOnAsync(token).ConfigureAwait(false);
            await LockedAsync(
                () =>
                {
                    if (token.IsCancellationRequested || terminal != card)
                    {
                        return;
                    }

                    simInfo = info;
                    simState = state;
                    logger.LogInformation("SIM {Slot} {State}", slot, state);
                    if (state != SimState.Ready)
                    {
                        lastError = state == SimState.PinRequired ? "SIM PIN required" : "SIM failure";
                        Urc(state == SimState.PinRequired ? "+CPIN: SIM PIN" : "+SIMCARD: NOT AVAILABLE"); // SIMCom URCs
                        return;
                    }

                    Urc("+CPIN: READY"); // SIMCom: unsolicited once the SIM is read

                    if (functionality == 1 && operatorMode != 2)
                    {
                        StartRegistration();
                    }
                },
                lifetime.Token).ConfigureAwait(false);
        }

        /// <summary>Runs background work; cancellation and a closed stream end it quietly (logged), anything else is logged as an error.</summary>
        private async Task Background(string what, Func<Task> work)
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                logger.LogDebug("{Work} cancelled", what);
            }
            catch (Exception exception) when (exception is System.IO.IOException || exception is ObjectDisposedException)
            {
                logger.LogInformation("{Work} stopped: the AT stream is closed", what);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "{Work} failed", what);
            }
        }

        /// <summary>+CPIN (TS 27.007 8.3): READY, SIM PIN, or the SIM error of the state.</summary>
        private CommandOutcome Pin(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Test:
                    return CommandOutcome.Ok;
                case CommandForm.Read:
                    if (simState == SimState.Ready)
                    {
                        Info("+CPIN: READY");
                        return CommandOutcome.Ok;
                    }

                    if (simState == SimState.PinRequired)
                    {
                        Info("+CPIN: SIM PIN");
                        return CommandOutcome.Ok;
                    }

                    return CommandOutcome.Cme(SimError());
                case CommandForm.Set:
                    // PIN entry is not modelled: the soft USIM runs with PIN1 disabled (docs/emulator-modem.md).
                    return CommandOutcome.Cme(simState == SimState.Ready ? CmeError.OperationNotAllowed : CmeError.OperationNotSupported);
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }
        }

        /// <summary>
        /// +CFUN (TS 27.007 8.2): 0 minimum (deregister, SIM off), 1 full (SIM read again when it was off, then
        /// registration), 4 radio off (deregister, SIM stays on); &lt;rst&gt; 1 restarts the SIM too.
        /// </summary>
        private CommandOutcome Functionality(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    Info("+CFUN: " + functionality.ToString(CultureInfo.InvariantCulture));
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CFUN: (0,1,4),(0,1)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryReadInt(0, 127, out int level))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int reset = 0;
            if (parameters.TrySkip((byte)',') && !parameters.TryReadInt(0, 1, out reset))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (!parameters.TryEnd() || (level != 0 && level != 1 && level != 4))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int previous = functionality;
            functionality = level;
            if (level == 0)
            {
                SimTerminal old = StopSim();
                QueueSimWork(old, null, CancellationToken.None);
                lastError = "Minimum functionality";
            }
            else if (level == 4)
            {
                Deregister();
            }
            else if (reset == 1 || previous == 0 || simState == SimState.Off || simState == SimState.Failure)
            {
                StartSimPowerOn();
            }
            else if (simState == SimState.Ready && operatorMode != 2 && registrationStatus != RegistrationStatus.Home
                && registrationStatus != RegistrationStatus.Roaming)
            {
                StartRegistration();
            }

            return CommandOutcome.Ok;
        }

        /// <summary>+CSIM (TS 27.007 8.17): one APDU to the inserted card, answered as it came.</summary>
        private async Task<CommandOutcome> GenericSimAccessAsync(CommandForm form, AtReader parameters, CancellationToken token)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            byte[] apdu = new byte[RemoteSimMessage.MaxCommandApduLength];
            if (!parameters.TryReadInt(out int length) || !parameters.TryReadComma()
                || !parameters.TryReadHexBytes(apdu, 0, apdu.Length, out int count) || !parameters.TryEnd()
                || length != count * 2 || count < 4)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            CommandOutcome refused = CheckDirectSimAccess();
            if (refused.Kind != CommandOutcomeKind.Ok)
            {
                return refused;
            }

            SimCardResponse answer = await terminal.TransmitRawAsync(apdu.AsSpan(0, count).ToArray(), token).ConfigureAwait(false);
            if (answer.Status != SimCardStatus.Ok)
            {
                return CommandOutcome.Cme(CmeError.SimFailure);
            }

            scratch.Clear();
            scratch.Append(MobileTerminationCommands.GenericSimAccessPrefix).AppendByte((byte)' ').AppendInt(answer.Data.Length * 2)
                .AppendByte((byte)',').AppendQuotedHex(answer.Data, 0, answer.Data.Length);
            InfoFromScratch();
            answer.Clear();
            scratch.Clear();
            return CommandOutcome.Ok;
        }

        /// <summary>
        /// +CRSM (TS 27.007 8.18): &lt;command&gt;[,&lt;fileid&gt;[,&lt;P1&gt;,&lt;P2&gt;,&lt;P3&gt;[,&lt;data&gt;[,&lt;pathid&gt;]]]], commands 176
        /// READ BINARY, 178 READ RECORD, 192 GET RESPONSE, 214 UPDATE BINARY, 220 UPDATE RECORD, 242 STATUS.
        /// </summary>
        private async Task<CommandOutcome> RestrictedSimAccessAsync(CommandForm form, AtReader parameters, CancellationToken token)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set || !parameters.TryReadInt(0, 255, out int command))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            if (command != 176 && command != 178 && command != 192 && command != 214 && command != 220 && command != 242)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int fileId = -1;
            int p1 = 0;
            int p2 = 0;
            int p3 = 0;
            byte[] data = null;
            byte[] path = null;
            if (parameters.TrySkip((byte)','))
            {
                if (!parameters.TryReadInt(0, 0xFFFF, out fileId))
                {
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
                }

                if (parameters.TrySkip((byte)','))
                {
                    if (!parameters.TryReadInt(0, 255, out p1) || !parameters.TryReadComma() || !parameters.TryReadInt(0, 255, out p2)
                        || !parameters.TryReadComma() || !parameters.TryReadInt(0, 255, out p3))
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    if (parameters.TrySkip((byte)','))
                    {
                        byte[] buffer = new byte[255];
                        if (!parameters.IsParameterOmitted())
                        {
                            if (!parameters.TryReadHexBytes(buffer, 0, buffer.Length, out int dataCount))
                            {
                                return CommandOutcome.Cme(CmeError.IncorrectParameters);
                            }

                            data = buffer.AsSpan(0, dataCount).ToArray();
                        }

                        if (parameters.TrySkip((byte)','))
                        {
                            byte[] pathBuffer = new byte[16];
                            if (!parameters.TryReadHexBytes(pathBuffer, 0, pathBuffer.Length, out int pathCount) || pathCount < 2 || (pathCount & 1) != 0)
                            {
                                return CommandOutcome.Cme(CmeError.IncorrectParameters);
                            }

                            path = pathBuffer.AsSpan(0, pathCount).ToArray();
                        }
                    }
                }
            }

            if (!parameters.TryEnd() || (fileId < 0 && command != 242) || ((command == 214 || command == 220) && (data == null || data.Length != p3)))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            CommandOutcome refused = CheckDirectSimAccess();
            if (refused.Kind != CommandOutcomeKind.Ok)
            {
                return refused;
            }

            if (fileId < 0)
            {
                fileId = 0x7FFF; // STATUS needs no file
            }

            SimCardResponse answer = await terminal.RestrictedAccessAsync(command, fileId, p1, p2, p3, data, path, token).ConfigureAwait(false);
            if (answer == null)
            {
                return CommandOutcome.Cme(CmeError.SimFailure);
            }

            int length = answer.Data.Length - 2;
            scratch.Clear();
            scratch.Append(MobileTerminationCommands.RestrictedSimAccessPrefix).AppendByte((byte)' ').AppendInt(answer.Data[length])
                .AppendByte((byte)',').AppendInt(answer.Data[length + 1]);
            if (length > 0)
            {
                scratch.AppendByte((byte)',').AppendQuotedHex(answer.Data, 0, length);
            }

            InfoFromScratch();
            answer.Clear();
            return CommandOutcome.Ok;
        }

        /// <summary>
        /// Direct SIM access (+CSIM, +CRSM) works on the inserted card only: with the remote SIM the modem would
        /// hold the command's final result while waiting for the device itself to answer (docs/remote-sim.md).
        /// </summary>
        private CommandOutcome CheckDirectSimAccess()
        {
            if (slot == SimSlot.Remote)
            {
                return CommandOutcome.Cme(CmeError.OperationNotAllowed);
            }

            if (terminal == null || (simState != SimState.Ready && simState != SimState.PinRequired))
            {
                int error = SimError();
                return CommandOutcome.Cme(error == 0 ? CmeError.SimFailure : error);
            }

            return CommandOutcome.Ok;
        }

        /// <summary>
        /// AT+M2MSIM=&lt;id&gt;,&lt;status&gt;[,"&lt;hex&gt;"] (docs/remote-sim.md): the device's answer. OK goes out first, then
        /// the answer is delivered, so the next request URC can only follow the OK.
        /// </summary>
        private CommandOutcome RemoteSimAnswer(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Set)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            // Re-assemble the command text so the shared codec parses exactly what the firmware formats.
            int count = parameters.End - parameters.Position;
            byte[] text = new byte[RemoteSimMessage.CommandPrefix.Length + count];
            AtAscii.GetBytes(RemoteSimMessage.CommandPrefix, text, 0);
            Array.Copy(parameters.Buffer, parameters.Position, text, RemoteSimMessage.CommandPrefix.Length, count);
            answerReader.Reset(text, 0, text.Length);
            bool parsed = RemoteSimMessage.TryParseResponse(answerReader, remoteResponse);
            Array.Clear(text);
            if (!parsed || !remoteCard.TryMatch(remoteResponse))
            {
                Array.Clear(remoteResponse.Data);
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            WriteFinal(AtResultCode.Ok, 0);
            remoteCard.Deliver(remoteResponse);
            Array.Clear(remoteResponse.Data);
            return CommandOutcome.Done;
        }

        /// <summary>
        /// AT+M2MSIMSEL (shared RemoteSimMessage.WriteSelect, docs/remote-sim.md): 0 the inserted card, 1 the
        /// device's soft USIM over +M2MSIM. With the SIM off (AT+CFUN=0) the choice applies at the next AT+CFUN=1;
        /// otherwise the old card is powered off and the new one read at once (in the background).
        /// </summary>
        private CommandOutcome SimSelection(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    scratch.Clear();
                    RemoteSimMessage.FormatSelectRead(scratch, slot == SimSlot.Remote);
                    InfoFromScratch();
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info(RemoteSimMessage.SelectPrefix + " (0,1)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    break;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            // Re-assemble the command so the shared codec parses it exactly as the firmware writes it.
            int count = parameters.End - parameters.Position;
            byte[] text = new byte[RemoteSimMessage.SelectCommand.Length + 1 + count];
            AtAscii.GetBytes(RemoteSimMessage.SelectCommand + "=", text, 0);
            Array.Copy(parameters.Buffer, parameters.Position, text, RemoteSimMessage.SelectCommand.Length + 1, count);
            answerReader.Reset(text, 0, text.Length);
            if (!RemoteSimMessage.TryParseSelect(answerReader, out bool remote))
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int selected = remote ? 1 : 0;
            if ((SimSlot)selected == slot)
            {
                return CommandOutcome.Ok;
            }

            slot = (SimSlot)selected;
            if (functionality == 0)
            {
                SimTerminal old = StopSim();
                QueueSimWork(old, null, CancellationToken.None);
            }
            else
            {
                StartSimPowerOn(); // the old card is powered off first, then the new one is read (in the background)
            }

            return CommandOutcome.Ok;
        }
    }
}

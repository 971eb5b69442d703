using System;
using M2MDevice.At;

namespace M2MDevice.Firmware.Modem
{
    /// <summary>
    /// Serves the modem's remote-SIM requests (+M2MSIM URCs, docs/remote-sim.md) from an
    /// <see cref="IRemoteSimCard"/>: INIT and RESET answer the ATR, APDU the R-APDU, DEINIT powers the card
    /// off; failures are answered with an error status so the modem never waits in vain. The answer is sent
    /// with <see cref="AtChannel.SendFirst"/>, ahead of queued commands, because the modem is waiting for it.
    /// The modem keeps at most one request outstanding; a request arriving while the previous answer is
    /// still unsent is a protocol violation, counted in <see cref="DroppedRequests"/> and not answered.
    /// Allocation-free per request.
    /// </summary>
    public sealed class RemoteSimResponder : IAtCommandHandler
    {
        /// <summary>Time allowed for the modem to accept an answer.</summary>
        public const int AnswerTimeoutMilliseconds = 5000;

        private const byte AuthenticateInstruction = 0x88; // TS 31.102 7.1.2: INS of AUTHENTICATE
        private const byte GetResponseInstruction = 0xC0; // TS 102 221 11.1.13
        private const byte SynchronisationFailureTag = 0xDC; // TS 31.102 7.1.2.1: 'DC' AUTS follows

        private readonly AtChannel channel;
        private readonly IRemoteSimCard card;
        private readonly AtReader reader = new AtReader();
        private readonly RemoteSimRequest request = new RemoteSimRequest();
        private readonly byte[] response = new byte[RemoteSimMessage.MaxResponseApduLength];
        private readonly AtCommand answer = new AtCommand(AtCommand.DefaultTextCapacity, 64, 2);
        private bool awaitingAuthenticateData;

        /// <summary>Creates a responder answering through channel from card.</summary>
        public RemoteSimResponder(AtChannel channel, IRemoteSimCard card)
        {
            if (channel == null)
            {
                throw new ArgumentNullException(nameof(channel));
            }

            if (card == null)
            {
                throw new ArgumentNullException(nameof(card));
            }

            this.channel = channel;
            this.card = card;
            answer.Handler = this;
        }

        /// <summary>Requests answered (whatever the status).</summary>
        public int AnsweredRequests { get; private set; }

        /// <summary>Requests that were malformed beyond their id (answered InvalidRequest) or without a readable id (not answered).</summary>
        public int MalformedRequests { get; private set; }

        /// <summary>Requests dropped because the previous answer was still pending.</summary>
        public int DroppedRequests { get; private set; }

        /// <summary>Answers the modem did not accept (error, timeout) or the channel could not queue.</summary>
        public int FailedAnswers { get; private set; }

        /// <summary>AUTHENTICATE commands (TS 31.102 7.1.2) the card processed.</summary>
        public int AuthenticationRequests { get; private set; }

        /// <summary>
        /// AUTHENTICATE answered '9862' (TS 31.102 7.3: incorrect MAC): the network failed to prove it holds
        /// the key, e.g. a rogue network replaying or forging vectors (TS 33.102 6.3.3).
        /// </summary>
        public int MacFailures { get; private set; }

        /// <summary>
        /// AUTHENTICATE answered with the 'DC' synchronisation failure tag and AUTS (TS 31.102 7.1.2.1; TS 33.102
        /// 6.3.3: SQN out of range), counted whether the data came directly or through GET RESPONSE.
        /// </summary>
        public int SynchronisationFailures { get; private set; }

        /// <summary>Outcome of the last answer command (None while pending).</summary>
        public AtResultCode LastAnswerResult => answer.Result;

        /// <summary>
        /// Offers an unsolicited line; true when it was a remote-SIM request (handled, even if malformed), false
        /// when it belongs to someone else. Call from the channel's <see cref="IAtUrcHandler"/>.
        /// </summary>
        public bool TryHandleUnsolicited(byte[] line, int offset, int count)
        {
            if (!AtAscii.StartsWith(line, offset, count, RemoteSimMessage.UrcPrefix))
            {
                return false;
            }

            if (answer.Pending)
            {
                DroppedRequests++;
                return true;
            }

            reader.Reset(line, offset, count);
            if (!RemoteSimMessage.TryParseRequest(reader, request))
            {
                MalformedRequests++;
                reader.Rewind();
                if (RemoteSimMessage.TryParseRequestId(reader, out int id))
                {
                    SendAnswer(id, RemoteSimStatus.InvalidRequest, 0);
                }

                return true;
            }

            switch (request.Type)
            {
                case RemoteSimRequestType.Init:
                case RemoteSimRequestType.Reset:
                    AnswerReset(request.Type == RemoteSimRequestType.Init);
                    break;
                case RemoteSimRequestType.Apdu:
                    AnswerApdu();
                    break;
                default:
                    card.PowerOff();
                    SendAnswer(request.Id, RemoteSimStatus.Ok, 0);
                    break;
            }

            return true;
        }

        /// <inheritdoc />
        public void OnCompleted(AtCommand command)
        {
            // The R-APDU of AUTHENTICATE carries RES, CK and IK: do not leave them in the line buffer.
            Array.Clear(answer.Text.Buffer, 0, answer.Text.Buffer.Length);
            if (command.Result != AtResultCode.Ok)
            {
                FailedAnswers++;
            }
        }

        private void AnswerReset(bool coldStart)
        {
            if (!card.Reset(coldStart, out byte[] answerToReset) || answerToReset == null
                || answerToReset.Length < RemoteSimMessage.MinAtrLength || answerToReset.Length > RemoteSimMessage.MaxAtrLength)
            {
                SendAnswer(request.Id, RemoteSimStatus.CardError, 0);
                return;
            }

            Array.Copy(answerToReset, 0, response, 0, answerToReset.Length);
            SendAnswer(request.Id, RemoteSimStatus.Ok, answerToReset.Length);
        }

        private void AnswerApdu()
        {
            int length = card.Process(request.Data, 0, request.DataLength, response, 0);
            if (length == 0)
            {
                SendAnswer(request.Id, RemoteSimStatus.CardNotPowered, 0);
                return;
            }

            if (length < 2 || length > RemoteSimMessage.MaxResponseApduLength)
            {
                throw new InvalidOperationException("card returned an R-APDU length outside 2..258");
            }

            CountAuthentication(request.Data, request.DataLength, length);
            SendAnswer(request.Id, RemoteSimStatus.Ok, length);
        }

        private void CountAuthentication(byte[] command, int commandLength, int length)
        {
            // Only the status word and the first tag byte are looked at: RES, CK, IK and AUTS stay unread.
            bool interindustry = (command[0] & 0x80) == 0; // ISO/IEC 7816-4 5.4.1: CLA '0X'..'7X'
            byte instruction = command[1];
            int statusWord1 = response[length - 2];
            int statusWord2 = response[length - 1];
            bool success = statusWord1 == 0x90 || statusWord1 == 0x61;
            if (interindustry && instruction == AuthenticateInstruction && commandLength >= 5)
            {
                AuthenticationRequests++;
                awaitingAuthenticateData = false;
                if (statusWord1 == 0x98 && statusWord2 == 0x62)
                {
                    MacFailures++; // TS 31.102 7.3: '9862' authentication error, incorrect MAC
                }
                else if (length > 2 && success && response[0] == SynchronisationFailureTag)
                {
                    SynchronisationFailures++;
                }
                else if (length == 2 && statusWord1 == 0x61)
                {
                    awaitingAuthenticateData = true; // TS 102 221 7.3.1.1.4: the data follows via GET RESPONSE
                }

                return;
            }

            if (awaitingAuthenticateData && interindustry && instruction == GetResponseInstruction)
            {
                awaitingAuthenticateData = statusWord1 == 0x6C; // a repeated GET RESPONSE with the right Le
                if (length > 2 && success && response[0] == SynchronisationFailureTag)
                {
                    SynchronisationFailures++;
                }

                return;
            }

            awaitingAuthenticateData = false;
        }

        private void SendAnswer(int id, RemoteSimStatus status, int length)
        {
            AtWriter writer = answer.Begin(null, AnswerTimeoutMilliseconds);
            RemoteSimMessage.FormatResponse(writer, id, status, response, 0, length);
            Array.Clear(response, 0, response.Length);
            AtSendResult sent = channel.SendFirst(answer);
            if (sent == AtSendResult.QueueFull || sent == AtSendResult.AlreadyPending)
            {
                Array.Clear(answer.Text.Buffer, 0, answer.Text.Buffer.Length);
                FailedAnswers++;
                return;
            }

            AnsweredRequests++;
        }
    }
}

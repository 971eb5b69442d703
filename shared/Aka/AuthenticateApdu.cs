using System;

namespace M2MDevice.Aka
{
    /// <summary>
    /// Codec of the AUTHENTICATE command and response (TS 31.102 7.1.2, TS 102 221 10.1 short APDUs) for the
    /// USIM side (parse command, build response) and the terminal/network side (build command, parse
    /// response). No allocation; all lengths explicit; every rejection has an <see cref="AuthenticateParseResult"/>.
    /// </summary>
    public static class AuthenticateApdu
    {
        /// <summary>INS of AUTHENTICATE (TS 102 221 10.1.2).</summary>
        public const byte Instruction = 0x88;

        /// <summary>'DB': tag of a successful 3G-context response (TS 31.102 7.1.2.1).</summary>
        public const byte SuccessTag = 0xDB;

        /// <summary>'DC': tag of a synchronisation failure response (TS 31.102 7.1.2.1).</summary>
        public const byte SyncFailureTag = 0xDC;

        /// <summary>'9000': normal ending.</summary>
        public const int StatusOk = 0x9000;

        /// <summary>'9862': authentication error, incorrect MAC (TS 31.102 7.3).</summary>
        public const int StatusMacFailure = 0x9862;

        /// <summary>'9864': authentication error, security context not supported (TS 31.102 7.3).</summary>
        public const int StatusContextNotSupported = 0x9864;

        /// <summary>'6700': wrong length (TS 102 221 10.2.1.4).</summary>
        public const int StatusWrongLength = 0x6700;

        /// <summary>'6A80': incorrect parameters in the data field (TS 102 221 10.2.1.5).</summary>
        public const int StatusIncorrectData = 0x6A80;

        /// <summary>'6A86': incorrect parameters P1 to P2 (TS 102 221 10.2.1.5).</summary>
        public const int StatusIncorrectP1P2 = 0x6A86;

        /// <summary>'6D00': instruction code not supported (TS 102 221 10.2.1.4).</summary>
        public const int StatusInstructionNotSupported = 0x6D00;

        /// <summary>'6E00': class not supported (TS 102 221 10.2.1.4).</summary>
        public const int StatusClassNotSupported = 0x6E00;

        private const int HeaderLength = 4;

        /// <summary>
        /// Parses a C-APDU of count bytes at apdu[offset] into command (overwritten in full).
        /// Header checks come first (CLA, INS, P1/P2), then lengths, then the LV data.
        /// </summary>
        public static AuthenticateParseResult ParseCommand(byte[] apdu, int offset, int count, AuthenticateCommand command)
        {
            CheckRange(apdu, offset, count, nameof(apdu));
            if (command == null)
            {
                throw new ArgumentNullException(nameof(command));
            }

            command.AutnLength = 0;
            command.HasLe = false;
            command.Le = 0;
            AkaBytes.Zero(command.Rand);
            AkaBytes.Zero(command.Autn);
            if (count < HeaderLength)
            {
                return AuthenticateParseResult.Truncated;
            }

            byte cla = apdu[offset];
            int channel;
            if ((cla & 0xFC) == 0x00)
            {
                // TS 102 221 10.1.1: '0X' with b4-b3 = 00 (no secure messaging), b2-b1 = channel 0..3.
                channel = cla & 0x03;
            }
            else if ((cla & 0xF0) == 0x40)
            {
                // TS 102 221 10.1.1: '4X', channel 4 + b4-b1.
                channel = 4 + (cla & 0x0F);
            }
            else
            {
                return AuthenticateParseResult.ClassNotSupported;
            }

            if (apdu[offset + 1] != Instruction)
            {
                return AuthenticateParseResult.InstructionNotSupported;
            }

            // TS 31.102 7.1.2: P1 = '00'; P2 = '80' GSM context or '81' 3G context (others not supported here).
            byte p2 = apdu[offset + 3];
            if (apdu[offset + 2] != 0x00 || (p2 != (byte)AuthenticateContext.Gsm && p2 != (byte)AuthenticateContext.Umts))
            {
                return AuthenticateParseResult.IncorrectP1P2;
            }

            command.Class = cla;
            command.LogicalChannel = channel;
            command.Context = (AuthenticateContext)p2;
            if (count == HeaderLength || apdu[offset + HeaderLength] == 0)
            {
                // TS 102 221 10.1: a short Lc of 0 does not exist; AUTHENTICATE is case 4 with data.
                return AuthenticateParseResult.MissingData;
            }

            int lc = apdu[offset + HeaderLength];
            int dataStart = offset + HeaderLength + 1;
            int trailing = count - (HeaderLength + 1) - lc;
            if (trailing < 0)
            {
                return AuthenticateParseResult.Truncated;
            }

            if (trailing > 1)
            {
                return AuthenticateParseResult.Oversized;
            }

            if (trailing == 1)
            {
                int le = apdu[dataStart + lc];
                command.HasLe = true;
                command.Le = le == 0 ? 256 : le;
            }

            // TS 31.102 7.1.2.1: data = L(RAND) || RAND [|| L(AUTN) || AUTN in 3G context].
            int position = dataStart;
            int end = dataStart + lc;
            if (apdu[position] != AkaSizes.Rand || end - position - 1 < AkaSizes.Rand)
            {
                return AuthenticateParseResult.IncorrectData;
            }

            Array.Copy(apdu, position + 1, command.Rand, 0, AkaSizes.Rand);
            position += 1 + AkaSizes.Rand;
            if (command.Context == AuthenticateContext.Gsm)
            {
                return position == end ? AuthenticateParseResult.Ok : AuthenticateParseResult.IncorrectData;
            }

            if (position >= end)
            {
                return AuthenticateParseResult.IncorrectData;
            }

            int autnLength = apdu[position];
            bool validLength = autnLength == Autn.LengthFor(8) || autnLength == Autn.LengthFor(16) || autnLength == Autn.LengthFor(32);
            if (!validLength || end - position - 1 != autnLength)
            {
                return AuthenticateParseResult.IncorrectData;
            }

            Array.Copy(apdu, position + 1, command.Autn, 0, autnLength);
            command.AutnLength = autnLength;
            return AuthenticateParseResult.Ok;
        }

        /// <summary>The status word a USIM answers for a rejected command ('9000' for Ok).</summary>
        public static int StatusWordFor(AuthenticateParseResult result)
        {
            switch (result)
            {
                case AuthenticateParseResult.Ok:
                    return StatusOk;
                case AuthenticateParseResult.ClassNotSupported:
                    return StatusClassNotSupported;
                case AuthenticateParseResult.InstructionNotSupported:
                    return StatusInstructionNotSupported;
                case AuthenticateParseResult.IncorrectP1P2:
                    return StatusIncorrectP1P2;
                case AuthenticateParseResult.IncorrectData:
                    return StatusIncorrectData;
                default:
                    return StatusWrongLength;
            }
        }

        /// <summary>The status word of an authentication outcome (TS 31.102 7.1.2, 7.3).</summary>
        public static int StatusWordFor(AkaResult result)
        {
            switch (result)
            {
                case AkaResult.Success:
                case AkaResult.SyncFailure:
                    return StatusOk;
                case AkaResult.MacFailure:
                    return StatusMacFailure;
                case AkaResult.ContextNotSupported:
                    return StatusContextNotSupported;
                default:
                    return StatusIncorrectData;
            }
        }

        /// <summary>
        /// USIM side: the whole R-APDU for an outcome of <see cref="UsimAuthenticator"/> in the given context,
        /// at output[outputOffset]; returns its length. Success in 3G: 'DB' response; in GSM: SRES and Kc;
        /// SyncFailure: 'DC' response; anything else: the status word alone.
        /// </summary>
        public static int BuildResponse(AuthenticateContext context, AkaResult result, UsimAuthenticationOutput output, byte[] response, int responseOffset)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (result == AkaResult.Success && context == AuthenticateContext.Umts)
            {
                return BuildUmtsSuccess(output.Res, 0, output.ResLength, output.Ck, 0, output.CkLength, output.Ik, 0, output.IkLength, output.HasKc ? output.Kc : null, 0, response, responseOffset);
            }

            if (result == AkaResult.Success && context == AuthenticateContext.Gsm)
            {
                return BuildGsmSuccess(output.Sres, 0, output.Kc, 0, response, responseOffset);
            }

            if (result == AkaResult.SyncFailure)
            {
                return BuildSyncFailure(output.Auts, 0, output.AutsLength, response, responseOffset);
            }

            return BuildStatus(StatusWordFor(result), response, responseOffset);
        }

        /// <summary>
        /// TS 31.102 7.1.2.1, 3G context success: 'DB' || L || RES || L || CK || L || IK [|| '08' || Kc] || '9000';
        /// kc null omits Kc. Returns the length written.
        /// </summary>
        public static int BuildUmtsSuccess(byte[] res, int resOffset, int resLength, byte[] ck, int ckOffset, int ckLength, byte[] ik, int ikOffset, int ikLength, byte[] kc, int kcOffset, byte[] output, int outputOffset)
        {
            int length = 1 + 1 + resLength + 1 + ckLength + 1 + ikLength + (kc != null ? 1 + AkaSizes.Kc : 0) + 2;
            CheckRange(output, outputOffset, length, nameof(output));
            if (resLength < 4 || resLength > AkaSizes.MaxRes || ckLength < 1 || ckLength > AkaSizes.MaxKey || ikLength < 1 || ikLength > AkaSizes.MaxKey)
            {
                throw new ArgumentOutOfRangeException(nameof(resLength));
            }

            int position = outputOffset;
            output[position++] = SuccessTag;
            position = PutLv(res, resOffset, resLength, output, position);
            position = PutLv(ck, ckOffset, ckLength, output, position);
            position = PutLv(ik, ikOffset, ikLength, output, position);
            if (kc != null)
            {
                position = PutLv(kc, kcOffset, AkaSizes.Kc, output, position);
            }

            position = PutStatus(StatusOk, output, position);
            return position - outputOffset;
        }

        /// <summary>TS 31.102 7.1.2.1, synchronisation failure: 'DC' || L || AUTS || '9000'. Returns the length written.</summary>
        public static int BuildSyncFailure(byte[] auts, int autsOffset, int autsLength, byte[] output, int outputOffset)
        {
            if (autsLength != Auts.LengthFor(8) && autsLength != Auts.LengthFor(16) && autsLength != Auts.LengthFor(32))
            {
                throw new ArgumentOutOfRangeException(nameof(autsLength));
            }

            CheckRange(output, outputOffset, 2 + autsLength + 2, nameof(output));
            int position = outputOffset;
            output[position++] = SyncFailureTag;
            position = PutLv(auts, autsOffset, autsLength, output, position);
            position = PutStatus(StatusOk, output, position);
            return position - outputOffset;
        }

        /// <summary>TS 31.102 7.1.2.1, GSM context: '04' || SRES || '08' || Kc || '9000'. Returns the length written.</summary>
        public static int BuildGsmSuccess(byte[] sres, int sresOffset, byte[] kc, int kcOffset, byte[] output, int outputOffset)
        {
            CheckRange(output, outputOffset, 1 + AkaSizes.Sres + 1 + AkaSizes.Kc + 2, nameof(output));
            int position = PutLv(sres, sresOffset, AkaSizes.Sres, output, outputOffset);
            position = PutLv(kc, kcOffset, AkaSizes.Kc, output, position);
            position = PutStatus(StatusOk, output, position);
            return position - outputOffset;
        }

        /// <summary>A response of only SW1-SW2. Returns 2.</summary>
        public static int BuildStatus(int statusWord, byte[] output, int outputOffset)
        {
            CheckRange(output, outputOffset, 2, nameof(output));
            PutStatus(statusWord, output, outputOffset);
            return 2;
        }

        /// <summary>
        /// Terminal side: AUTHENTICATE in 3G context, CLA || '88' || '00' || '81' || Lc || L || RAND || L || AUTN || Le '00'.
        /// Returns the length written.
        /// </summary>
        public static int BuildUmtsCommand(byte cla, byte[] rand, int randOffset, byte[] autn, int autnOffset, int autnLength, byte[] output, int outputOffset)
        {
            if (autnLength != Autn.LengthFor(8) && autnLength != Autn.LengthFor(16) && autnLength != Autn.LengthFor(32))
            {
                throw new ArgumentOutOfRangeException(nameof(autnLength));
            }

            int lc = 1 + AkaSizes.Rand + 1 + autnLength;
            CheckRange(output, outputOffset, HeaderLength + 1 + lc + 1, nameof(output));
            int position = PutHeader(cla, AuthenticateContext.Umts, lc, output, outputOffset);
            position = PutLv(rand, randOffset, AkaSizes.Rand, output, position);
            position = PutLv(autn, autnOffset, autnLength, output, position);
            output[position++] = 0x00;
            return position - outputOffset;
        }

        /// <summary>Terminal side: AUTHENTICATE in GSM context, CLA || '88' || '00' || '80' || '11' || '10' || RAND || Le '00'.</summary>
        public static int BuildGsmCommand(byte cla, byte[] rand, int randOffset, byte[] output, int outputOffset)
        {
            int lc = 1 + AkaSizes.Rand;
            CheckRange(output, outputOffset, HeaderLength + 1 + lc + 1, nameof(output));
            int position = PutHeader(cla, AuthenticateContext.Gsm, lc, output, outputOffset);
            position = PutLv(rand, randOffset, AkaSizes.Rand, output, position);
            output[position++] = 0x00;
            return position - outputOffset;
        }

        /// <summary>
        /// Terminal side: parses the R-APDU of count bytes at apdu[offset] answering a command in context.
        /// Ok with IsSuccess or IsSyncFailure set; ErrorStatus for any status word other than '9000' (body
        /// must then be empty); Truncated/Oversized/IncorrectData/UnknownTag for a malformed '9000' body.
        /// </summary>
        public static AuthenticateParseResult ParseResponse(AuthenticateContext context, byte[] apdu, int offset, int count, AuthenticateResponse response)
        {
            CheckRange(apdu, offset, count, nameof(apdu));
            if (response == null)
            {
                throw new ArgumentNullException(nameof(response));
            }

            response.Clear();
            if (count < 2)
            {
                return AuthenticateParseResult.Truncated;
            }

            int end = offset + count - 2;
            response.StatusWord = (apdu[end] << 8) | apdu[end + 1];
            if (response.StatusWord != StatusOk)
            {
                return end == offset ? AuthenticateParseResult.ErrorStatus : AuthenticateParseResult.Oversized;
            }

            int position = offset;
            int length;
            if (context == AuthenticateContext.Gsm)
            {
                // TS 31.102 7.1.2.1, GSM context: L(SRES) = 4 || SRES || L(Kc) = 8 || Kc.
                AuthenticateParseResult gsm = ReadLv(apdu, ref position, end, AkaSizes.Sres, AkaSizes.Sres, response.Sres, out length);
                if (gsm == AuthenticateParseResult.Ok)
                {
                    gsm = ReadLv(apdu, ref position, end, AkaSizes.Kc, AkaSizes.Kc, response.Kc, out length);
                }

                if (gsm == AuthenticateParseResult.Ok && position != end)
                {
                    gsm = AuthenticateParseResult.Oversized;
                }

                if (gsm != AuthenticateParseResult.Ok)
                {
                    response.Clear();
                    response.StatusWord = StatusOk;
                    return gsm;
                }

                response.HasSres = true;
                response.HasKc = true;
                response.IsSuccess = true;
                return AuthenticateParseResult.Ok;
            }

            if (position == end)
            {
                return AuthenticateParseResult.Truncated;
            }

            byte tag = apdu[position++];
            AuthenticateParseResult result;
            if (tag == SyncFailureTag)
            {
                // TS 31.102 7.1.2.1: 'DC' || L || AUTS.
                result = ReadLv(apdu, ref position, end, Auts.LengthFor(8), Auts.LengthFor(32), response.Auts, out length);
                response.AutsLength = length;
            }
            else if (tag == SuccessTag)
            {
                // TS 31.102 7.1.2.1: 'DB' || L || RES || L || CK || L || IK [|| L || Kc].
                result = ReadLv(apdu, ref position, end, 4, AkaSizes.MaxRes, response.Res, out length);
                response.ResLength = length;
                if (result == AuthenticateParseResult.Ok)
                {
                    result = ReadLv(apdu, ref position, end, 16, AkaSizes.MaxKey, response.Ck, out length);
                    response.CkLength = length;
                }

                if (result == AuthenticateParseResult.Ok)
                {
                    result = ReadLv(apdu, ref position, end, 16, AkaSizes.MaxKey, response.Ik, out length);
                    response.IkLength = length;
                }

                if (result == AuthenticateParseResult.Ok && position < end)
                {
                    result = ReadLv(apdu, ref position, end, AkaSizes.Kc, AkaSizes.Kc, response.Kc, out length);
                    response.HasKc = result == AuthenticateParseResult.Ok;
                }
            }
            else
            {
                result = AuthenticateParseResult.UnknownTag;
            }

            if (result == AuthenticateParseResult.Ok && position != end)
            {
                result = AuthenticateParseResult.Oversized;
            }

            if (result != AuthenticateParseResult.Ok)
            {
                response.Clear();
                response.StatusWord = StatusOk;
                return result;
            }

            response.IsSuccess = tag == SuccessTag;
            response.IsSyncFailure = tag == SyncFailureTag;
            return AuthenticateParseResult.Ok;
        }

        private static AuthenticateParseResult ReadLv(byte[] apdu, ref int position, int end, int minimum, int maximum, byte[] value, out int length)
        {
            length = 0;
            if (position >= end)
            {
                return AuthenticateParseResult.Truncated;
            }

            int announced = apdu[position];
            if (announced < minimum || announced > maximum)
            {
                return AuthenticateParseResult.IncorrectData;
            }

            if (end - position - 1 < announced)
            {
                return AuthenticateParseResult.Truncated;
            }

            Array.Copy(apdu, position + 1, value, 0, announced);
            position += 1 + announced;
            length = announced;
            return AuthenticateParseResult.Ok;
        }

        private static int PutHeader(byte cla, AuthenticateContext context, int lc, byte[] output, int position)
        {
            output[position++] = cla;
            output[position++] = Instruction;
            output[position++] = 0x00;
            output[position++] = (byte)context;
            output[position++] = (byte)lc;
            return position;
        }

        private static int PutLv(byte[] value, int valueOffset, int length, byte[] output, int position)
        {
            output[position++] = (byte)length;
            Array.Copy(value, valueOffset, output, position, length);
            return position + length;
        }

        private static int PutStatus(int statusWord, byte[] output, int position)
        {
            output[position++] = (byte)(statusWord >> 8);
            output[position++] = (byte)statusWord;
            return position;
        }

        private static void CheckRange(byte[] buffer, int offset, int count, string name)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(name);
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(name);
            }
        }
    }
}

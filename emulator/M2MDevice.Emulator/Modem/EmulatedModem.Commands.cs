using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using M2MDevice.At;

namespace M2MDevice.Emulator.Modem
{
    /// <summary>Command line parsing (V.250 5.2-5.4) and the general commands.</summary>
    public sealed partial class EmulatedModem
    {
        private string lastError = "No cause information available";

        /// <summary>V.250 5.2.1: "AT" prefix, then basic and extended commands (extended ones separated by ';').</summary>
        private async Task ExecuteLineAsync(byte[] line, CancellationToken token)
        {
            int p = 0;
            while (p < line.Length && line[p] == (byte)' ')
            {
                p++;
            }

            if (line.Length - p < 2 || AtAscii.ToUpper(line[p]) != (byte)'A' || AtAscii.ToUpper(line[p + 1]) != (byte)'T')
            {
                return; // V.250 5.2.1: a line without the "AT" prefix is not a command line; nothing is answered
            }

            p += 2;
            while (true)
            {
                while (p < line.Length && (line[p] == (byte)' ' || line[p] == (byte)';'))
                {
                    p++;
                }

                if (p >= line.Length)
                {
                    WriteFinal(AtResultCode.Ok, 0);
                    return;
                }

                CommandOutcome outcome;
                byte first = AtAscii.ToUpper(line[p]);
                if (first == (byte)'+' || first == (byte)'%' || first == (byte)'^' || first == (byte)'$')
                {
                    int nameStart = p;
                    p++;
                    while (p < line.Length && IsNameCharacter(line[p]))
                    {
                        p++;
                    }

                    string name = UpperAscii(line, nameStart, p - nameStart);
                    CommandForm form = CommandForm.Action;
                    if (p < line.Length && line[p] == (byte)'?')
                    {
                        form = CommandForm.Read;
                        p++;
                    }
                    else if (p + 1 < line.Length && line[p] == (byte)'=' && line[p + 1] == (byte)'?')
                    {
                        form = CommandForm.Test;
                        p += 2;
                    }
                    else if (p < line.Length && line[p] == (byte)'=')
                    {
                        form = CommandForm.Set;
                        p++;
                    }

                    int end = ParametersEnd(line, p);
                    reader.Reset(line, p, end - p);
                    outcome = await DispatchAsync(name, form, reader, token).ConfigureAwait(false);
                    p = end;
                }
                else
                {
                    outcome = ExecuteBasic(line, ref p);
                }

                switch (outcome.Kind)
                {
                    case CommandOutcomeKind.Ok:
                        continue;
                    case CommandOutcomeKind.Error:
                        WriteFinal(AtResultCode.Error, 0);
                        return;
                    case CommandOutcomeKind.CmeError:
                        WriteFinal(AtResultCode.CmeError, outcome.Error);
                        return;
                    default:
                        return; // Pending or Done: the rest of the line is not executed (the command ends the line)
                }
            }
        }

        private static bool IsNameCharacter(byte value)
        {
            // V.250 5.4.1: letters, digits and ! % - . / : _ after the prefix character.
            byte c = AtAscii.ToUpper(value);
            return (c >= (byte)'A' && c <= (byte)'Z') || AtAscii.IsDigit(c) || c == (byte)'!' || c == (byte)'%' || c == (byte)'-'
                || c == (byte)'.' || c == (byte)'/' || c == (byte)':' || c == (byte)'_';
        }

        private static string UpperAscii(byte[] line, int offset, int count)
        {
            char[] characters = new char[count];
            for (int i = 0; i < count; i++)
            {
                characters[i] = (char)AtAscii.ToUpper(line[offset + i]);
            }

            return new string(characters);
        }

        /// <summary>The end of an extended command's parameters: the next ';' outside quotes, or the line end.</summary>
        private static int ParametersEnd(byte[] line, int p)
        {
            bool quoted = false;
            while (p < line.Length)
            {
                if (line[p] == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (line[p] == (byte)';' && !quoted)
                {
                    return p;
                }

                p++;
            }

            return p;
        }

        private CommandOutcome ExecuteBasic(byte[] line, ref int p)
        {
            byte command = AtAscii.ToUpper(line[p++]);
            if (command == (byte)'&')
            {
                if (p >= line.Length)
                {
                    return CommandOutcome.SyntaxError;
                }

                byte ampersand = AtAscii.ToUpper(line[p++]);
                int ignored = ReadBasicNumber(line, ref p, 0);
                if (ampersand == (byte)'F')
                {
                    ResetSettings(); // V.250 6.1.2: factory defaults
                    return CommandOutcome.Ok;
                }

                // &C, &D, &K, &W: DCD/DTR/flow control/store have no effect on a byte stream.
                return ampersand == (byte)'C' || ampersand == (byte)'D' || ampersand == (byte)'K' || ampersand == (byte)'W'
                    ? (ignored >= 0 ? CommandOutcome.Ok : CommandOutcome.SyntaxError)
                    : CommandOutcome.SyntaxError;
            }

            if (command == (byte)'S')
            {
                return ExecuteSParameter(line, ref p);
            }

            int value = ReadBasicNumber(line, ref p, 0);
            if (value < 0)
            {
                return CommandOutcome.SyntaxError;
            }

            switch (command)
            {
                case (byte)'E':
                    if (value > 1)
                    {
                        return CommandOutcome.SyntaxError;
                    }

                    echo = value == 1; // V.250 6.2.4
                    return CommandOutcome.Ok;
                case (byte)'V':
                    if (value > 1)
                    {
                        return CommandOutcome.SyntaxError;
                    }

                    verbose = value == 1; // V.250 6.2.6
                    return CommandOutcome.Ok;
                case (byte)'Q':
                    if (value > 1)
                    {
                        return CommandOutcome.SyntaxError;
                    }

                    quiet = value == 1; // V.250 6.2.5
                    return CommandOutcome.Ok;
                case (byte)'Z':
                    ResetSettings(); // V.250 6.1.1
                    return CommandOutcome.Ok;
                case (byte)'I':
                    // V.250 6.1.3: identification text.
                    Info(options.Manufacturer);
                    Info(options.Model);
                    Info("Revision: " + options.Revision);
                    return CommandOutcome.Ok;
                case (byte)'X':
                case (byte)'L':
                case (byte)'M':
                case (byte)'H':
                    return CommandOutcome.Ok;
                default:
                    return CommandOutcome.SyntaxError;
            }
        }

        /// <summary>V.250 5.3.2: Sn? reads (three decimal digits), Sn=v writes; S3 and S4 change the framing.</summary>
        private CommandOutcome ExecuteSParameter(byte[] line, ref int p)
        {
            int register = ReadBasicNumber(line, ref p, -1);
            if (register < 0 || p >= line.Length)
            {
                return CommandOutcome.SyntaxError;
            }

            if (line[p] == (byte)'?')
            {
                p++;
                int current = register == 3 ? assembler.LineTerminator : register == 4 ? assembler.ResponseFormatting : register == 5 ? 8 : -1;
                if (current < 0)
                {
                    return CommandOutcome.SyntaxError;
                }

                Info(current.ToString("D3", CultureInfo.InvariantCulture));
                return CommandOutcome.Ok;
            }

            if (line[p] != (byte)'=')
            {
                return CommandOutcome.SyntaxError;
            }

            p++;
            int value = ReadBasicNumber(line, ref p, -1);
            if (value < 0 || value > 127)
            {
                return CommandOutcome.SyntaxError;
            }

            switch (register)
            {
                case 3:
                    assembler.LineTerminator = (byte)value; // V.250 6.2.1
                    return CommandOutcome.Ok;
                case 4:
                    assembler.ResponseFormatting = (byte)value; // V.250 6.2.2
                    return CommandOutcome.Ok;
                case 5:
                case 0:
                case 7:
                case 8:
                case 10:
                    return CommandOutcome.Ok;
                default:
                    return CommandOutcome.SyntaxError;
            }
        }

        /// <summary>Reads an optional decimal number; fallback when there is none; -1 when too long.</summary>
        private static int ReadBasicNumber(byte[] line, ref int p, int fallback)
        {
            int value = 0;
            int digits = 0;
            while (p < line.Length && AtAscii.IsDigit(line[p]))
            {
                value = (value * 10) + (line[p] - '0');
                digits++;
                p++;
                if (digits > 6)
                {
                    return -1;
                }
            }

            return digits == 0 ? fallback : value;
        }

        private void ResetSettings()
        {
            echo = true;
            verbose = true;
            quiet = false;
            errorMode = 0;
            assembler.LineTerminator = AtAscii.CarriageReturn;
            assembler.ResponseFormatting = AtAscii.LineFeed;
            registrationModes[0] = 0;
            registrationModes[1] = 0;
            registrationModes[2] = 0;
        }

        private Task<CommandOutcome> DispatchAsync(string name, CommandForm form, AtReader parameters, CancellationToken token)
        {
            switch (name)
            {
                case "+CMEE":
                    return Task.FromResult(ErrorReporting(form, parameters));
                case "+CMGF":
                    return Task.FromResult(MessageFormat(form, parameters));
                case "+CSMS":
                    return Task.FromResult(MessageService(form, parameters));
                case "+CGMI":
                case "+GMI":
                    return Task.FromResult(Identification(form, parameters, options.Manufacturer));
                case "+CGMM":
                case "+GMM":
                    return Task.FromResult(Identification(form, parameters, options.Model));
                case "+CGMR":
                case "+GMR":
                    return Task.FromResult(Identification(form, parameters, options.Revision));
                case "+CGSN":
                case "+GSN":
                    return Task.FromResult(Identification(form, parameters, options.Imei));
                case "+CIMI":
                    return Task.FromResult(Imsi(form, parameters));
                case "+CEER":
                    return Task.FromResult(ExtendedError(form, parameters));
                case "+CPIN":
                    return Task.FromResult(Pin(form, parameters));
                case "+CFUN":
                    return Task.FromResult(Functionality(form, parameters));
                case "+CSIM":
                    return GenericSimAccessAsync(form, parameters, token);
                case "+CRSM":
                    return RestrictedSimAccessAsync(form, parameters, token);
                case "+M2MSIM":
                    return Task.FromResult(RemoteSimAnswer(form, parameters));
                case "+M2MSIMSEL": // RemoteSimMessage.SelectCommand
                    return Task.FromResult(SimSelection(form, parameters));
                case "+COPS":
                    return Task.FromResult(OperatorSelection(form, parameters));
                case "+CREG":
                    return Task.FromResult(RegistrationReporting(form, parameters, RegistrationKind.Circuit));
                case "+CGREG":
                    return Task.FromResult(RegistrationReporting(form, parameters, RegistrationKind.Gprs));
                case "+CEREG":
                    return Task.FromResult(RegistrationReporting(form, parameters, RegistrationKind.Eps));
                case "+CSQ":
                    return Task.FromResult(SignalQuality(form, parameters));
                case "+CGDCONT":
                    return Task.FromResult(DefineContext(form, parameters));
                case "+CGATT":
                    return Task.FromResult(Attach(form, parameters));
                case "+CGACT":
                    return Task.FromResult(Activate(form, parameters));
                case "+CCERTDOWN":
                    return Task.FromResult(CertificateDownload(form, parameters));
                case "+CCERTLIST":
                    return Task.FromResult(CertificateList(form, parameters));
                case "+CCERTDELE":
                    return Task.FromResult(CertificateDelete(form, parameters));
                case "+CSSLCFG":
                    return Task.FromResult(SslConfiguration(form, parameters));
                case "+HTTPINIT":
                    return Task.FromResult(HttpInit(form, parameters));
                case "+HTTPTERM":
                    return Task.FromResult(HttpTerm(form, parameters));
                case "+HTTPPARA":
                    return Task.FromResult(HttpParameter(form, parameters));
                case "+HTTPDATA":
                    return Task.FromResult(HttpData(form, parameters));
                case "+HTTPACTION":
                    return Task.FromResult(HttpAction(form, parameters));
                case "+HTTPREAD":
                    return Task.FromResult(HttpRead(form, parameters));
                default:
                    return Task.FromResult(CommandOutcome.SyntaxError);
            }
        }

        /// <summary>AT+CMEE (TS 27.007 9.1): 0 ERROR, 1 numeric, 2 verbose.</summary>
        private CommandOutcome ErrorReporting(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    Info("+CMEE: " + errorMode.ToString(CultureInfo.InvariantCulture));
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CMEE: (0-2)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    if (!parameters.TryReadOptionalInt(0, 2, out int mode) || !parameters.TryEnd())
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    errorMode = mode < 0 ? 0 : mode;
                    return CommandOutcome.Ok;
                default:
                    errorMode = 0;
                    return CommandOutcome.Ok;
            }
        }

        /// <summary>
        /// +CMGF (TS 27.005 3.2.3): message format. The modem carries no SMS, but phone tools (gsmctl) set PDU
        /// mode at start-up and stop on ERROR, so PDU mode (0) is accepted and reported; text mode is refused.
        /// </summary>
        private CommandOutcome MessageFormat(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    Info("+CMGF: 0");
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CMGF: (0)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    if (!parameters.TryReadOptionalInt(0, 0, out _) || !parameters.TryEnd())
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    return CommandOutcome.Ok;
                default:
                    return CommandOutcome.Ok;
            }
        }

        /// <summary>
        /// +CSMS (TS 27.005 3.2.1): message service 0 (GSM 03.40/03.41 phase 2), with mobile terminated, mobile
        /// originated and broadcast types reported as supported, as a phone tool's start-up query expects.
        /// </summary>
        private CommandOutcome MessageService(CommandForm form, AtReader parameters)
        {
            switch (form)
            {
                case CommandForm.Read:
                    Info("+CSMS: 0,1,1,1");
                    return CommandOutcome.Ok;
                case CommandForm.Test:
                    Info("+CSMS: (0)");
                    return CommandOutcome.Ok;
                case CommandForm.Set:
                    if (!parameters.TryReadOptionalInt(0, 0, out _) || !parameters.TryEnd())
                    {
                        return CommandOutcome.Cme(CmeError.IncorrectParameters);
                    }

                    Info("+CSMS: 1,1,1");
                    return CommandOutcome.Ok;
                default:
                    return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }
        }

        /// <summary>+CGMI/+CGMM/+CGMR/+CGSN (TS 27.007 5.1-5.4): the text alone on its line.</summary>
        private CommandOutcome Identification(CommandForm form, AtReader parameters, string text)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            Info(text);
            return CommandOutcome.Ok;
        }

        /// <summary>+CIMI (TS 27.007 5.6): the IMSI read from the SIM at power-on.</summary>
        private CommandOutcome Imsi(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            int error = SimError();
            if (error != 0)
            {
                return CommandOutcome.Cme(error);
            }

            Info(simInfo.Imsi);
            return CommandOutcome.Ok;
        }

        /// <summary>+CEER (TS 27.007 6.10): the last registration or data failure, as text.</summary>
        private CommandOutcome ExtendedError(CommandForm form, AtReader parameters)
        {
            if (form == CommandForm.Test)
            {
                return CommandOutcome.Ok;
            }

            if (form != CommandForm.Action || !parameters.IsAtEnd)
            {
                return CommandOutcome.Cme(CmeError.IncorrectParameters);
            }

            Info("+CEER: \"" + lastError + "\"");
            return CommandOutcome.Ok;
        }
    }
}

using System;
using System.Threading;

namespace M2MDevice.Emulator.Faults
{
    /// <summary>
    /// What a <see cref="FaultyModemStream"/> does wrong, seeded (issue 7 part 2): per line from the modem the chance of
    /// dropping one byte and of sending a URC twice; per command line from the device the chance that the answer comes
    /// late (held until the device has given up and sent its next command) or never; and a modem reset when the device
    /// sends a given command for the n-th time (mid-download: AT+HTTPREAD). One plan outlives the modem instances of a
    /// device (a reset starts a new modem, the plan goes on), so its random stream and counters span the whole run.
    /// Thread-safe: the modem's reader and writer threads draw from it.
    /// </summary>
    public sealed class ModemFaultPlan
    {
        private readonly object gate = new object();
        private readonly Random random;
        private int injected;
        private int droppedBytes;
        private int duplicatedUrcs;
        private int lateAnswers;
        private int lostAnswers;
        private int modemResets;
        private int resetCommandsSeen;
        private int readsSeen;
        private volatile bool enabled = true;

        /// <summary>Creates a plan whose choices come from seed.</summary>
        public ModemFaultPlan(int seed)
        {
            this.Seed = seed;
            this.random = new Random(seed);
        }

        /// <summary>The seed of the choices.</summary>
        public int Seed { get; }

        /// <summary>Chance (0..1) that one byte of a line (or of an AT+HTTPREAD payload) from the modem is dropped.</summary>
        public double DropByteRate { get; set; }

        /// <summary>Chance (0..1) that a URC line (+CREG, +CEREG, +HTTPACTION, +M2MSIM, +CPIN ...) is sent twice.</summary>
        public double DuplicateUrcRate { get; set; }

        /// <summary>Chance (0..1) that the answer to a command is held until the device sends its next command line.</summary>
        public double LateAnswerRate { get; set; }

        /// <summary>Chance (0..1) that the answer to a command never comes.</summary>
        public double LostAnswerRate { get; set; }

        /// <summary>Faults injected at most (resets excluded); then the modem behaves. Default: no limit.</summary>
        public int MaxFaults { get; set; } = int.MaxValue;

        /// <summary>Command line prefix whose sending resets the modem (e.g. "AT+HTTPREAD"), or null for no reset.</summary>
        public string ResetOnCommand { get; set; }

        /// <summary>The first occurrence of <see cref="ResetOnCommand"/> (1-based) that resets the modem.</summary>
        public int ResetAtOccurrence { get; set; } = 1;

        /// <summary>Resets at most, counted from <see cref="ResetAtOccurrence"/> on every occurrence. Default 1.</summary>
        public int MaxResets { get; set; } = 1;

        /// <summary>
        /// The AT+HTTPREAD (1-based, counted over the whole run) whose payload loses one byte in its middle, or 0 for
        /// none: with the default flow the 4th read carries the USIM package. Counted as a dropped byte, outside the budget.
        /// </summary>
        public int DropPayloadByteOfRead { get; set; }

        /// <summary>False stops every fault (resets included) from now on: "the faults stop".</summary>
        public bool Enabled
        {
            get => this.enabled;
            set => this.enabled = value;
        }

        /// <summary>Faults injected so far (resets excluded).</summary>
        public int Injected => Volatile.Read(ref this.injected);

        /// <summary>Bytes dropped.</summary>
        public int DroppedBytes => Volatile.Read(ref this.droppedBytes);

        /// <summary>URC lines sent twice.</summary>
        public int DuplicatedUrcs => Volatile.Read(ref this.duplicatedUrcs);

        /// <summary>Answers held until the device had moved on.</summary>
        public int LateAnswers => Volatile.Read(ref this.lateAnswers);

        /// <summary>Answers never sent.</summary>
        public int LostAnswers => Volatile.Read(ref this.lostAnswers);

        /// <summary>Modem resets.</summary>
        public int ModemResets => Volatile.Read(ref this.modemResets);

        /// <summary>A one-line summary of the counters.</summary>
        public override string ToString()
        {
            return $"seed {this.Seed}: {this.DroppedBytes} dropped bytes, {this.DuplicatedUrcs} duplicated URCs, {this.LateAnswers} late answers, {this.LostAnswers} lost answers, {this.ModemResets} modem resets";
        }

        /// <summary>Draws whether a fault of kind happens now (rate, budget and switch permitting) and counts it.</summary>
        internal bool Roll(ModemFaultKind kind)
        {
            double rate = kind switch
            {
                ModemFaultKind.DroppedByte => this.DropByteRate,
                ModemFaultKind.DuplicatedUrc => this.DuplicateUrcRate,
                ModemFaultKind.LateAnswer => this.LateAnswerRate,
                ModemFaultKind.LostAnswer => this.LostAnswerRate,
                _ => 0,
            };
            if (!this.enabled || rate <= 0)
            {
                return false;
            }

            lock (this.gate)
            {
                if (this.injected >= this.MaxFaults || this.random.NextDouble() >= rate)
                {
                    return false;
                }

                this.injected++;
                switch (kind)
                {
                    case ModemFaultKind.DroppedByte:
                        this.droppedBytes++;
                        break;
                    case ModemFaultKind.DuplicatedUrc:
                        this.duplicatedUrcs++;
                        break;
                    case ModemFaultKind.LateAnswer:
                        this.lateAnswers++;
                        break;
                    default:
                        this.lostAnswers++;
                        break;
                }

                return true;
            }
        }

        /// <summary>A position in 0..count-1 from the plan's stream.</summary>
        internal int Next(int count)
        {
            lock (this.gate)
            {
                return this.random.Next(count);
            }
        }

        /// <summary>Counts an AT+HTTPREAD; true when its payload is to lose a byte.</summary>
        internal bool TakeRead()
        {
            lock (this.gate)
            {
                this.readsSeen++;
                if (!this.enabled || this.readsSeen != this.DropPayloadByteOfRead)
                {
                    return false;
                }

                this.droppedBytes++;
                return true;
            }
        }

        /// <summary>Counts an occurrence of the reset command; true when this one resets the modem.</summary>
        internal bool TakeReset(string commandLine)
        {
            if (!this.enabled || this.ResetOnCommand == null || !commandLine.StartsWith(this.ResetOnCommand, StringComparison.Ordinal))
            {
                return false;
            }

            lock (this.gate)
            {
                this.resetCommandsSeen++;
                if (this.resetCommandsSeen < this.ResetAtOccurrence || this.modemResets >= this.MaxResets)
                {
                    return false;
                }

                this.modemResets++;
                return true;
            }
        }
    }
}

namespace M2MDevice.At
{
    /// <summary>What <see cref="AtLineAssembler.Advance"/> produced.</summary>
    public enum AtTokenKind
    {
        /// <summary>The input was consumed without completing a token: more bytes are needed.</summary>
        None = 0,

        /// <summary>A complete, non-blank line (terminator excluded) in <see cref="AtLineAssembler.LineBuffer"/>.</summary>
        Line = 1,

        /// <summary>A line equal to the armed echo text (<see cref="AtLineAssembler.ExpectEcho"/>); same storage as Line.</summary>
        Echo = 2,

        /// <summary>The payload prompt: '&gt;' at the start of a line, with one following space swallowed.</summary>
        Prompt = 3,

        /// <summary>Raw payload bytes of a data phase, in the caller's input at DataOffset/DataCount.</summary>
        Data = 4,

        /// <summary>A line exceeded the maximum length; its bytes up to the next terminator are discarded.</summary>
        Overflow = 5,
    }
}
